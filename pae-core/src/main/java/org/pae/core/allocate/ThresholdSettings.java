package org.pae.core.allocate;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;

/**
 * How {@link ThresholdPolicy} allocates one resource: its own keys of {@code policy.*} (each also
 * settable per resource, {@code policy.<r>.*}). Every field is validated here; the defaults with
 * their meaning are in {@code pae-defaults.properties}.
 *
 * @param threshold scale up when the predicted demand exceeds allocated × threshold, in (0, 1]
 * @param reductionThreshold scale down (proactive deallocation) when it falls below allocated ×
 *     reductionThreshold, in [0, threshold)
 * @param headroom a new allocation is the predicted demand × (1 + headroom), headroom ≥ 0
 * @param riskBudget the share of intervals in which usage may exceed the allocation; the policy
 *     allocates at the (1 − riskBudget) quantile of the forecast, in (0, 0.5)
 */
public record ThresholdSettings(
    double threshold, double reductionThreshold, double headroom, double riskBudget) {

  /** The keys of {@code policy.*} it reads, each also settable per resource. */
  public static final List<String> KEYS =
      List.of("threshold", "reduction-threshold", "headroom", "risk-budget");

  /** The defaults file's values, with no per-resource override. */
  public static final ThresholdSettings DEFAULTS =
      read(SettingsSource.of(Map.of()), Optional.empty());

  /** Reads {@link #KEYS} for {@code resource} from {@code source} ({@link PolicyKeys#value}). */
  public static ThresholdSettings read(SettingsSource source, Optional<Resource> resource) {
    String p = PolicyKeys.prefix(resource);
    try {
      return new ThresholdSettings(
          Values.number(p + "threshold", PolicyKeys.value(source, resource, "threshold")),
          Values.number(
              p + "reduction-threshold", PolicyKeys.value(source, resource, "reduction-threshold")),
          Values.number(p + "headroom", PolicyKeys.value(source, resource, "headroom")),
          Values.number(p + "risk-budget", PolicyKeys.value(source, resource, "risk-budget")));
    } catch (IllegalArgumentException e) {
      throw PolicyKeys.naming(resource, e);
    }
  }

  public ThresholdSettings {
    PolicyKeys.check(threshold > 0 && threshold <= 1, "threshold", threshold, "in (0, 1]");
    PolicyKeys.check(
        reductionThreshold >= 0 && reductionThreshold < threshold,
        "reduction-threshold",
        reductionThreshold,
        "in [0, threshold)");
    PolicyKeys.check(headroom >= 0 && headroom <= 10, "headroom", headroom, "in [0, 10]");
    RiskSettings.checkBudget(riskBudget);
  }

  /** The forecast quantile the policy allocates at. */
  public double quantile() {
    return 1 - riskBudget;
  }

  /** These settings with an operator's {@code tuning} of a series over them. */
  public ThresholdSettings tuned(Tuning tuning) {
    if (tuning.isEmpty()) {
      return this;
    }
    return new ThresholdSettings(
        tuning.or("threshold", threshold),
        tuning.or("reduction-threshold", reductionThreshold),
        tuning.or("headroom", headroom),
        tuning.or("risk-budget", riskBudget));
  }

  /** These settings, by key: what an operator's tuning is checked against. */
  public Map<String, Double> values() {
    return Map.of(
        "threshold", threshold,
        "reduction-threshold", reductionThreshold,
        "headroom", headroom,
        "risk-budget", riskBudget);
  }

  public ThresholdSettings withRiskBudget(double b) {
    return new ThresholdSettings(threshold, reductionThreshold, headroom, b);
  }
}
