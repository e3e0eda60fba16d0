package org.pae.core.allocate;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The churn stage of one series: a token bucket that holds one change and regains {@link
 * ChurnBudget#maxChangesPerDay} a day, and the peak of what the policy wanted over the time a new
 * allocation is expected to hold ({@link ChurnBudget#hold}).
 *
 * <p>A raise is always made (it protects usage) and sized for the hold: to the policy's largest
 * wish over the last hold (unless the policy sizes for the hold itself, {@link
 * SeriesPolicy#sizesForHold}), or what it expects to want by the end of the hold if more ({@link
 * Proposal#ahead}), so that a ramp is met in a few steps rather than at every one. It takes a
 * token, running into debt of at most a day's changes, so that reductions wait until the raises are
 * paid for. A reduction needs a whole token, is sized for the hold the same way (never below what
 * the policy wanted over the last hold — a persistence forecast of what it will want while the new
 * allocation stands — nor below what it expects to want by the end of the hold), and is made only
 * when what it saves over the hold exceeds the change's cost. Time is an argument; not thread-safe,
 * like the loop that owns it.
 */
public final class ChurnGate {
  private double tokens = 1;
  private Instant refilled;
  private Peak wanted;
  private long window;

  /**
   * The allocation after the churn stage; adds {@link Cap#CHURN}, {@link Cap#CHANGE_COST} or {@link
   * Cap#HOLD_PEAK} to {@code caps} when it changed the candidate.
   *
   * @param now the tick's time
   * @param budget the series' churn budget, {@link ChurnBudget#limited}
   * @param interval the loop's interval
   * @param allocated the allocation in force
   * @param wish what the policy wants within its largest step, before the usage floor and the
   *     limits: the record of the last hold keeps this, so that a spike the floor had to follow is
   *     not held for a whole hold after it passed; NaN for a policy that sizes for the hold itself
   *     ({@link SeriesPolicy#sizesForHold}), of which no record is kept
   * @param candidate what the policy and the bounds before this stage want
   * @param ahead what the policy would allocate for the demand it expects by the end of the hold
   *     ({@link Proposal#ahead}), NaN when it cannot tell
   * @param ceiling the most a raise may reach (max and largest step), &ge; candidate
   * @param kept what to keep when a reduction is held: the allocation in force within the bounds
   * @param caps the decision's caps
   */
  public double pass(
      Instant now,
      ChurnBudget budget,
      Duration interval,
      double allocated,
      double wish,
      double candidate,
      double ahead,
      double ceiling,
      double kept,
      Set<Cap> caps) {
    Duration hold = budget.hold(interval);
    refill(now, budget);
    double peak = candidate;
    if (!Double.isNaN(wish)) {
      long n = Math.max(1, hold.toNanos() / interval.toNanos());
      if (wanted == null || window != n) {
        wanted = new Peak((int) Math.min(Integer.MAX_VALUE, n));
        window = n;
      }
      wanted.add(wish);
      peak = Math.max(candidate, wanted.value());
    }
    if (ahead > peak) {
      peak = ahead;
    }
    if (candidate > allocated) {
      double raised = Math.min(peak, ceiling);
      if (raised > candidate) {
        caps.add(Cap.HOLD_PEAK);
      }
      return raised;
    }
    if (candidate == allocated) {
      return candidate;
    }
    if (tokens < 1) {
      caps.add(Cap.CHURN);
      return kept;
    }
    if (peak >= allocated) {
      caps.add(Cap.HOLD_PEAK);
      return kept;
    }
    double saving = (allocated - peak) * hold.toNanos();
    if (!(saving > allocated * budget.changeCost().toNanos())) {
      caps.add(Cap.CHANGE_COST);
      return kept;
    }
    if (peak > candidate) {
      caps.add(Cap.HOLD_PEAK);
    }
    return peak;
  }

  /** Counts a change made at {@code now}: it takes a token, whatever made it. */
  public void changed(Instant now, ChurnBudget budget) {
    refill(now, budget);
    tokens = Math.max(-budget.maxChangesPerDay(), tokens - 1);
  }

  private void refill(Instant now, ChurnBudget budget) {
    if (refilled != null && now.isAfter(refilled)) {
      long elapsed = Duration.between(refilled, now).toNanos();
      tokens = Math.min(1, tokens + elapsed * budget.refillPerNano());
    }
    if (refilled == null || now.isAfter(refilled)) {
      refilled = now;
    }
  }
}
