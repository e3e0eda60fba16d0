package org.pae.core.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Allocations;
import org.pae.core.allocate.ChoiceSettings;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.PolicySettings;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;
import org.pae.core.registry.Registry;

/**
 * PAE's settings: the documented defaults file {@code pae-defaults.properties}, overridden by the
 * user's keys. Every key must be one the defaults file names (or a per-resource policy override, or
 * a parameter of a registered forecaster); anything else is refused with a message naming it.
 *
 * @param interval how often the loop runs
 * @param forecastModel the model behind PAE's policy
 * @param forecastParams the parameters of every model, by model name
 * @param policies the policy settings per resource
 * @param allocation how PAE's policy allocates: {@code choice} ({@link CostChoicePolicy}) or {@code
 *     threshold} ({@link ThresholdPolicy} with budget feedback)
 * @param choice the candidates and scoring of {@code choice}
 * @param churn the churn budget per actuator, {@link #ACTUATORS} ({@code
 *     allocate.max-changes-per-day.<actuator>}, {@code allocate.change-cost.<kind>})
 */
public record Settings(
    Duration interval,
    String forecastModel,
    Map<String, Map<String, String>> forecastParams,
    Map<Resource, PolicySettings> policies,
    String allocation,
    ChoiceSettings choice,
    Map<String, ChurnBudget> churn) {

  private static final String DEFAULTS = "pae-defaults.properties";

  /** The core's allocation policies, for settings made without a registry. */
  private static final Registry STANDARD =
      new Registry().include(Allocations.CONTRIBUTION, Allocations::register);

  private static final String[] POLICY_KEYS = {
    "threshold",
    "reduction-threshold",
    "headroom",
    "cooldown",
    "max-step",
    "lead-time",
    "risk-budget",
    "usage-margin"
  };

  public Settings {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("loop.interval must be positive: " + interval);
    }
    forecastParams = Map.copyOf(forecastParams);
    EnumMap<Resource, PolicySettings> p = new EnumMap<>(Resource.class);
    p.putAll(policies);
    if (p.size() != Resource.values().length) {
      throw new IllegalArgumentException("policy settings are needed for every resource");
    }
    policies = Map.copyOf(p);
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(choice, "choice");
    churn = Map.copyOf(churn);
    if (!churn.keySet().equals(Set.copyOf(ACTUATORS))) {
      throw new IllegalArgumentException("a churn budget is needed for each of " + ACTUATORS);
    }
  }

  /**
   * The kinds of actuator a churn budget is set for: {@code cgroup} (a write to a cgroup's limit,
   * cheap), {@code vm} (a hypervisor's balloon or vCPU change), {@code pod} (a Kubernetes resize).
   */
  public static final List<String> ACTUATORS = List.of("cgroup", "vm", "pod");

  /**
   * Where PAE does not own the host, what resizes each kind of workload: a VM's hypervisor, a
   * container's pod manager, a process's cgroup (a replayed trace of VMs is resized this way).
   */
  public static final Map<WorkloadKind, String> MANAGED =
      Map.of(WorkloadKind.VM, "vm", WorkloadKind.CONTAINER, "pod", WorkloadKind.PROCESS, "cgroup");

  /** On this host's daemon, every kind is resized through its cgroup. */
  public static final Map<WorkloadKind, String> CGROUPS =
      Map.of(
          WorkloadKind.VM,
          "cgroup",
          WorkloadKind.CONTAINER,
          "cgroup",
          WorkloadKind.PROCESS,
          "cgroup");

  /** The churn budget of each kind of workload, resized by the actuators named per kind. */
  public Map<WorkloadKind, ChurnBudget> churn(Map<WorkloadKind, String> actuators) {
    EnumMap<WorkloadKind, ChurnBudget> out = new EnumMap<>(WorkloadKind.class);
    actuators.forEach((k, a) -> out.put(k, Objects.requireNonNull(churn.get(a), a)));
    return out;
  }

  /**
   * PAE's own allocation policy as these settings configure it, on {@code models} (wrapped by the
   * caller when it records forecasts), for a loop that runs every {@code loopInterval} (a replay's
   * is the trace's step, the daemon's {@link #interval}).
   */
  public AllocationPolicy allocationPolicy(
      String name, ForecasterFactory models, Duration loopInterval) {
    return allocationPolicy(STANDARD, name, models, loopInterval);
  }

  /**
   * As {@link #allocationPolicy(String, ForecasterFactory, Duration)}, found in {@code registry}.
   */
  public AllocationPolicy allocationPolicy(
      Registry registry, String name, ForecasterFactory models, Duration loopInterval) {
    return registry.get(Allocations.KIND, allocation).make(name, models, loopInterval, choice);
  }

  /**
   * How long {@link #allocationPolicy} watches a new series before it decides: {@code
   * allocate.choice.warm-up} for {@code choice}; one interval for {@code threshold}, which decides
   * from its model's first observation.
   */
  public Duration warmUp() {
    return allocation.equals("choice") ? choice.warmUp() : interval;
  }

  /** The defaults file's own keys and values, in file order. */
  public static Map<String, String> defaults() {
    Properties props = new Properties();
    try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(
            "the defaults file " + DEFAULTS + " is missing from the jar");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS, e);
    }
    Map<String, String> out = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k).trim()));
    return out;
  }

  /** Reads a settings file's text in the defaults' format. */
  public static Map<String, String> read(InputStream in) throws IOException {
    Properties props = new Properties();
    props.load(in);
    Map<String, String> out = new LinkedHashMap<>();
    props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k).trim()));
    return out;
  }

  /** The defaults with nothing overridden. */
  public static Settings load(ForecasterRegistry registry) {
    return load(Map.of(), registry);
  }

  /** The defaults overridden by {@code overrides}; an unknown key or a bad value is refused. */
  public static Settings load(Map<String, String> overrides, ForecasterRegistry registry) {
    Map<String, String> all = new TreeMap<>(defaults());
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      String key = e.getKey().trim();
      if (!all.containsKey(key)
          && !isOverrideKey(key, registry)
          && !ContextCalendar.isOpenKey(key)) {
        throw new IllegalArgumentException(
            "unknown setting '"
                + key
                + "'; known settings: "
                + String.join(", ", new TreeSet<>(defaults().keySet()))
                + ", policy.<resource>.<key> with resource one of memory, cpu, disk_io, network,"
                + " gpu, and forecast.<model>.<parameter> with model one of "
                + String.join(", ", registry.names())
                + ", context.event.<name> and context.account.<account>.time-zone");
      }
      all.put(key, e.getValue().trim());
    }
    Duration interval = duration("loop.interval", all.get("loop.interval"));
    String model = all.get("forecast.model");
    if (!registry.names().contains(model)) {
      throw new IllegalArgumentException(
          "forecast.model = "
              + model
              + " is not a known model; allowed: "
              + String.join(", ", registry.names()));
    }
    String allocation = all.get("allocate.policy");
    registry.registry().include(Allocations.CONTRIBUTION, Allocations::register);
    if (!registry.registry().contains(Allocations.KIND, allocation)) {
      throw new IllegalArgumentException(
          "allocate.policy = "
              + allocation
              + " is not known; allowed: "
              + registry.registry().names(Allocations.KIND));
    }
    Map<String, Map<String, String>> params = new TreeMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith("forecast.") && !k.equals("forecast.model")) {
            String rest = k.substring("forecast.".length());
            int dot = rest.indexOf('.');
            params
                .computeIfAbsent(rest.substring(0, dot), m -> new TreeMap<>())
                .put(rest.substring(dot + 1), v);
          }
        });
    EnumMap<Resource, PolicySettings> policies = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      policies.put(r, policy(all, r));
    }
    ContextCalendar.load(overrides);
    Settings s =
        new Settings(interval, model, params, policies, allocation, choice(all), churnBudgets(all));
    // Every model's parameters are checked, not only the configured model's: a bad value for a
    // model one switches to later is refused now.
    for (String m : params.keySet()) {
      if (registry.names().contains(m)) {
        s.forecasterFactory(registry, m);
      }
    }
    s.forecasterFactory(registry);
    return s;
  }

  /** The factory of the configured model with its parameters; the registry validates them. */
  public ForecasterFactory forecasterFactory(ForecasterRegistry registry) {
    return forecasterFactory(registry, forecastModel);
  }

  /** The factory of model {@code name} with its parameters from these settings. */
  public ForecasterFactory forecasterFactory(ForecasterRegistry registry, String name) {
    try {
      return registry.factory(name, forecastParams.getOrDefault(name, Map.of()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "a parameter of forecast." + name + " is not a number: " + e.getMessage(), e);
    }
  }

  private static boolean isOverrideKey(String key, ForecasterRegistry registry) {
    String[] parts = key.split("\\.");
    if (parts.length == 3 && parts[0].equals("policy")) {
      try {
        Resource.parse(parts[1]);
      } catch (IllegalArgumentException e) {
        return false;
      }
      for (String k : POLICY_KEYS) {
        if (k.equals(parts[2])) {
          return true;
        }
      }
      return false;
    }
    // A model's parameter name may itself hold dots: a composite model passes "<member>.<key>"
    // on to its member (forecast.tiers.cf.model).
    return parts.length >= 3 && parts[0].equals("forecast") && registry.names().contains(parts[1]);
  }

  private static PolicySettings policy(Map<String, String> all, Resource r) {
    Map<String, String> v = new TreeMap<>();
    for (String k : POLICY_KEYS) {
      String specific = all.get("policy." + r.key() + "." + k);
      v.put(k, specific != null ? specific : all.get("policy." + k));
    }
    String prefix = "policy." + r.key() + ".";
    try {
      return new PolicySettings(
          number(prefix + "threshold", v.get("threshold")),
          number(prefix + "reduction-threshold", v.get("reduction-threshold")),
          number(prefix + "headroom", v.get("headroom")),
          duration(prefix + "cooldown", v.get("cooldown")),
          number(prefix + "max-step", v.get("max-step")),
          duration(prefix + "lead-time", v.get("lead-time")),
          number(prefix + "risk-budget", v.get("risk-budget")),
          number(prefix + "usage-margin", v.get("usage-margin")),
          true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("for " + r.key() + ": " + e.getMessage(), e);
    }
  }

  private static ChoiceSettings choice(Map<String, String> all) {
    String p = "allocate.choice.";
    return new ChoiceSettings(
        durations(p + "windows", all.get(p + "windows")),
        durations(p + "decays", all.get(p + "decays")),
        bool(p + "forecast", all.get(p + "forecast")),
        (int) whole(p + "margins", all.get(p + "margins")),
        number(p + "max-margin", all.get(p + "max-margin")),
        duration(p + "memory", all.get(p + "memory")),
        number(p + "tolerance", all.get(p + "tolerance")),
        duration(p + "warm-up", all.get(p + "warm-up")),
        duration(p + "judged-after", all.get(p + "judged-after")));
  }

  private static Map<String, ChurnBudget> churnBudgets(Map<String, String> all) {
    Map<String, ChurnBudget> out = new TreeMap<>();
    for (String actuator : ACTUATORS) {
      String changes = "allocate.max-changes-per-day." + actuator;
      String cost = "allocate.change-cost." + actuator;
      String n = all.get(changes);
      try {
        out.put(
            actuator,
            new ChurnBudget(
                n.equals("unlimited") ? Double.POSITIVE_INFINITY : number(changes, n),
                duration(cost, all.get(cost))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("for " + actuator + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static List<Duration> durations(String key, String value) {
    List<Duration> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(duration(key, part));
      }
    }
    return out;
  }

  private static boolean bool(String key, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              key + " = '" + value + "' is not a boolean; allowed: true, false");
    };
  }

  private static long whole(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = '" + value + "' is not a whole number", e);
    }
  }

  private static double number(String key, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(key + " = '" + value + "' is not a number", e);
    }
  }

  /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601. */
  public static Duration duration(String key, String value) {
    String v = value == null ? "" : value.trim();
    try {
      if (v.startsWith("P") || v.startsWith("p")) {
        return Duration.parse(v);
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key
              + " = '"
              + value
              + "' is not a duration; allowed: a whole number with ms, s, m, h or"
              + " d (5s), or ISO-8601 (PT5S)",
          e);
    }
  }
}
