package org.pae.server.steer;

/**
 * A steering request setting what the active policy does not read, naming the field: malformed for
 * this engine (400) rather than a value out of range (422).
 */
public final class UnusedSettingException extends InvalidSteeringException {
  private static final long serialVersionUID = 1L;

  public UnusedSettingException(String field, String message) {
    super(field, message);
  }
}
