package org.pae.sim.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.pae.core.allocate.PolicySettings;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Resource;
import org.pae.core.settings.Settings;
import org.pae.sim.replay.PolicyVariant;

/**
 * The policies a replay can run, by name, with their parameters — and sweeps: {@code
 * vpa:margin=0.1,0.15} is two variants, {@code pae:headroom=0.1:risk-budget=0.001,0.01} is the
 * product of its lists. Every baseline runs through the same {@code ControlLoop} as PAE, with loop
 * settings that leave its own rule alone ({@link #EMULATED}).
 *
 * <ul>
 *   <li>{@code provisioned} — the recorded allocation;
 *   <li>{@code reactive} ({@code up=0.8 down=0.3 target=0.6}) — PAE's {@link ThresholdPolicy} with
 *       the last value as the prediction: resize to usage/target when usage &gt; up·a or &lt;
 *       down·a;
 *   <li>{@code vpa}, {@code autopilot} ({@code buckets=geometric|vpa, margin, cpu-percentile,
 *       memory-percentile, cpu-half-life, memory-half-life, memory-peaks, recompute, min-change}) —
 *       {@link HistogramPolicy};
 *   <li>{@code perfect} — the next step's usage;
 *   <li>{@code pae} (any settings key: {@code model=NAME} is {@code forecast.model}, a key with a
 *       dot is a settings key as is, any other key is a policy key applied to every resource, e.g.
 *       {@code risk-budget=0.001} sets {@code policy.<resource>.risk-budget}; {@code
 *       max-changes-per-day} and {@code change-cost} set the churn budget of every actuator, {@code
 *       allocate.max-changes-per-day.<actuator>}; a replayed VM is resized as by its hypervisor,
 *       {@link Settings#MANAGED}) — PAE's own policy with its settings and the model resolved by
 *       name in the registry given.
 * </ul>
 */
public final class PolicyCatalog {
  /** The names, in the order reports list them. */
  public static final List<String> NAMES =
      List.of("provisioned", "reactive", "vpa", "autopilot", "perfect", "pae");

  /**
   * The loop settings for baselines that emulate other systems: no usage floor (they may allocate
   * below current usage), no cooldown, an infinite max-step (no bound), a threshold band that never
   * fires (they propose by their own rule). Risk budget and lead time are unused by them.
   */
  public static final PolicySettings EMULATED =
      new PolicySettings(
          1, 0, 0, Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO, 0.01, 0, false);

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

  /** Keys of {@code pae} that set the churn budget of every actuator. */
  private static final Set<String> CHURN_KEYS = Set.of("max-changes-per-day", "change-cost");

  private final Map<String, String> paeOverrides;
  private final ForecasterRegistry registry;

  /**
   * @param paeOverrides settings for {@code pae} beyond the defaults (a settings file's keys)
   * @param registry where {@code pae}'s model is found by name
   */
  public PolicyCatalog(Map<String, String> paeOverrides, ForecasterRegistry registry) {
    this.paeOverrides = Map.copyOf(paeOverrides);
    this.registry = Objects.requireNonNull(registry, "registry");
    Settings.load(this.paeOverrides, registry);
  }

  /** PAE's settings with the given extra overrides (for its policy and the plots' band model). */
  public Settings paeSettings(Map<String, String> extra) {
    Map<String, String> all = new TreeMap<>(paeOverrides);
    all.putAll(extra);
    return Settings.load(all, registry);
  }

  /**
   * Parses a comma-separated list of policies, each {@code name[:key=v1[,v2...]]...}: a token that
   * does not start with a known name continues the previous token's value list.
   */
  public List<PolicyVariant> parse(String list) {
    List<String> specs = new ArrayList<>();
    for (String token : list.split(",")) {
      String t = token.trim();
      if (t.isEmpty()) {
        continue;
      }
      if (specs.isEmpty() || NAMES.contains(t.split(":", 2)[0].trim())) {
        specs.add(t);
      } else if (specs.getLast().contains("=")) {
        specs.set(specs.size() - 1, specs.getLast() + "," + t);
      } else {
        throw unknown(t);
      }
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no policy named; known: " + String.join(", ", NAMES));
    }
    List<PolicyVariant> out = new ArrayList<>();
    for (String spec : specs) {
      out.addAll(variants(spec));
    }
    return out;
  }

