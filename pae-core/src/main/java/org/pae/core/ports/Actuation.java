package org.pae.core.ports;

import java.util.Objects;
import org.pae.core.allocate.Decision;

/**
 * What became of one decision at the actuator.
 *
 * @param decision the decision
 * @param status applied, recommended only, or failed
 * @param detail for a failure, why (the write that failed and the error); empty otherwise
 */
public record Actuation(Decision decision, Status status, String detail) {
  public enum Status {
    APPLIED,
    RECOMMENDED,
    FAILED
  }

  public Actuation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }
}
