package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.pae.core.model.Resource;

/**
 * A cgroup v2: one directory. Memory: {@code memory.current} less {@code inactive_file}, limited by
 * {@code memory.high} (PAE's allocation: the kernel reclaims above it) with {@code memory.max} a
 * margin above (the hard wall, so a burst past the allocation is slowed rather than killed). CPU:
 * {@code usage_usec} of {@code cpu.stat}, limited by {@code cpu.max}. Disk: {@code rbytes} + {@code
 * wbytes} of {@code io.stat}, limited by {@code rbps}/{@code wbps} of {@code io.max} on the devices
 * it has used. Creating one enables PAE's controllers in its parent's {@code
 * cgroup.subtree_control}.
 */
public final class CgroupV2 implements Cgroup {
  /** memory.max stands this far above memory.high. */
  static final double MAX_OVER_HIGH = 1.1;

  private final String path;
  private final Path root;
  private final Set<String> controllers;

  private final ControlFile current;
  private final ControlFile stat;
  private final ControlFile cpuStat;
  private final ControlFile ioStat;

  CgroupV2(String path, Path root, Set<String> controllers) {
    this.path = path;
    this.root = root;
    this.controllers = Set.copyOf(controllers);
    current = new ControlFile(dir().resolve("memory.current"));
    stat = new ControlFile(dir().resolve("memory.stat"));
    cpuStat = new ControlFile(dir().resolve("cpu.stat"));
    ioStat = new ControlFile(dir().resolve("io.stat"));
  }

  private Path dir() {
    return root.resolve(path.substring(1));
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Set<Resource> resources() {
    Set<Resource> out = EnumSet.noneOf(Resource.class);
    if (controllers.contains("memory")) {
      out.add(Resource.MEMORY);
    }
    if (controllers.contains("cpu")) {
      out.add(Resource.CPU);
    }
    if (controllers.contains("io")) {
      out.add(Resource.DISK_IO);
    }
    return out;
  }

  @Override
  public boolean exists() {
    return Files.isDirectory(dir());
  }

  @Override
  public Set<Resource> present() {
    Set<Resource> out = EnumSet.noneOf(Resource.class);
    for (Resource r : resources()) {
      String file =
          switch (r) {
            case MEMORY -> "memory.current";
            case CPU -> "cpu.max";
            default -> "io.stat";
          };
      if (Files.exists(dir().resolve(file))) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void create() throws IOException {
    List<String> wanted = new ArrayList<>();
    for (String c : CgroupHierarchy.V2_CONTROLLERS) {
      if (controllers.contains(c)) {
        wanted.add("+" + c);
      }
    }
    Path at = root;
    for (String part : path.substring(1).split("/")) {
      Path control = at.resolve("cgroup.subtree_control");
      if (!wanted.isEmpty() && Files.exists(control)) {
        Cgroup.write(control, String.join(" ", wanted));
      }
      at = at.resolve(part);
      Files.createDirectories(at);
    }
  }

  @Override
  public void delete() throws IOException {
    Files.deleteIfExists(dir());
  }

  @Override
  public void move(long pid) throws IOException {
    Cgroup.write(dir().resolve("cgroup.procs"), Long.toString(pid));
  }

  @Override
  public List<Long> pids() throws IOException {
    return Cgroup.readPids(dir().resolve("cgroup.procs"));
  }

  @Override
  public long memoryBytes() throws IOException {
    return Math.max(0, current.readLong() - Cgroup.keyed(stat.read(), "inactive_file"));
  }

  @Override
  public long cpuNanos() throws IOException {
    return Cgroup.keyed(cpuStat.read(), "usage_usec") * 1000;
  }

  @Override
  public long ioBytes() throws IOException {
    long total = 0;
    for (String line : ioStat.read().split("\n")) {
      for (String field : line.trim().split("\\s+")) {
        if (field.startsWith("rbytes=") || field.startsWith("wbytes=")) {
          total += Long.parseLong(field.substring(7));
        }
      }
    }
    return total;
  }

  private List<String> ioDevices() throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir().resolve("io.stat"))) {
      String device = line.trim().split("\\s+")[0];
      if (device.contains(":")) {
        out.add(device);
      }
    }
    return out;
  }

  @Override
  public long oomKills() throws IOException {
    return Cgroup.keyed(dir().resolve("memory.events"), "oom_kill");
  }

  @Override
  public double limit(Resource r) throws IOException {
    return switch (r) {
      case MEMORY -> {
        double high = bytesOrMax(Files.readString(dir().resolve("memory.high")));
        yield Double.isInfinite(high)
            ? bytesOrMax(Files.readString(dir().resolve("memory.max")))
            : high;
      }
      case CPU -> {
        String[] f = Files.readString(dir().resolve("cpu.max")).trim().split("\\s+");
        yield f[0].equals("max")
            ? Double.POSITIVE_INFINITY
            : Long.parseLong(f[0]) * 1000.0 / Long.parseLong(f[1]);
      }
      case DISK_IO -> {
        double least = Double.POSITIVE_INFINITY;
        for (String line : Files.readAllLines(dir().resolve("io.max"))) {
          for (String field : line.trim().split("\\s+")) {
            if ((field.startsWith("rbps=") || field.startsWith("wbps="))
                && !field.endsWith("=max")) {
              least = Math.min(least, Long.parseLong(field.substring(5)));
            }
          }
        }
        yield least;
      }
      default -> throw new IllegalArgumentException("cgroups do not limit " + r.key());
    };
  }

  private static double bytesOrMax(String s) {
    String v = s.trim();
    return v.equals("max") ? Double.POSITIVE_INFINITY : Long.parseLong(v);
  }

  @Override
  public void setLimit(Resource r, double value) throws IOException {
    boolean none = Double.isInfinite(value);
    switch (r) {
      case MEMORY -> {
        long high = CgroupV1.pageAligned(value);
        String max = none ? "max" : Long.toString(CgroupV1.pageAligned(value * MAX_OVER_HIGH));
        // Raise the wall before the allocation, lower the allocation before the wall.
        double before = limit(Resource.MEMORY);
        if (none || value >= before) {
          Cgroup.write(dir().resolve("memory.max"), max);
          Cgroup.write(dir().resolve("memory.high"), none ? "max" : Long.toString(high));
        } else {
          Cgroup.write(dir().resolve("memory.high"), Long.toString(high));
          Cgroup.write(dir().resolve("memory.max"), max);
        }
      }
      case CPU ->
          Cgroup.write(
              dir().resolve("cpu.max"),
              (none
                      ? "max"
                      : Long.toString(
                          Math.max(1000, Math.round(value / 1000.0 * CgroupV1.PERIOD_US))))
                  + " "
                  + CgroupV1.PERIOD_US);
      case DISK_IO -> {
        List<String> devices = ioDevices();
        if (devices.isEmpty()) {
          throw new IOException(
              "no block device to throttle: " + path + " has done no block I/O yet");
        }
        String bps = none ? "max" : Long.toString(Math.max(1, Math.round(value)));
        for (String device : devices) {
          Cgroup.write(dir().resolve("io.max"), device + " rbps=" + bps + " wbps=" + bps);
        }
      }
      default -> throw new IllegalArgumentException("cgroups do not limit " + r.key());
    }
  }

  @Override
  public String toString() {
    return "cgroup v2 " + path;
  }
}
