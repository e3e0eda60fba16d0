package org.pae.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Saving a retrained model over the one a running engine loaded. */
public final class ModelFiles {
  private ModelFiles() {}

  /** Writes a model's files into a directory. */
  @FunctionalInterface
  public interface Writer {
    void into(Path dir) throws IOException;
  }

  /**
   * Writes the model into a fresh directory beside {@code dir}, then moves each of its files into
   * {@code dir}, each replacing its namesake atomically: a write that fails (a full disk) leaves
   * the saved model as it was.
   */
  public static void replace(Path dir, Writer model) throws IOException {
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target);
    Path fresh = Files.createTempDirectory(target.getParent(), target.getFileName() + ".new-");
    try {
      model.into(fresh);
      List<Path> files;
      try (Stream<Path> s = Files.list(fresh)) {
        files = s.sorted().toList();
      }
      for (Path f : files) {
        Files.move(
            f,
            target.resolve(f.getFileName().toString()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      try (Stream<Path> s = Files.walk(fresh)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Copies the files of {@code from} into {@code into} (created): a model as it was written. */
  public static void copy(Path from, Path into) throws IOException {
    Files.createDirectories(into);
    List<Path> files;
    try (Stream<Path> s = Files.list(from)) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      Files.copy(f, into.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
