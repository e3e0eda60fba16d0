package org.pae.core.allocate;

import java.time.Duration;
import java.util.Objects;

/**
 * How often one series may change its allocation, and what a change costs: a VM's balloon, vCPU or
 * a pod's resize is not free the way a cgroup write is. The loop's churn stage ({@link ChurnGate})
 * holds a series to at most {@code maxChangesPerDay} changes a day on average (a raise is always
 * made, and counted), and makes a reduction only when what it saves over the time it is expected to
 * hold pays for the change.
 *
 * @param maxChangesPerDay the most changes per series and day, &gt; 0; infinite for no limit
 * @param changeCost what one change costs, as the time during which the series' whole allocation
 *     costs as much: a reduction from a to b that is expected to hold for t is made only when (a −
 *     b) × t exceeds a × changeCost; &ge; 0. Used only with a finite budget, which is what gives a
 *     change the time it is expected to hold
 */
public record ChurnBudget(double maxChangesPerDay, Duration changeCost) {
  /** No limit and no cost: every change the policy wants (a process cgroup's write is cheap). */
  public static final ChurnBudget UNLIMITED =
      new ChurnBudget(Double.POSITIVE_INFINITY, Duration.ZERO);

  private static final double DAY_NANOS = Duration.ofDays(1).toNanos();

  public ChurnBudget {
    Objects.requireNonNull(changeCost, "changeCost");
    if (!(maxChangesPerDay > 0)) {
      throw new IllegalArgumentException(
          "max-changes-per-day = "
              + maxChangesPerDay
              + " is out of range; allowed: a number > 0, or unlimited");
    }
    if (changeCost.isNegative()) {
      throw new IllegalArgumentException("change-cost must be >= 0s: " + changeCost);
    }
  }

  /** Whether it limits anything: a finite number of changes. */
  public boolean limited() {
    return maxChangesPerDay != Double.POSITIVE_INFINITY;
  }

  /**
   * How long a new allocation is expected to stay in force: a day's share of one change, and never
   * less than one loop interval.
   */
  public Duration hold(Duration interval) {
    long nanos = (long) Math.min(Long.MAX_VALUE, DAY_NANOS / maxChangesPerDay);
    return nanos > interval.toNanos() ? Duration.ofNanos(nanos) : interval;
  }

  /** Changes regained per nanosecond. */
  double refillPerNano() {
    return maxChangesPerDay / DAY_NANOS;
  }
}
