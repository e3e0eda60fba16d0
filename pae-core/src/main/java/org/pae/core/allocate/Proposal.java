package org.pae.core.allocate;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a series policy wants before the loop's bounds: a new allocation, or to keep the current
 * one.
 */
public record Proposal(OptionalDouble target, Rule rule, Optional<Evidence> evidence) {
  public Proposal {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(evidence, "evidence");
    if (target.isPresent() && !(target.getAsDouble() >= 0)) {
      throw new IllegalArgumentException("a proposed allocation must be >= 0: " + target);
    }
  }

  public static Proposal hold(Rule rule, Evidence evidence) {
    return new Proposal(OptionalDouble.empty(), rule, Optional.ofNullable(evidence));
  }

  public static Proposal resize(double target, Rule rule, Evidence evidence) {
    return new Proposal(OptionalDouble.of(target), rule, Optional.ofNullable(evidence));
  }
}
