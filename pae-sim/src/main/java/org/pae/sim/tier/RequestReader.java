package org.pae.sim.tier;

import java.io.Closeable;
import java.io.IOException;

/**
 * A lazy stream of block requests read from a trace file, one at a time: {@link #next()} advances,
 * then {@link #key()} and {@link #time()} describe the current request.
 */
public interface RequestReader extends Closeable {
  /** Advances to the next request; false at the end of the trace. */
  boolean next() throws IOException;

  /** The current request's key (block number, page id). */
  long key();

  /** The current request's time in seconds, or NaN when the trace has no times. */
  double time();
}
