package org.pae.server.steer;

/** A steering request setting what the active policy does not read, naming the field. */
public final class UnusedSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public UnusedSettingException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
