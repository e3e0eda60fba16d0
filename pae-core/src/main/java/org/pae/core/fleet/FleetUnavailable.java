package org.pae.core.fleet;

/** The fleet's store could not be reached, or an exchange with it did not complete. */
public final class FleetUnavailable extends RuntimeException {
  public FleetUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
