package org.pae.sim.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Opening trace files: compression is detected from the content's magic bytes, not the name. */
public final class Inputs {
  private static final byte[] GZIP = {(byte) 0x1f, (byte) 0x8b};
  private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

  private Inputs() {}

  /** A reader of the file's text, decompressing gzip or xz when its first bytes say so. */
  public static BufferedReader open(Path file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(openBytes(file), StandardCharsets.UTF_8), 1 << 16);
  }

  /** The file's bytes, decompressing gzip or xz when its first bytes say so. */
  public static InputStream openBytes(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      raw.mark(XZ.length);
      byte[] head = raw.readNBytes(XZ.length);
      raw.reset();
      InputStream in;
      if (startsWith(head, GZIP)) {
        in = new GZIPInputStream(raw, 1 << 16);
      } else if (startsWith(head, XZ)) {
        in = new XZInputStream(raw);
      } else {
        in = raw;
      }
      return in;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  private static boolean startsWith(byte[] head, byte[] magic) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (head[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The regular files under {@code path} (itself if it is a file), in natural name order ({@code 2}
   * before {@code 10}), skipping hidden files and {@code README}s.
   */
  public static List<Path> files(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new TraceException("trace path " + path + " does not exist", null);
    }
    try (Stream<Path> all = Files.walk(path)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(
              p ->
                  !p.getFileName()
                      .toString()
                      .toUpperCase(java.util.Locale.ROOT)
                      .startsWith("README"))
          .sorted(Comparator.comparing((Path p) -> path.relativize(p).toString(), Inputs::natural))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /** The file name without its extensions: {@code 17} for {@code 17.csv.gz}. */
  public static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Compares names so that digit runs compare as numbers. */
  public static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c =
            na.length() != nb.length()
                ? Integer.compare(na.length(), nb.length())
                : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
