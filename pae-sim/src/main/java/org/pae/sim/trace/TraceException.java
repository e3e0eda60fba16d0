package org.pae.sim.trace;

import java.nio.file.Path;

/** A trace that cannot be read as its format says: names the file and, where known, the line. */
public final class TraceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TraceException(String message, Throwable cause) {
    super(message, cause);
  }

  public TraceException(Path file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
  }
}
