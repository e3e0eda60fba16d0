package org.pae.core.fleet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model's files as one array of bytes, as the fleet store keeps a published model: the files in
 * the order of their names, each its name, length and content, after a magic number. An archive
 * whose names are not plain file names, or whose lengths run past its end, is refused.
 */
public final class ModelArchive {
  private static final int MAGIC = 0x5041454d; // "PAEM"

  private ModelArchive() {}

  /** The archive of {@code files}, by name. */
  public static byte[] pack(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(files.size());
      for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
        out.writeUTF(name(f.getKey()));
        out.writeInt(f.getValue().length);
        out.write(f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("an array of bytes does not fail to write", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The files of {@code archive}, by name.
   *
   * @throws IllegalArgumentException when it is no archive, or a damaged one
   */
  public static Map<String, byte[]> unpack(byte[] archive) {
    Map<String, byte[]> files = new TreeMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(archive))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a model archive: it does not start with PAEM");
      }
      int n = in.readInt();
      if (n < 0) {
        throw new IllegalArgumentException("a model archive of " + n + " files");
      }
      for (int i = 0; i < n; i++) {
        String name = name(in.readUTF());
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IllegalArgumentException("a model archive cut short, in " + name);
        }
        files.put(name, in.readNBytes(length));
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(
            "a model archive with " + in.available() + " bytes past its end");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("a model archive cut short: " + e, e);
    }
    return files;
  }

  /** {@code name}, when it names a file of a directory and nothing else. */
  private static String name(String name) {
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a model file's name: " + name);
    }
    return name;
  }
}
