package org.pae.core.settings;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Allocations;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.PolicySetup;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.anomaly.AnomalyRegistry;
import org.pae.core.anomaly.AnomalySettings;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.LoopBounds;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

/**
 * PAE's settings: the documented defaults file {@code pae-defaults.properties}, overridden by the
 * user's keys. Every key must be one the defaults file names (or a per-resource policy override, or
 * a parameter of a registered forecaster); anything else is refused with a message naming it.
 *
 * @param interval how often the loop runs
 * @param forecastModel the model behind PAE's policy
 * @param forecastParams the parameters of every model, by model name
 * @param bounds the loop's bounds per resource, whatever the policy
 * @param allocation how PAE's policy allocates: {@code choice} ({@link CostChoicePolicy}) or {@code
 *     threshold} ({@link ThresholdPolicy} with budget feedback)
 * @param policies every registered allocation policy's own settings, by name, each read by its
 *     registry entry from its own keys (all are read, so that a bad value for a policy one switches
 *     to later is refused now)
 * @param context the calendar the models see ({@code context.*})
 * @param churn the churn budget per actuator, {@link #ACTUATORS} ({@code
 *     allocate.max-changes-per-day.<actuator>}, {@code allocate.change-cost.<kind>})
 * @param anomaly anomaly detection and what the loop does about it ({@code anomaly.*})
 */
