package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which cgroup hierarchies this host mounts, read from {@code /proc/self/mountinfo}: the mount of
 * each cgroup v1 controller, and the cgroup v2 mount with the controllers it offers. PAE uses v1
 * for a resource whose controller is mounted there (this machine: every v1 controller, with a v2
 * mount that offers none), else v2 if it offers the controller.
 *
 * @param v1 the mount point of each v1 controller ({@code memory}, {@code cpu}, {@code cpuacct},
 *     {@code blkio}, ...)
 * @param v2 the cgroup2 mount point, if any
 * @param v2Controllers the controllers the v2 root offers ({@code cgroup.controllers})
 */
public record CgroupHierarchy(Map<String, Path> v1, Optional<Path> v2, Set<String> v2Controllers) {
  public CgroupHierarchy {
    v1 = Map.copyOf(v1);
    v2Controllers = Set.copyOf(v2Controllers);
  }

  /** The v1 controllers PAE reads and writes. */
  static final List<String> V1_CONTROLLERS = List.of("memory", "cpu", "cpuacct", "blkio");

  /** The v2 controllers PAE reads and writes. */
  static final List<String> V2_CONTROLLERS = List.of("memory", "cpu", "io");

  /** Reads {@code mountinfo} (normally {@code /proc/self/mountinfo}). */
  public static CgroupHierarchy detect(Path mountinfo) {
    Map<String, Path> v1 = new TreeMap<>();
    Path v2 = null;
    try {
      for (String line : Files.readAllLines(mountinfo)) {
        int dash = line.indexOf(" - ");
        if (dash < 0) {
          continue;
        }
        String[] before = line.substring(0, dash).split(" ");
        String[] after = line.substring(dash + 3).split(" ");
        Path mount = Path.of(unescape(before[4]));
        if (after[0].equals("cgroup2")) {
          v2 = mount;
        } else if (after[0].equals("cgroup") && after.length > 2) {
          for (String option : after[2].split(",")) {
            if (V1_CONTROLLERS.contains(option)) {
              v1.put(option, mount);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot read " + mountinfo + ": " + e.getMessage(), e);
    }
    Set<String> offered = new TreeSet<>();
    if (v2 != null) {
      try {
        offered.addAll(
            Arrays.asList(Files.readString(v2.resolve("cgroup.controllers")).trim().split("\\s+")));
        offered.remove("");
      } catch (IOException e) {
        // A cgroup2 mount without a readable controllers file offers nothing PAE can use.
        offered.clear();
      }
    }
    return new CgroupHierarchy(v1, Optional.ofNullable(v2), offered);
  }

  /** This host's hierarchy. */
  public static CgroupHierarchy host() {
    return detect(Path.of("/proc/self/mountinfo"));
  }

  /** Mountinfo escapes spaces and the like as octal ({@code \040}). */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length()) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Whether v1 mounts the controllers for memory and CPU: then every cgroup is a v1 one. */
  public boolean usesV1() {
    return v1.containsKey("memory") || v1.containsKey("cpu");
  }

  /**
   * The cgroup at {@code path} (from the hierarchy's root, {@code /pae/vm1}) in the hierarchy PAE
   * uses here.
   *
   * @throws IllegalStateException if neither hierarchy offers a controller PAE can use
   */
  public Cgroup cgroup(String path) {
    String p = normalise(path);
    if (usesV1()) {
      return new CgroupV1(p, v1);
    }
    if (v2.isPresent() && V2_CONTROLLERS.stream().anyMatch(v2Controllers::contains)) {
      return new CgroupV2(p, v2.get(), v2Controllers);
    }
    throw new IllegalStateException(
        "no cgroup controller PAE can use: no v1 memory or cpu controller is mounted, and the v2"
            + " mount "
            + v2.map(Path::toString).orElse("(none)")
            + " offers none of "
            + V2_CONTROLLERS);
  }

  /** Every cgroup below the root of the memory (or, lacking it, cpu) hierarchy, as paths. */
  public List<String> all() {
    Path root =
        usesV1()
            ? v1.getOrDefault("memory", v1.get("cpu"))
            : v2.orElseThrow(() -> new IllegalStateException("no cgroup hierarchy is mounted"));
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isDirectory)
          .filter(d -> !d.equals(root))
          .map(d -> "/" + root.relativize(d).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new SourceUnavailableException("cannot list cgroups under " + root, e);
    }
  }

  /** {@code pae/vm1/} becomes {@code /pae/vm1}; {@code ..} is refused. */
  public static String normalise(String path) {
    String p = path.trim();
    if (!p.startsWith("/")) {
      p = "/" + p;
    }
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals("/") || Arrays.asList(p.split("/")).contains("..")) {
      throw new IllegalArgumentException(
          "a cgroup path names one below the root, without '..': '" + path + "'");
    }
    return p;
  }
}
