package org.pae.core.assembly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Allocations;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.allocate.PolicySetup;
import org.pae.core.anomaly.AnomalyRegistry;
import org.pae.core.anomaly.AnomalySettings;
import org.pae.core.anomaly.AnomalyWatch;
import org.pae.core.context.ContextualFactory;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Learner;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Steering;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.past.PastSource;
import org.pae.core.settings.Settings;

/**
 * PAE's engine as one settings file makes it, the same in every command that runs it: {@code run}
 * (the live engine), {@code simulate} (the replay's {@code pae} policy), {@code forecast-eval} (its
 * models) and the benchmarks. What differs between them is what their driver supplies, and only
 * that: the clock (the loop's interval: {@code loop.interval} live, the trace's step in a replay),
 * where the models read their past (the history store, the trace), an observer of the models made
 * (the dashboard's tracking), the actuator of each kind of workload, and the host's limits.
 *
 * <p>The forecaster stack is built in one fixed order: the model with its parameters ({@code
 * forecast.<model>.*}), wrapped in the context calendar ({@code context.*}, where it has events),
 * reading its past from the driver's source (where it has one), passed to the driver's observer
 * (where it has one; the observer sees every model made, with its specification, and changes no
 * forecast). Each wrapper forwards the whole {@link SeriesSpec}, so none drops a capability of the
 * model.
 */
public final class Assembly {
  /**
   * What is assembled, by name and setting: equal for one settings file in every command. The
   * driver's parts (clock, past source, observer, actuators, host limits) are not in it.
   *
   * @param allocation the allocation policy's name ({@code allocate.policy})
   * @param forecasting the forecaster stack the settings choose, innermost first: the model's name,
   *     then {@code context} where the calendar has events
   * @param modelParameters the configured model's parameters
   * @param bounds the loop's bounds per resource ({@code policy.*}, {@link LoopBounds#KEYS})
   * @param policy the allocation policy's own settings, as its registry entry read them
   * @param churn the churn budget per actuator ({@code allocate.max-changes-per-day.*}, {@code
   *     allocate.change-cost.*})
   * @param warmUp how long the policy watches a new series before it decides
   * @param learners the names of the models retrained from the history
   */
  public record Parts(
      String allocation,
      List<String> forecasting,
      Map<String, String> modelParameters,
      Map<Resource, LoopBounds> bounds,
      PolicySetup policy,
      Map<String, ChurnBudget> churn,
      Duration warmUp,
      List<String> learners) {
    public Parts {
      forecasting = List.copyOf(forecasting);
      modelParameters = Map.copyOf(modelParameters);
      bounds = Map.copyOf(bounds);
      churn = Map.copyOf(churn);
      learners = List.copyOf(learners);
    }
  }

  private final Settings settings;
  private final ForecasterRegistry registry;

  /** Each model's stack, made once: every worker and series of a command shares its factory. */
  private final Map<String, Stack> stacks = new ConcurrentHashMap<>();

  /**
   * @param settings the settings, loaded with {@code registry}
   * @param registry where the models and the allocation policies are found by name
   */
  public Assembly(Settings settings, ForecasterRegistry registry) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** The settings it assembles from. */
  public Settings settings() {
    return settings;
  }

  /** What {@link #policy} and {@link #forecasting} assemble, by name and setting. */
  public Parts parts() {
    Stack s = stack(settings.forecastModel());
    return new Parts(
        settings.allocation(),
        s.layers(),
        settings.forecastParams().getOrDefault(settings.forecastModel(), Map.of()),
        settings.bounds(),
        settings.policy(),
        settings.churn(),
        settings.warmUp(),
        s.factory().learners().stream().map(Learner::name).toList());
  }

  /**
   * The configured model's stack ({@code forecast.model}) with the driver's past source and
   * observer, in the fixed order.
   */
  public ForecasterFactory forecasting(
      Optional<PastSource> past,
      Optional<BiFunction<SeriesSpec, Forecaster, Forecaster>> observer) {
    return forecasting(settings.forecastModel(), past, observer);
  }

  /** Model {@code name}'s stack with the driver's past source and observer, in the fixed order. */
  public ForecasterFactory forecasting(
      String name,
      Optional<PastSource> past,
      Optional<BiFunction<SeriesSpec, Forecaster, Forecaster>> observer) {
    ForecasterFactory f = stack(name).factory();
    if (past.isPresent()) {
      f = f.reading(past.get());
    }
    if (observer.isPresent()) {
      f = f.then(observer.get());
    }
    return f;
  }

  /**
   * PAE's allocation policy ({@code allocate.policy}) named {@code name}, forecasting with {@code
   * forecasting} (made by {@link #forecasting}), for a loop that runs every {@code loopInterval}.
   */
  public AllocationPolicy policy(
      String name, ForecasterFactory forecasting, Duration loopInterval) {
    return settings.allocationPolicy(name, forecasting, loopInterval);
  }

  /**
   * The {@code policy.*} keys the allocation policy reads itself ({@link Allocations#reads}); the
   * loop reads {@link LoopBounds#KEYS} under every policy.
   */
  public List<String> policyReads() {
    return Allocations.reads(registry.registry(), settings.allocation());
  }

  /** The loop's bounds per resource, the same for every workload ({@code policy.*}). */
  public Map<Resource, LoopBounds> bounds() {
    return settings.bounds();
  }

  /** The steering of the bounds alone, before a driver's limits and an operator's changes. */
  public Steering steering() {
    return Steering.uniform(settings.bounds(), Map.of());
  }

  /** The churn budget of each kind of workload, resized by the actuator named for its kind. */
  public Map<WorkloadKind, ChurnBudget> churn(Map<WorkloadKind, String> actuators) {
    return settings.churn(actuators);
  }

  /**
   * The control loop of {@code policy} under {@code steering}, every {@code interval}, with the
   * anomaly watch of the settings ({@link #anomalies}) on the configured model's stack.
   */
  public ControlLoop loop(
      AllocationPolicy policy,
      Steering steering,
      Duration interval,
      Map<WorkloadKind, String> actuators) {
    return new ControlLoop(
        policy,
        steering,
        interval,
        churn(actuators),
        anomalies(forecasting(Optional.empty(), Optional.empty())));
  }

  /**
   * The anomaly watch the settings configure ({@code anomaly.*}), judging each series against
   * forecasts of {@code forecasting} (a second instance of the models per series, beside the
   * policy's); empty when {@code anomaly.detector = none}.
   */
  public Optional<AnomalyWatch> anomalies(ForecasterFactory forecasting) {
    AnomalySettings a = settings.anomaly();
    if (!a.enabled()) {
      return Optional.empty();
    }
    return Optional.of(
        new AnomalyWatch(
            AnomalyRegistry.standard().factory(a.detector(), a.detectorParams(), forecasting), a));
  }

  /** The settings' part of a model's stack: the model, in its context. */
  private Stack stack(String name) {
    return stacks.computeIfAbsent(name, this::make);
  }

  private Stack make(String name) {
    List<String> layers = new ArrayList<>(List.of(name));
    ForecasterFactory model = settings.forecasterFactory(registry, name);
    ForecasterFactory f = ContextualFactory.of(model, settings.context());
    if (f != model) {
      layers.add("context");
    }
    return new Stack(f, layers);
  }

  private record Stack(ForecasterFactory factory, List<String> layers) {}
}
