package org.pae.server.steer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.allocate.Tuning;
import org.pae.core.loop.LoopBounds;
import org.pae.core.model.Limits;

/**
 * What an operator changes of the policy for one workload or account: every field is optional
 * ({@code null} inherits from the level below: account over defaults, workload over account). Each
 * present field is checked here against the same ranges as {@link ThresholdSettings} and {@link
 * LoopBounds}; the field names are those of the API. The first four tune the allocation policy's
 * own settings ({@link #tuning}), the last three bound the loop.
 *
 * @param threshold scale up above allocated × this, in (0, 1]
 * @param reductionThreshold scale down below allocated × this, in [0, threshold)
 * @param headroom new allocation = prediction × (1 + headroom), in [0, 10]
 * @param riskBudget share of intervals allowed to run short, in (0, 0.5)
 * @param leadTime how far ahead a critical workload is allocated, ≥ 0
 * @param min the least allocation, ≥ 0
 * @param max the most allocation (a hard cap), ≥ min
 */
public record PolicyOverride(
    Double threshold,
    Double reductionThreshold,
    Double headroom,
    Double riskBudget,
    Duration leadTime,
    Double min,
    Double max) {
  public static final PolicyOverride NONE =
      new PolicyOverride(null, null, null, null, null, null, null);

  public PolicyOverride {
    check(threshold == null || (threshold > 0 && threshold <= 1), "threshold", "in (0, 1]");
    check(
        reductionThreshold == null || (reductionThreshold >= 0 && reductionThreshold < 1),
        "reductionThreshold",
        "in [0, 1)");
    check(headroom == null || (headroom >= 0 && headroom <= 10), "headroom", "in [0, 10]");
    check(riskBudget == null || (riskBudget > 0 && riskBudget < 0.5), "riskBudget", "in (0, 0.5)");
    check(leadTime == null || !leadTime.isNegative(), "leadTime", ">= 0 seconds");
    check(min == null || (min >= 0 && Double.isFinite(min)), "min", "a finite value >= 0");
    check(max == null || (max >= 0 && !Double.isNaN(max)), "max", "a value >= 0");
    check(min == null || max == null || max >= min, "max", ">= min");
  }

  private static void check(boolean ok, String field, String allowed) {
    if (!ok) {
      throw new InvalidSteeringException(field, field + " must be " + allowed);
    }
  }

  /** This over {@code below}: a field set here wins. */
  public PolicyOverride over(PolicyOverride below) {
    return new PolicyOverride(
        threshold != null ? threshold : below.threshold,
        reductionThreshold != null ? reductionThreshold : below.reductionThreshold,
        headroom != null ? headroom : below.headroom,
        riskBudget != null ? riskBudget : below.riskBudget,
        leadTime != null ? leadTime : below.leadTime,
        min != null ? min : below.min,
        max != null ? max : below.max);
  }

  /**
   * The tuning this override sets of the allocation policy's own settings, by their {@code
   * policy.*} keys: what the loop hands the policy.
   */
  public Tuning tuning() {
    if (threshold == null && reductionThreshold == null && headroom == null && riskBudget == null) {
      return Tuning.NONE;
    }
    Map<String, Double> m = new HashMap<>();
    put(m, "threshold", threshold);
    put(m, "reduction-threshold", reductionThreshold);
    put(m, "headroom", headroom);
    put(m, "risk-budget", riskBudget);
    return new Tuning(m);
  }

  private static void put(Map<String, Double> m, String key, Double value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  /**
   * Refuses this override where, over the policy's own settings {@code policy} (by key, those it
   * reads), it would leave a combination out of range, naming its field: a reduction threshold not
   * below the threshold.
   */
  public void checkOver(Map<String, Double> policy) {
    Double t = threshold != null ? threshold : policy.get("threshold");
    Double rt = reductionThreshold != null ? reductionThreshold : policy.get("reduction-threshold");
    if (t != null && rt != null && rt >= t) {
      throw new InvalidSteeringException(
          "reductionThreshold",
          "reductionThreshold (" + rt + ") must be below threshold (" + t + ")");
    }
  }

  /** The loop's bounds with this override applied: its lead time. */
  public LoopBounds applyTo(LoopBounds b) {
    return leadTime != null ? b.withLeadTime(leadTime) : b;
  }

  /**
   * The limits with this override applied. The limits given are the configured ones, whose max is
   * the host's capacity: an override may narrow them but a min or max beyond that capacity is
   * refused, naming its field (the next tick would allocate it).
   */
  public Limits applyTo(Limits l) {
    beyond(min, "min", l.max());
    beyond(max, "max", l.max());
    return within(l);
  }

  /**
   * The limits with this override applied, its min and max cut to the configured max: what the loop
   * reads, where an override set on a larger host (and kept in the history) must not throw.
   */
  public Limits within(Limits l) {
    double lo = min != null ? Math.min(min, l.max()) : l.min();
    double hi = max != null ? Math.min(max, l.max()) : l.max();
    if (hi < lo) {
      throw new InvalidSteeringException("max", "max (" + hi + ") must be >= min (" + lo + ")");
    }
    return new Limits(lo, hi);
  }

  private static void beyond(Double value, String field, double capacity) {
    if (value != null && value > capacity) {
      throw new InvalidSteeringException(
          field, field + " (" + value + ") must be at most the capacity (" + capacity + ")");
    }
  }

  public boolean isEmpty() {
    return equals(NONE);
  }
}
