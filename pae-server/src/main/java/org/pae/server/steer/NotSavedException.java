package org.pae.server.steer;

import java.io.Serial;

/**
 * A change operators made could not be kept in the history store: it was not applied, and the API
 * answers 503 so that the caller knows to try again.
 */
public final class NotSavedException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  NotSavedException(String what, RuntimeException cause) {
    super(what + " was not saved, nothing changed: " + cause.getMessage(), cause);
  }
}
