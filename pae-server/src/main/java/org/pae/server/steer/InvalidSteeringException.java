package org.pae.server.steer;

/** A steering request that cannot be honoured, naming the field at fault. */
public class InvalidSteeringException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidSteeringException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
