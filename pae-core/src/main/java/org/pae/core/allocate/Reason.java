package org.pae.core.allocate;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.pae.core.anomaly.Anomaly;

/**
 * Why a decision is what it is: the rule that fired, the usage seen, the forecast it used, and
 * every bound that changed it.
 *
 * @param rule the policy's rule
 * @param usage the usage observed at the tick; empty when none could be read
 * @param evidence the forecast the rule used, if any
 * @param caps the bounds that changed the policy's proposal
 * @param anomaly the open anomaly of the series that changed the decision (a held-out sample, a
 *     hold, a containment), if any
 */
public record Reason(
    Rule rule,
    OptionalDouble usage,
    Optional<Evidence> evidence,
    Set<Cap> caps,
    Optional<Anomaly> anomaly) {
  public Reason {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(anomaly, "anomaly");
    caps = caps.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(caps));
  }

  /** A reason no anomaly changed. */
  public Reason(Rule rule, OptionalDouble usage, Optional<Evidence> evidence, Set<Cap> caps) {
    this(rule, usage, evidence, caps, Optional.empty());
  }

  /**
   * One line for a person: {@code scale_up by ewma q0.99@5m=812.0; capped: max_step}, and {@code ;
   * anomaly: leak #3} when one changed it.
   */
  public String explain() {
    StringBuilder b = new StringBuilder(rule.name().toLowerCase(Locale.ROOT));
    evidence.ifPresent(
        e ->
            b.append(" by ")
                .append(e.model())
                .append(" q")
                .append(e.quantile())
                .append('@')
                .append(e.horizon().toString().substring(2).toLowerCase(Locale.ROOT))
                .append('=')
                .append(String.format(Locale.ROOT, "%.4g", e.predicted())));
    if (!caps.isEmpty()) {
      b.append("; capped:");
      EnumSet.copyOf(caps).forEach(c -> b.append(' ').append(c.name().toLowerCase(Locale.ROOT)));
    }
    anomaly.ifPresent(
        a -> b.append("; anomaly: ").append(a.kind().key()).append(" #").append(a.id()));
    return b.toString();
  }
}
