package org.pae.sim.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.LoopBounds;
import org.pae.core.model.Resource;
import org.pae.core.registry.Names;
import org.pae.core.registry.Registry;
import org.pae.core.settings.Settings;
import org.pae.sim.replay.PolicyVariant;

/**
 * The policies a replay can run, by name, with their parameters — and sweeps: {@code
 * vpa:margin=0.1,0.15} is two variants, {@code pae:headroom=0.1:risk-budget=0.001,0.01} is the
 * product of its lists. Every baseline runs through the same {@code ControlLoop} as PAE, with loop
 * bounds that leave its own rule alone ({@link #EMULATED}).
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
  private static final String PAE = "pae";

  /**
   * The loop's bounds for baselines that emulate other systems: no usage floor (they may allocate
   * below current usage), no cooldown, an infinite max-step (no bound), no lead time (they propose
   * by their own rule).
   */
  public static final LoopBounds EMULATED =
      new LoopBounds(Duration.ZERO, Double.POSITIVE_INFINITY, Duration.ZERO, 0, false);

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
    registry.registry().include(Baselines.CONTRIBUTION, Baselines::register);
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
      if (specs.isEmpty() || names().contains(t.split(":", 2)[0].trim())) {
        specs.add(t);
      } else if (specs.getLast().contains("=")) {
        specs.set(specs.size() - 1, specs.getLast() + "," + t);
      } else {
        throw unknown(t);
      }
    }
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("no policy named; known: " + String.join(", ", names()));
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
    if (!names().contains(name)) {
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
    return name.equals(PAE)
        ? pae(label, params)
        : registry.registry().get(Baselines.KIND, name).make(label, params);
  }

  private PolicyVariant pae(String label, Map<String, String> params) {
    Assembly assembly = paeAssembly(params);
    return new PolicyVariant(
        label,
        view ->
            assembly.policy(
                "pae", assembly.forecasting(Optional.of(view), Optional.empty()), view.step()),
        new EnumMap<>(assembly.bounds()),
        assembly.churn(Settings.MANAGED),
        assembly.settings().anomaly().enabled()
            ? view -> assembly.anomalies(assembly.forecasting(Optional.of(view), Optional.empty()))
            : view -> Optional.empty());
  }

  /**
   * PAE's engine as {@code pae} with {@code params} runs it in a replay (see the class comment for
   * its parameters): its policy and own settings, its bounds, its churn budgets.
   */
  public Assembly paeAssembly(Map<String, String> params) {
    Map<String, String> extra = new TreeMap<>();
    // The replay keeps the trace's units (KB, MHz, percent), not the engine's bytes and millicores
    // its anomaly.least-change is in: unless set, every change counts.
    for (Resource r : Resource.values()) {
      extra.put("anomaly.least-change." + r.key(), "0");
    }
    params.forEach(
        (k, v) -> {
          if (k.equals("model")) {
            extra.put("forecast.model", v);
          } else if (CHURN_KEYS.contains(k)) {
            for (String actuator : Settings.ACTUATORS) {
              extra.put("allocate." + k + "." + actuator, v);
            }
          } else if (k.contains(".")) {
            checkSettingsKey(k);
            extra.put(k, v);
          } else {
            checkPolicyKey(k);
            for (Resource r : Resource.values()) {
              extra.put("policy." + r.key() + "." + k, v);
            }
          }
        });
    return assembly(extra);
  }

  /**
   * PAE's engine assembled from the settings with the given extra overrides: what {@code pae} runs
   * in a replay (its policy on the configured model's stack reading the trace, its bounds, its
   * churn budgets as a hypervisor or pod manager resizes).
   */
  public Assembly assembly(Map<String, String> extra) {
    return new Assembly(paeSettings(extra), registry);
  }

  /** The keys of {@code policy.<key>}, which {@code pae:<key>=v} sets for every resource. */
  private static List<String> policyKeys() {
    return Settings.defaults().keySet().stream()
        .filter(k -> k.startsWith("policy.") && k.indexOf('.', "policy.".length()) < 0)
        .map(k -> k.substring("policy.".length()))
        .sorted()
        .toList();
  }

  private static void checkPolicyKey(String key) {
    List<String> known = policyKeys();
    if (!known.contains(key)) {
      throw unknownPaeKey(key, known);
    }
  }

  /**
   * A dotted key must be a settings key: one of the defaults, a policy key per resource, or one the
   * settings check themselves (forecast.<model>.<parameter>, context.*).
   */
  private static void checkSettingsKey(String key) {
    if (key.startsWith("forecast.") || key.startsWith("context.")) {
      return;
    }
    List<String> known = new ArrayList<>(Settings.defaults().keySet());
    for (Resource r : Resource.values()) {
      policyKeys().forEach(k -> known.add("policy." + r.key() + "." + k));
    }
    if (!known.contains(key)) {
      throw unknownPaeKey(key, known);
    }
  }

  private static IllegalArgumentException unknownPaeKey(String key, List<String> known) {
    String guess = Names.closest(key, known).map(g -> " (did you mean " + g + "?)").orElse("");
    return new IllegalArgumentException(
        "unknown parameter '"
            + key
            + "' of pae"
            + guess
            + "; it takes model=NAME, a policy key for every resource ("
            + String.join(", ", policyKeys())
            + ") or a settings key such as policy.memory.risk-budget (all in"
            + " docs/configuration.md)");
  }

  private static String label(Map<String, String> params) {
    StringBuilder b = new StringBuilder("[");
    params.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(k).append('=').append(v));
    return b.append(']').toString();
  }

  private IllegalArgumentException unknown(String name) {
    return Registry.unknown("policy", name, names());
  }

  /** The policies' names, in the order reports list them: the baselines, then {@code pae}. */
  public List<String> names() {
    List<String> out = new ArrayList<>(registry.registry().names(Baselines.KIND));
    out.add(PAE);
    return out;
  }
}
