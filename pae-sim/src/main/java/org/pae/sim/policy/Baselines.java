package org.pae.sim.policy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.config.Values;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;
import org.pae.sim.replay.PolicyVariant;

/**
 * The replay's baselines in the {@link Registry}, each a policy of another system emulated on the
 * same {@code ControlLoop} as PAE, with loop settings that leave its own rule alone ({@link
 * PolicyCatalog#EMULATED}): {@code provisioned}, {@code reactive}, {@code vpa}, {@code autopilot},
 * {@code perfect}. {@link PolicyCatalog} parses their parameters and sweeps.
 */
public final class Baselines {
  /** What a baseline's entry holds: the variant for a label and its parameters. */
  @FunctionalInterface
  public interface Maker {
    PolicyVariant make(String label, Map<String, String> params);
  }

  /** The kind of the baselines' entries. */
  public static final Kind<Maker> KIND = new Kind<>("baseline");

  /** The name under which {@link #register} is included in a registry. */
  public static final String CONTRIBUTION = "pae-sim baselines";

  private static final Set<String> HISTOGRAM_KEYS =
      Set.of(
          "buckets",
          "margin",
          "cpu-percentile",
          "memory-percentile",
          "cpu-half-life",
          "memory-half-life",
          "memory-peaks",
          "recompute",
          "min-change");

  private Baselines() {}

  /** Registers the baselines in the order reports list them. */
  public static void register(Registry r) {
    r.register(
        KIND, "provisioned", "the recorded allocation", oracle(OraclePolicy.Kind.PROVISIONED));
    r.register(
        KIND,
        "reactive",
        "resize to usage/target when usage leaves [down, up] x allocation (up, down, target)",
        Baselines::reactive);
    r.register(
        KIND,
        "vpa",
        "the Kubernetes VPA recommender's decaying histograms and margin",
        (label, params) -> histogram(label, HistogramPolicy.VPA, params));
    r.register(
        KIND,
        "autopilot",
        "Google Autopilot's decaying histograms and peaks",
        (label, params) -> histogram(label, HistogramPolicy.AUTOPILOT, params));
    r.register(
        KIND, "perfect", "the next step's usage (an oracle)", oracle(OraclePolicy.Kind.PERFECT));
  }

  private static Maker oracle(OraclePolicy.Kind kind) {
    return (label, params) -> {
      if (!params.isEmpty()) {
        throw new IllegalArgumentException(
            label.split("\\[")[0] + " takes no parameters, got " + params.keySet());
      }
      return PolicyVariant.uniform(
          label, view -> new OraclePolicy(kind, view), PolicyCatalog.EMULATED);
    };
  }

  static PolicyVariant reactive(String label, Map<String, String> params) {
    Map<String, String> p = new TreeMap<>(params);
    double up = number(p.remove("up"), 0.8, "up");
    double down = number(p.remove("down"), 0.3, "down");
    double target = number(p.remove("target"), 0.6, "target");
    refuseRest("reactive", p, "up, down, target");
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("reactive target = " + target + " must lie in (0, 1]");
    }
    // ThresholdPolicy with the last value as the prediction: above up·a or below down·a it resizes
    // to prediction × (1 + headroom) = usage / target.
    ThresholdSettings s = new ThresholdSettings(up, down, 1 / target - 1, 0.01);
    return PolicyVariant.uniform(
        label,
        view -> new ThresholdPolicy("reactive", spec -> new LastValueForecaster(), s),
        PolicyCatalog.EMULATED);
  }

  static PolicyVariant histogram(
      String label, HistogramPolicy.Config base, Map<String, String> params) {
    Map<String, String> p = new TreeMap<>(params);
    p.keySet()
        .forEach(
            k -> {
              if (!HISTOGRAM_KEYS.contains(k)) {
                throw new IllegalArgumentException(
                    "unknown parameter '"
                        + k
                        + "' of "
                        + base.name()
                        + "; known: "
                        + String.join(", ", new java.util.TreeSet<>(HISTOGRAM_KEYS)));
              }
            });
    HistogramPolicy.Config c =
        new HistogramPolicy.Config(
            base.name(),
            p.containsKey("buckets") ? buckets(p.get("buckets")) : base.buckets(),
            number(p.get("cpu-percentile"), base.cpuPercentile(), "cpu-percentile"),
            duration(p.get("cpu-half-life"), base.cpuHalfLife(), "cpu-half-life"),
            number(p.get("memory-percentile"), base.memoryPercentile(), "memory-percentile"),
            duration(p.get("memory-half-life"), base.memoryHalfLife(), "memory-half-life"),
            p.containsKey("memory-peaks")
                ? Values.bool("memory-peaks", p.get("memory-peaks"))
                : base.memoryPeaks(),
            number(p.get("margin"), base.margin(), "margin"),
            duration(p.get("recompute"), base.recompute(), "recompute"),
            number(p.get("min-change"), base.minChange(), "min-change"));
    return PolicyVariant.uniform(
        label, view -> new HistogramPolicy(c, view), PolicyCatalog.EMULATED);
  }

  private static void refuseRest(String name, Map<String, String> rest, String known) {
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown parameter(s) " + rest.keySet() + " of " + name + "; known: " + known);
    }
  }

  private static double number(String value, double otherwise, String key) {
    return value == null ? otherwise : Values.number(key, value);
  }

  private static Duration duration(String value, Duration otherwise, String key) {
    return value == null ? otherwise : Values.duration(key, value);
  }

  private static DecayingHistogram.Buckets buckets(String value) {
    return switch (value) {
      case "geometric" -> DecayingHistogram.Buckets.GEOMETRIC;
      case "vpa" -> DecayingHistogram.Buckets.VPA;
      default ->
          throw new IllegalArgumentException(
              "buckets = '" + value + "' is not one of geometric, vpa");
    };
  }
}
