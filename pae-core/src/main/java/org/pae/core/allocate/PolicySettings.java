package org.pae.core.allocate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;

/**
 * How the loop allocates one resource. Every field is validated here; the defaults with their
 * meaning are in {@code pae-defaults.properties}.
 *
 * @param threshold scale up when the predicted demand exceeds allocated × threshold, in (0, 1]
 * @param reductionThreshold scale down (proactive deallocation) when it falls below allocated ×
 *     reductionThreshold, in [0, threshold)
 * @param headroom a new allocation is the predicted demand × (1 + headroom), headroom ≥ 0
 * @param cooldown after a change, no further change of that series for this long, except a raise
 *     once usage (with its margin) has reached the allocation in force, which goes to what the
 *     policy proposes
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

  /** The keys of {@code policy.*}, each also settable per resource ({@code policy.<r>.*}). */
  public static final List<String> KEYS =
      List.of(
          "threshold",
          "reduction-threshold",
          "headroom",
          "cooldown",
          "max-step",
          "lead-time",
          "risk-budget",
          "usage-margin");

  /**
   * The defaults file's {@code policy.*} keys, with no per-resource override: read from {@code
   * pae-defaults.properties}, the only place a default is written.
   */
  public static final PolicySettings DEFAULTS = read(SettingsSource.of(Map.of()), Optional.empty());

  /**
   * Reads PAE's own settings for {@code resource} from {@code source}: each key of {@link #KEYS}
   * from {@code policy.<resource>.<key>} where it is set, else from {@code policy.<key>} (only the
   * latter where no resource is given).
   */
  public static PolicySettings read(SettingsSource source, Optional<Resource> resource) {
    String prefix = resource.map(r -> "policy." + r.key() + ".").orElse("policy.");
    Map<String, String> v = new TreeMap<>();
    for (String k : KEYS) {
      v.put(k, source.has(prefix + k) ? source.get(prefix + k) : source.get("policy." + k));
    }
    try {
      return new PolicySettings(
          Values.number(prefix + "threshold", v.get("threshold")),
          Values.number(prefix + "reduction-threshold", v.get("reduction-threshold")),
          Values.number(prefix + "headroom", v.get("headroom")),
          Values.duration(prefix + "cooldown", v.get("cooldown")),
          Values.number(prefix + "max-step", v.get("max-step")),
          Values.duration(prefix + "lead-time", v.get("lead-time")),
          Values.number(prefix + "risk-budget", v.get("risk-budget")),
          Values.number(prefix + "usage-margin", v.get("usage-margin")),
          true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          resource.map(r -> "for " + r.key() + ": ").orElse("") + e.getMessage(), e);
    }
  }

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
