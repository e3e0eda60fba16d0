package org.pae.server.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.allocate.Decision;
import org.pae.core.model.AccountId;
import org.pae.core.ports.Actuation;

/**
 * A decision in the log: when, whose, and what the actuator made of it (holds have no actuation).
 */
public record DecisionRecord(
    Instant time, AccountId account, Decision decision, Optional<Actuation> actuation) {
  public DecisionRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(actuation, "actuation");
  }
}
