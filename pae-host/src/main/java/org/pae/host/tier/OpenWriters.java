package org.pae.host.tier;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files under some roots that a process holds open for writing, read from {@code
 * /proc/<pid>/fd} (where each descriptor links to the file it opened, the tier path when it was
 * opened through a managed link) and {@code /proc/<pid>/fdinfo} (whose {@code flags} give the
 * access mode). Processes PAE may not inspect (another user's, without the privilege) are not seen:
 * run the daemon as the files' owner or as root.
 */
public final class OpenWriters {
  private static final int ACCESS_MODE = 3; // O_ACCMODE: O_RDONLY 0, O_WRONLY 1, O_RDWR 2

  private final Path proc;

  /** Reads {@code proc} ({@code /proc} on a live host). */
  public OpenWriters(Path proc) {
    this.proc = proc;
  }

  /** The files under any of {@code roots} open for writing now. */
  public Set<Path> under(List<Path> roots) throws IOException {
    Set<Path> out = new HashSet<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        scan(pid, roots, out);
      }
    }
    return out;
  }

  private static void scan(Path pid, List<Path> roots, Set<Path> out) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
      for (Path fd : fds) {
        Path file = Files.readSymbolicLink(fd);
        if (roots.stream().anyMatch(file::startsWith) && writing(pid, fd)) {
          out.add(file);
        }
      }
    } catch (IOException | SecurityException e) {
      // The process ended, or is not ours to inspect.
    }
  }

  private static boolean writing(Path pid, Path fd) throws IOException {
    for (String line : Files.readAllLines(pid.resolve("fdinfo").resolve(fd.getFileName()))) {
      if (line.startsWith("flags:")) {
        return (Integer.parseInt(line.substring(6).trim(), 8) & ACCESS_MODE) != 0;
      }
    }
    return false;
  }
}
