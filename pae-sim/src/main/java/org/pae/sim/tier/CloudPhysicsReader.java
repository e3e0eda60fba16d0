package org.pae.sim.tier;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import org.pae.sim.trace.Inputs;
import org.pae.sim.trace.TraceException;

/**
 * CloudPhysics block I/O as libCacheSim ships it: CSV {@code version,time,op,size,lbn} with that
 * header; the key is {@code lbn}, one request per line whatever its size; time in seconds.
 */
final class CloudPhysicsReader implements RequestReader {
  private static final String HEADER = "version,time,op,size,lbn";
  private final Path file;
  private final BufferedReader in;
  private long line;
  private long key;
  private double time;

  CloudPhysicsReader(Path file) throws IOException {
    this.file = file;
    this.in = Inputs.open(file);
    String head = in.readLine();
    line = 1;
    if (head == null || !head.strip().equals(HEADER)) {
      in.close();
      throw new TraceException(
          file, 1, "expected the header '" + HEADER + "', found '" + head + "'");
    }
  }

  @Override
  public boolean next() throws IOException {
    String s;
    while ((s = in.readLine()) != null) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      String[] f = s.strip().split(",", -1);
      if (f.length != 5) {
        throw new TraceException(file, line, "expected 5 fields, found " + f.length + ": " + s);
      }
      try {
        time = Double.parseDouble(f[1]);
        key = Long.parseLong(f[4]);
      } catch (NumberFormatException e) {
        throw new TraceException(file, line, "time or lbn is not a number: " + s);
      }
      return true;
    }
    return false;
  }

  @Override
  public long key() {
    return key;
  }

  @Override
  public double time() {
    return time;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
