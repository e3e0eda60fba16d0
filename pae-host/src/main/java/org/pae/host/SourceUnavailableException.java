package org.pae.host;

/** A metric source that cannot be read at all this interval (as opposed to one missing series). */
public final class SourceUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