  /** The variants of one spec {@code name[:key=v1,v2...]...}. */
  public List<PolicyVariant> variants(String spec) {
    String[] parts = spec.split(":");
    String name = parts[0].trim();
    if (!NAMES.contains(name)) {
      throw unknown(name);
    }
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "policy parameter '" + parts[i] + "' of " + name + " is not key=value[,value...]");
      }
      String key = parts[i].substring(0, eq).trim();
      List<Map<String, String>> next = new ArrayList<>();
      for (String value : parts[i].substring(eq + 1).split(",")) {
        for (Map<String, String> c : combos) {
          Map<String, String> m = new LinkedHashMap<>(c);
          m.put(key, value.trim());
          next.add(m);
        }
      }
      combos = next;
    }
    List<PolicyVariant> out = new ArrayList<>();
    for (Map<String, String> params : combos) {
      out.add(variant(name, params));
    }
    return out;
  }

  /** One variant of a named policy with its parameters. */
  public PolicyVariant variant(String name, Map<String, String> params) {
    String label = params.isEmpty() ? name : name + label(params);
    return switch (name) {
      case "provisioned", "perfect" -> {
        if (!params.isEmpty()) {
          throw new IllegalArgumentException(name + " takes no parameters, got " + params.keySet());
        }
        OraclePolicy.Kind kind =
            name.equals("perfect") ? OraclePolicy.Kind.PERFECT : OraclePolicy.Kind.PROVISIONED;
        yield PolicyVariant.uniform(label, view -> new OraclePolicy(kind, view), EMULATED);
      }
      case "reactive" -> reactive(label, params);
      case "vpa" -> histogram(label, HistogramPolicy.VPA, params);
      case "autopilot" -> histogram(label, HistogramPolicy.AUTOPILOT, params);
      case "pae" -> pae(label, params);
      default -> throw unknown(name);
    };
  }

  private static PolicyVariant reactive(String label, Map<String, String> params) {
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
    PolicySettings s =
        new PolicySettings(
            up,
            down,
            1 / target - 1,
            Duration.ZERO,
            Double.POSITIVE_INFINITY,
            Duration.ZERO,
            0.01,
            0,
            false);
    return PolicyVariant.uniform(
        label, view -> new ThresholdPolicy("reactive", series -> new LastValueForecaster()), s);
  }

  private static PolicyVariant histogram(
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
                ? bool(p.get("memory-peaks"), "memory-peaks")
                : base.memoryPeaks(),
            number(p.get("margin"), base.margin(), "margin"),
            duration(p.get("recompute"), base.recompute(), "recompute"),
            number(p.get("min-change"), base.minChange(), "min-change"));
    return PolicyVariant.uniform(label, view -> new HistogramPolicy(c, view), EMULATED);
  }

  private PolicyVariant pae(String label, Map<String, String> params) {
    Map<String, String> extra = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (k.equals("model")) {
            extra.put("forecast.model", v);
          } else if (CHURN_KEYS.contains(k)) {
            for (String actuator : Settings.ACTUATORS) {
              extra.put("allocate." + k + "." + actuator, v);
            }
          } else if (k.contains(".")) {
            extra.put(k, v);
          } else {
            for (Resource r : Resource.values()) {
              extra.put("policy." + r.key() + "." + k, v);
            }
          }
        });
    Settings settings = paeSettings(extra);
    var factory = settings.forecasterFactory(registry);
    return new PolicyVariant(
        label,
        view -> settings.allocationPolicy("pae", factory.reading(view), view.step()),
        new EnumMap<>(settings.policies()),
        settings.churn(Settings.MANAGED));
  }

  private static String label(Map<String, String> params) {
    StringBuilder b = new StringBuilder("[");
    params.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
    return b.append(']').toString();
  }

  private static void refuseRest(String name, Map<String, String> rest, String known) {
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown parameter(s) " + rest.keySet() + " of " + name + "; known: " + known);
    }
  }

  private static double number(String value, double otherwise, String key) {
    if (value == null) {
      return otherwise;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + value + "' is not a number", e);
    }
  }

  private static Duration duration(String value, Duration otherwise, String key) {
    return value == null ? otherwise : Settings.duration(key, value);
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

  private static boolean bool(String value, String key) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(key + " = '" + value + "' is not true or false");
    };
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "policy '" + name + "' not found; known: " + String.join(", ", NAMES));
  }
}
