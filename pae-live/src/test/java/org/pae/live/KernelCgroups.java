package org.pae.live;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.pae.host.Cgroup;
import org.pae.host.CgroupHierarchy;

/**
 * Real cgroups for a test, under a fresh root, and the child processes in them; {@link #close}
 * kills the children and removes every cgroup it created, also after a failure. Skips the test,
 * saying why, where this host's cgroups cannot be written (not root, no v1 memory and cpu
 * controllers). Shared by the kernel tests of pae-live and pae-cli (pae-live's test jar).
 */
public final class KernelCgroups implements AutoCloseable {
  public final CgroupHierarchy hierarchy = CgroupHierarchy.host();
  public final String root =
      "/pae-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final List<Process> children = new ArrayList<>();

  public KernelCgroups() {
    Path memory = hierarchy.v1().get("memory");
    assumeTrue(
        memory != null
            && hierarchy.v1().containsKey("cpu")
            && hierarchy.v1().containsKey("cpuacct"),
        "no cgroup v1 memory, cpu and cpuacct controllers here (mounts: "
            + hierarchy
            + "); the kernel tests need them");
    assumeTrue(
        Files.isWritable(memory) && "root".equals(System.getProperty("user.name")),
        "cgroups are not writable here (needs root): skipping the kernel tests");
  }

  public Cgroup create(String relative) throws IOException {
    Cgroup c = hierarchy.cgroup(root + relative);
    c.create();
    return c;
  }

  /** Starts {@code main} of a test class in a JVM inside {@code into}, then lets it go. */
  public Process start(Cgroup into, Class<?> main, String... args) throws IOException {
    Process p = spawn(into, List.of(), main, args);
    say(p, "go");
    return p;
  }

  /**
   * Starts {@code main} of a test class in a JVM inside {@code into}, behind {@code prefix} (a
   * command that runs the rest of its arguments), and leaves it waiting for its first line.
   */
  public Process spawn(Cgroup into, List<String> prefix, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    into.move(p.pid());
    return p;
  }

  /** Writes {@code line} to the child's standard input. */
  public static void say(Process child, String line) throws IOException {
    OutputStream in = child.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Starts a command, then moves it into {@code into}. */
  public Process startCommand(Cgroup into, String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    children.add(p);
    into.move(p.pid());
    return p;
  }

  /** Kills the children, then removes every cgroup under the test's root, deepest first. */
  @Override
  public void close() throws Exception {
    for (Process p : children) {
      p.destroyForcibly();
      p.waitFor();
    }
    IOException failure = null;
    for (String controller : List.of("memory", "cpu", "cpuacct", "blkio")) {
      Path mount = hierarchy.v1().get(controller);
      Path top = mount == null ? null : mount.resolve(root.substring(1));
      if (top == null || !Files.isDirectory(top)) {
        continue;
      }
      List<Path> dirs;
      try (var walk = Files.walk(top)) {
        dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
      }
      for (Path d : dirs) {
        for (int attempt = 0; attempt < 50 && Files.exists(d); attempt++) {
          try {
            Files.deleteIfExists(d);
          } catch (IOException e) {
            // A killed process may take a moment to leave its cgroup.
            failure = e;
            Thread.sleep(20);
          }
        }
      }
      if (Files.exists(top) && failure != null) {
        throw failure;
      }
    }
  }
}
