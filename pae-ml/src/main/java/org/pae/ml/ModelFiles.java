package org.pae.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Saving a retrained model over the one a running engine loaded, and a model's files as values. */
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
      delete(fresh);
    }
  }

  /** Reads a model's files from a directory. */
  @FunctionalInterface
  public interface Reader<T> {
    T from(Path dir) throws IOException;
  }

  /** The files {@code model} writes, by name (written into a scratch directory, then removed). */
  public static Map<String, byte[]> written(Writer model) throws IOException {
    Path scratch = Files.createTempDirectory("pae-model-");
    try {
      model.into(scratch);
      Map<String, byte[]> files = new TreeMap<>();
      try (Stream<Path> s = Files.list(scratch)) {
        for (Path f : s.toList()) {
          if (!Files.isRegularFile(f)) {
            throw new IOException("a model's directory holds files only: " + f.getFileName());
          }
          files.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
      }
      return files;
    } finally {
      delete(scratch);
    }
  }

  /** The model {@code reader} reads from {@code files} (written into a scratch directory). */
  public static <T> T read(Map<String, byte[]> files, Reader<T> reader) throws IOException {
    Path scratch = Files.createTempDirectory("pae-model-");
    try {
      write(files, scratch);
      return reader.from(scratch);
    } finally {
      delete(scratch);
    }
  }

  /** Writes {@code files} into {@code dir} (created). */
  public static void write(Map<String, byte[]> files, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.write(dir.resolve(f.getKey()), f.getValue());
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
