package org.pae.sim.tier;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import org.pae.sim.trace.Inputs;
import org.pae.sim.trace.TraceException;

/**
 * LIRS traces: one integer block number a line. Blank lines and the {@code *} lines (the LIRS
 * simulator's breakpoints for printing its stacks, not requests) are skipped.
 */
final class LirsReader implements RequestReader {
  private final Path file;
  private final BufferedReader in;
  private long line;
  private long key;

  LirsReader(Path file) throws IOException {
    this.file = file;
    this.in = Inputs.open(file);
  }

  @Override
  public boolean next() throws IOException {
    String s;
    while ((s = in.readLine()) != null) {
      line++;
      s = s.strip();
      if (s.isEmpty() || s.equals("*")) {
        continue;
      }
      try {
        key = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new TraceException(file, line, "not a block number: '" + s + "'");
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
    return Double.NaN;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
