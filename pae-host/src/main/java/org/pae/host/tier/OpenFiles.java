package org.pae.host.tier;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The files under some roots that processes hold open, read from {@code /proc/<pid>/fd} (each
 * descriptor links to the file it opened: the tier path when it was opened through a managed link)
 * and {@code /proc/<pid>/fdinfo} (whose {@code flags} give the access mode). What the tiers learn
 * of accesses and of writers: an open seen in a scan counts as one access, and a file open for
 * writing is not moved. Processes PAE may not inspect (another user's, without the privilege) are
 * not seen: run the daemon as the files' owner or as root.
 */
public final class OpenFiles {
  private static final int ACCESS_MODE = 3; // O_ACCMODE: O_RDONLY 0, O_WRONLY 1, O_RDWR 2
  private static final String DELETED = " (deleted)";

  /** One open descriptor: the process, the descriptor, the file and whether it may write. */
  public record Handle(long pid, int fd, Path file, boolean writing) {}

  private final Path proc;

  /** Reads {@code proc} ({@code /proc} on a live host). */
  public OpenFiles(Path proc) {
    this.proc = proc;
  }

  /** The descriptors open now on files under any of {@code roots}. */
  public List<Handle> under(List<Path> roots) throws IOException {
    List<Handle> out = new ArrayList<>();
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        scan(pid, roots, out);
      }
    }
    return out;
  }

  /** The files of {@code handles} open for writing. */
  public static Set<Path> writing(List<Handle> handles) {
    return handles.stream().filter(Handle::writing).map(Handle::file).collect(Collectors.toSet());
  }

  private static void scan(Path pid, List<Path> roots, List<Handle> out) {
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
      for (Path fd : fds) {
        Path file = Files.readSymbolicLink(fd);
        // A descriptor on a file since removed (the source of a finished move) reads "<path>
        // (deleted)": not a file on the tiers any more.
        if (roots.stream().anyMatch(file::startsWith) && !file.toString().endsWith(DELETED)) {
          out.add(
              new Handle(
                  Long.parseLong(pid.getFileName().toString()),
                  Integer.parseInt(fd.getFileName().toString()),
                  file,
                  writing(pid, fd)));
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
