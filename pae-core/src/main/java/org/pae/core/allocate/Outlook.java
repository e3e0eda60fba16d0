package org.pae.core.allocate;

import java.time.Duration;
import java.util.Objects;

/**
 * How far ahead a decision must look: it takes effect after one interval and should hold until the
 * next decision, so the horizon is one interval plus the lead time of a critical workload.
 *
 * @param horizon the horizon of the decision's forecast
 * @param settings the series' policy settings
 * @param hold how long a new allocation is expected to stay in force: the horizon, unless a churn
 *     budget spaces changes out ({@link ChurnBudget#hold})
 */
public record Outlook(Duration horizon, PolicySettings settings, Duration hold) {
  public Outlook {
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(hold, "hold");
  }

  /** An outlook whose allocation holds for one horizon: every change the policy wants is made. */
  public Outlook(Duration horizon, PolicySettings settings) {
    this(horizon, settings, horizon);
  }

  /** Whether a new allocation is expected to hold longer than the forecast's horizon. */
  public boolean holdsLonger() {
    return hold.compareTo(horizon) > 0;
  }
}
