package org.pae.core.allocate;

import java.time.Duration;
import java.util.Objects;

/**
 * How the loop allocates one resource. Every field is validated here; the defaults with their
 * meaning are in {@code pae-defaults.properties}.
 *
 * @param threshold scale up when the predicted demand exceeds allocated × threshold, in (0, 1]
 * @param reductionThreshold scale down (proactive deallocation) when it falls below allocated ×
 *     reductionThreshold, in [0, threshold)
 * @param headroom a new allocation is the predicted demand × (1 + headroom), headroom ≥ 0
 * @param cooldown after a change, no further change of that series for this long, except a raise
 *     needed to stay at or above current usage
 * @param maxStep the largest factor of one change: a new allocation lies within [a / maxStep, a ×
 *     maxStep] unless current usage needs more; ≥ 1, or infinite for no bound at all (replayed
 *     baselines that emulate other systems: any finite bound would keep an allocation that reached
 *     0 from coming back)
 * @param leadTime how far ahead a critical workload is allocated (its forecast horizon is one
 *     interval plus this)
 * @param riskBudget the share of intervals in which usage may exceed the allocation; the policy
 *     allocates at the (1 − riskBudget) quantile of the forecast, in (0, 0.5)
 * @param usageMargin the allocation never goes below current usage × (1 + usageMargin), ≥ 0
 * @param usageFloor whether that floor applies; PAE's own policy always has it, replayed baselines
 *     that emulate other systems may not
 */
public record PolicySettings(
    double threshold,
    double reductionThreshold,
    double headroom,
    Duration cooldown,
    double maxStep,
    Duration leadTime,
    double riskBudget,
    double usageMargin,
    boolean usageFloor) {

  /** The built-in defaults, the same as {@code pae-defaults.properties}. */
  public static final PolicySettings DEFAULTS =
      new PolicySettings(0.9, 0.5, 0.15, Duration.ofMinutes(5), 4, Duration.ZERO, 0.01, 0.0, true);

  public PolicySettings {
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(leadTime, "leadTime");
    check(threshold > 0 && threshold <= 1, "threshold", threshold, "in (0, 1]");
    check(
        reductionThreshold >= 0 && reductionThreshold < threshold,
        "reduction-threshold",
        reductionThreshold,
        "in [0, threshold)");
    check(headroom >= 0 && headroom <= 10, "headroom", headroom, "in [0, 10]");
    check(!cooldown.isNegative(), "cooldown", cooldown, ">= 0s");
    check(maxStep >= 1, "max-step", maxStep, "a value >= 1 (Infinity: unbounded)");
    check(!leadTime.isNegative(), "lead-time", leadTime, ">= 0s");
    check(riskBudget > 0 && riskBudget < 0.5, "risk-budget", riskBudget, "in (0, 0.5)");
    check(usageMargin >= 0 && usageMargin <= 10, "usage-margin", usageMargin, "in [0, 10]");
  }

  private static void check(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "policy setting " + key + " = " + value + " is out of range; allowed: " + allowed);
    }
  }

  /** The forecast quantile this policy allocates at. */
  public double quantile() {
    return 1 - riskBudget;
  }

  public PolicySettings withRiskBudget(double b) {
    return new PolicySettings(
        threshold,
        reductionThreshold,
        headroom,
        cooldown,
        maxStep,
        leadTime,
        b,
        usageMargin,
        usageFloor);
  }

  public PolicySettings withCooldown(Duration c) {
    return new PolicySettings(
        threshold,
        reductionThreshold,
        headroom,
        c,
        maxStep,
        leadTime,
        riskBudget,
        usageMargin,
        usageFloor);
  }

  public PolicySettings withUsageFloor(boolean f) {
    return new PolicySettings(
        threshold,
        reductionThreshold,
        headroom,
        cooldown,
        maxStep,
        leadTime,
        riskBudget,
        usageMargin,
        f);
  }
}
