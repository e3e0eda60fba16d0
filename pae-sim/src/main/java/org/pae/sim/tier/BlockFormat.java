package org.pae.sim.tier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The block-trace formats, each a reader's constructor; named on the command line as {@code
 * FORMAT:PATH}. gzip and xz are detected from the content.
 */
public enum BlockFormat {
  /** cache2k web traces: big-endian int32 keys ({@link Cache2kReader}). */
  CACHE2K(Cache2kReader::new),
  /** LIRS traces: one block number a line ({@link LirsReader}). */
  LIRS(LirsReader::new),
  /** CloudPhysics {@code version,time,op,size,lbn} CSV ({@link CloudPhysicsReader}). */
  CLOUDPHYSICS(CloudPhysicsReader::new);

  @FunctionalInterface
  private interface Opener {
    RequestReader open(Path file) throws IOException;
  }

  private final Opener opener;

  BlockFormat(Opener opener) {
    this.opener = opener;
  }

  /** A lazy reader of the file's requests; close it. */
  public RequestReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("block trace " + file + " is not a readable file");
    }
    return opener.open(file);
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A format by name, case-insensitively; an unknown one is refused naming the known ones. */
  public static BlockFormat parse(String name) {
    for (BlockFormat f : values()) {
      if (f.key().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown block-trace format '" + name + "'; known: " + known());
  }

  /** Reads {@code FORMAT:PATH} whole into memory. */
  public static BlockTrace load(String spec) throws IOException {
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "a block trace is FORMAT:PATH, e.g. cache2k:../shared/data/block-traces/cache2k/web07.trace.xz;"
              + " formats: "
              + known()
              + "; got '"
              + spec
              + "'");
    }
    BlockFormat format = parse(spec.substring(0, colon));
    Path file = Path.of(spec.substring(colon + 1));
    try (RequestReader r = format.open(file)) {
      return BlockTrace.read(org.pae.sim.trace.Inputs.baseName(file), r);
    }
  }

  private static String known() {
    return Arrays.stream(values()).map(BlockFormat::key).collect(Collectors.joining(", "));
  }
}
