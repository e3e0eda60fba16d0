package org.pae.store;

/**
 * The history store could not be read or written; the message says what and why, with any password
 * of its connection string hidden.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(Credentials.redact(message), cause);
  }
}
