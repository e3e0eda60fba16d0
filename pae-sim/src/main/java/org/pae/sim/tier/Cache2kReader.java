package org.pae.sim.tier;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import org.pae.sim.trace.Inputs;
import org.pae.sim.trace.TraceException;

/** cache2k traces: big-endian 32-bit integer keys back to back (xz detected from the content). */
final class Cache2kReader implements RequestReader {
  private final Path file;
  private final DataInputStream in;
  private long key;
  private long read;

  Cache2kReader(Path file) throws IOException {
    this.file = file;
    this.in = new DataInputStream(new BufferedInputStream(Inputs.openBytes(file), 1 << 16));
  }

  @Override
  public boolean next() throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return false;
    }
    try {
      key = (b0 << 24) | (in.readUnsignedByte() << 16) | in.readUnsignedShort();
    } catch (EOFException e) {
      throw new TraceException(
          file + ": ends inside a 4-byte key after " + read + " keys (not a cache2k trace?)", e);
    }
    read++;
    return true;
  }

  @Override
  public long key() {
    return key;
  }

  @Override
  public double time() {
    return Double.NaN;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
