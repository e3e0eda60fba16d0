package org.pae.core.allocate;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a series policy wants before the loop's bounds: a new allocation, or to keep the current
 * one.
 *
 * @param target the new allocation, if any
 * @param rule the rule that fired
 * @param evidence the forecast it used
 * @param ahead what the policy would allocate for the demand it expects by the end of the outlook's
 *     hold ({@link Outlook#hold}), when that is longer than its horizon and it can tell; {@code
 *     NaN} otherwise. The churn stage sizes a change that must last to at least this.
 */
public record Proposal(
    OptionalDouble target, Rule rule, Optional<Evidence> evidence, double ahead) {
  /** A proposal that says nothing beyond its horizon. */
  public Proposal(OptionalDouble target, Rule rule, Optional<Evidence> evidence) {
    this(target, rule, evidence, Double.NaN);
  }

  public Proposal {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(evidence, "evidence");
    if (target.isPresent() && !(target.getAsDouble() >= 0)) {
      throw new IllegalArgumentException("a proposed allocation must be >= 0: " + target);
    }
    if (ahead < 0) {
      throw new IllegalArgumentException("an allocation ahead must be >= 0: " + ahead);
    }
  }

  /** The same proposal, with what it would allocate by the end of the hold. */
  public Proposal withAhead(double a) {
    return new Proposal(target, rule, evidence, a);
  }

  public static Proposal hold(Rule rule, Evidence evidence) {
    return new Proposal(OptionalDouble.empty(), rule, Optional.ofNullable(evidence));
  }

  public static Proposal resize(double target, Rule rule, Evidence evidence) {
    return new Proposal(OptionalDouble.of(target), rule, Optional.ofNullable(evidence));
  }
}
