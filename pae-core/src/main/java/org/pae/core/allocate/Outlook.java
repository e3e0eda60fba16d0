package org.pae.core.allocate;

import java.time.Duration;
import java.util.Objects;

/**
 * How far ahead a decision must look: it takes effect after one interval and should hold until the
 * next decision, so the horizon is one interval plus the lead time of a critical workload.
 *
 * @param horizon the horizon of the decision's forecast
 * @param tuning an operator's values of the policy's own settings for this series ({@link
 *     Tuning#NONE} without any): the policy applies those of its keys over its own settings
 * @param hold how long a new allocation is expected to stay in force: the horizon, unless a churn
 *     budget spaces changes out ({@link ChurnBudget#hold})
 * @param demandFactor the factor by which an operator expects demand to change within the horizon
 *     (an event hint), &gt; 0; 1 without one. Each policy applies it by its own rule: {@link
 *     ThresholdPolicy} scales its prediction, {@link CostChoicePolicy} its chosen candidate.
 */
public record Outlook(Duration horizon, Tuning tuning, Duration hold, double demandFactor) {
  public Outlook {
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(tuning, "tuning");
    Objects.requireNonNull(hold, "hold");
    if (!(demandFactor > 0 && Double.isFinite(demandFactor))) {
      throw new IllegalArgumentException("a demand factor must be positive: " + demandFactor);
    }
  }

  /** An outlook without tuning or an event hint. */
  public Outlook(Duration horizon, Duration hold) {
    this(horizon, Tuning.NONE, hold, 1);
  }

  /**
   * An outlook without tuning or an event hint whose allocation holds for one horizon: every change
   * the policy wants is made.
   */
  public Outlook(Duration horizon) {
    this(horizon, Tuning.NONE, horizon, 1);
  }

  /** Whether an operator's event hint changes the expected demand. */
  public boolean hinted() {
    return demandFactor != 1;
  }

  /** Whether a new allocation is expected to hold longer than the forecast's horizon. */
  public boolean holdsLonger() {
    return hold.compareTo(horizon) > 0;
  }
}