public record Settings(
    Duration interval,
    String forecastModel,
    Map<String, Map<String, String>> forecastParams,
    Map<Resource, LoopBounds> bounds,
    String allocation,
    Map<String, PolicySetup> policies,
    ContextCalendar context,
    Map<String, ChurnBudget> churn,
    AnomalySettings anomaly) {

  public Settings {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("loop.interval must be positive: " + interval);
    }
    forecastParams = Map.copyOf(forecastParams);
    EnumMap<Resource, LoopBounds> p = new EnumMap<>(Resource.class);
    p.putAll(bounds);
    if (p.size() != Resource.values().length) {
      throw new IllegalArgumentException("loop bounds are needed for every resource");
    }
    bounds = Map.copyOf(p);
    Objects.requireNonNull(allocation, "allocation");
    policies = Map.copyOf(policies);
    if (!policies.containsKey(allocation)) {
      throw new IllegalArgumentException("no settings of allocate.policy = " + allocation);
    }
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(anomaly, "anomaly");
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
   * container's pod manager, a process's cgroup (a replayed trace of VMs is resized this way). A
   * device is resized by nothing: its recommendation costs no change, as a cgroup write.
   */
  public static final Map<WorkloadKind, String> MANAGED =
      Map.of(
          WorkloadKind.VM,
          "vm",
          WorkloadKind.CONTAINER,
          "pod",
          WorkloadKind.PROCESS,
          "cgroup",
          WorkloadKind.DEVICE,
          "cgroup");

  /**
   * On this host's daemon, every kind is resized through its cgroup (a device, recommended only, is
   * budgeted as one).
   */
  public static final Map<WorkloadKind, String> CGROUPS =
      Map.of(
          WorkloadKind.VM,
          "cgroup",
          WorkloadKind.CONTAINER,
          "cgroup",
          WorkloadKind.PROCESS,
          "cgroup",
          WorkloadKind.DEVICE,
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
    return policy().make(name, models, loopInterval);
  }

  /** The own settings of PAE's allocation policy ({@code allocate.policy}). */
  public PolicySetup policy() {
    return policies.get(allocation);
  }

  /**
   * How long {@link #allocationPolicy} watches a new series before it decides: {@code
   * allocate.choice.warm-up} for {@code choice}; one interval for {@code threshold}, which decides
   * from its model's first observation.
   */
  public Duration warmUp() {
    return policy().warmUp(interval);
  }

  /** The defaults file's own keys and values, sorted by key. */
  public static Map<String, String> defaults() {
    return new TreeMap<>(SettingsSource.defaults());
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

  /**
   * The defaults overridden by {@code overrides}; an unknown key or a bad value is refused. A
   * command that reads more sections from the same keys (the host's) reads them all from one {@link
   * SettingsSource} instead, then calls {@link SettingsSource#refuseUnread}.
   */
  public static Settings load(Map<String, String> overrides, ForecasterRegistry registry) {
    SettingsSource source = SettingsSource.of(overrides);
    Settings s = load(source, registry);
    source.refuseUnread();
    return s;
  }

  /**
   * Reads this section's keys from {@code source}: {@code loop.*}, {@code forecast.*} (the model
   * and every registered model's parameters), {@code policy.*}, {@code allocate.*} and the context
   * calendar's {@code context.*}. Keys of models nobody registered are left unread, for {@link
   * SettingsSource#refuseUnread} to refuse.
   */
  public static Settings load(SettingsSource source, ForecasterRegistry registry) {
    Duration interval = source.duration("loop.interval");
    String model = source.get("forecast.model");
    if (!registry.names().contains(model)) {
      throw new IllegalArgumentException(
          "forecast.model = "
              + model
              + " is not a known model; allowed: "
              + String.join(", ", registry.names()));
    }
    String allocation = source.get("allocate.policy");
    registry.registry().include(Allocations.CONTRIBUTION, Allocations::register);
    if (!registry.registry().contains(Allocations.KIND, allocation)) {
      throw new IllegalArgumentException(
          "allocate.policy = "
              + allocation
              + " is not known; allowed: "
              + registry.registry().names(Allocations.KIND));
    }
    Map<String, Map<String, String>> params = new TreeMap<>();
    for (String k : source.keys("forecast.")) {
      String rest = k.substring("forecast.".length());
      int dot = rest.indexOf('.');
      // A model's parameter name may itself hold dots: a composite model passes "<member>.<key>"
      // on to its member (forecast.tiers.cf.model).
      if (dot > 0 && registry.names().contains(rest.substring(0, dot))) {
        params
            .computeIfAbsent(rest.substring(0, dot), m -> new TreeMap<>())
            .put(rest.substring(dot + 1), source.get(k));
      }
    }
    EnumMap<Resource, LoopBounds> bounds = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      bounds.put(r, LoopBounds.read(source, Optional.of(r)));
    }
    Map<String, PolicySetup> policies = new TreeMap<>();
    for (String name : registry.registry().names(Allocations.KIND)) {
      policies.put(name, registry.registry().get(Allocations.KIND, name).read(source));
    }
    ContextCalendar context = ContextCalendar.load(source);
    Settings s =
        new Settings(
            interval,
            model,
            params,
            bounds,
            allocation,
            policies,
            context,
            churnBudgets(source),
            AnomalySettings.load(source));
    // Every model's parameters are checked, not only the configured model's: a bad value for a
    // model one switches to later is refused now.
    for (String m : params.keySet()) {
      s.forecasterFactory(registry, m);
    }
    s.forecasterFactory(registry);
    if (s.anomaly.enabled()) {
      AnomalyRegistry.standard()
          .factory(s.anomaly.detector(), s.anomaly.detectorParams(), s.forecasterFactory(registry));
    }
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

  private static Map<String, ChurnBudget> churnBudgets(SettingsSource source) {
    Map<String, ChurnBudget> out = new TreeMap<>();
    for (String actuator : ACTUATORS) {
      String changes = "allocate.max-changes-per-day." + actuator;
      String n = source.get(changes);
      try {
        out.put(
            actuator,
            new ChurnBudget(
                n.equals("unlimited") ? Double.POSITIVE_INFINITY : Values.number(changes, n),
                source.duration("allocate.change-cost." + actuator)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("for " + actuator + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** Parses a duration by the one rule of {@link Values#duration}. */
  public static Duration duration(String key, String value) {
    return Values.duration(key, value);
  }
}
