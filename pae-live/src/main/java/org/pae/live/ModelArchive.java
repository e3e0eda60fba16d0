package org.pae.live;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model's directory as one array of bytes, as the fleet store keeps a published model: the
 * directory's files in the order of their names, each its name, length and content, after a magic
 * number. A directory of directories is refused; so is an archive whose names would leave the
 * directory it is unpacked into, or whose lengths run past its end.
 */
final class ModelArchive {
  private static final int MAGIC = 0x5041454d; // "PAEM"

  private ModelArchive() {}

  /** The files of {@code dir}. */
  static byte[] pack(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(files.size());
      for (Path f : files) {
        if (!Files.isRegularFile(f)) {
          throw new IOException("a model's directory holds files only: " + f);
        }
        byte[] content = Files.readAllBytes(f);
        out.writeUTF(f.getFileName().toString());
        out.writeInt(content.length);
        out.write(content);
      }
    }
    return bytes.toByteArray();
  }

  /** Writes the files of {@code archive} into {@code dir} (created). */
  static void unpack(byte[] archive, Path into) throws IOException {
    Path dir = Files.createDirectories(into).toAbsolutePath().normalize();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(archive))) {
      if (in.readInt() != MAGIC) {
        throw new IOException("not a model archive: it does not start with PAEM");
      }
      int n = in.readInt();
      if (n < 0) {
        throw new IOException("a model archive of " + n + " files");
      }
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        Path f = dir.resolve(name).normalize();
        if (name.isEmpty() || !dir.equals(f.getParent())) {
          throw new IOException("a model archive's file name out of its directory: " + name);
        }
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IOException("a model archive cut short, in " + name);
        }
        Files.write(f, in.readNBytes(length));
      }
      if (in.available() > 0) {
        throw new IOException("a model archive with " + in.available() + " bytes past its end");
      }
    }
  }

  /** Removes {@code dir} and what it holds; what cannot be removed stays. */
  static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A scratch directory left behind holds a model's copy and nothing else.
    }
  }
}
