package org.pae.server.state;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Rule;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.engine.Engine;
import org.pae.core.forecast.Forecast;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.model.AccountId;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.MetricSource;
import org.pae.server.metrics.EngineMetrics;

/**
 * The engine state the API serves, built on the loop's thread after every tick and published as an
 * immutable {@link Snapshot}. The daemon wires it in three places: its metric source through {@link
 * #observing}, its forecaster factory through {@link #tracking} (so the API can show each series'
 * quantiles), and each tick through {@link #tick}.
 */
public final class LiveState implements EngineView {
  /**
   * Quantile levels of every forecast the API shows. It only reads them, tracking none: they are
   * calibrated where the engine tracks the pair, the model's own quantile elsewhere.
   */
  public static final double[] LEVELS = {0.05, 0.5, 0.95, 0.99};

  /** Horizons of every forecast, in loop intervals. */
  private static final int[] HORIZON_INTERVALS = {1, 12, 60};

  private static final double TAIL = 1e-5;
  private static final int RISK_STEPS = 16;

  private final Duration interval;
  private final Duration warmUp;
  private final List<Duration> horizons;
  private final EngineMetrics metrics;
  private final HistorySource history;
  private final RecentHistory recent;
  private final int logCapacity;
  private final Map<SeriesKey, WeakReference<Forecaster>> models = new HashMap<>();
  private final Map<SeriesKey, Double> initial = new HashMap<>();
  private final Map<SeriesKey, Instant> firstSeen = new HashMap<>();
  private final Map<SeriesKey, Double> lastMedian = new HashMap<>();
  private final ArrayDeque<DecisionRecord> log = new ArrayDeque<>();
  private final Map<WorkloadId, List<DecisionRecord>> perWorkload = new HashMap<>();

  /** The latest anomalies by id, oldest first, at most {@code logCapacity}. */
  private final LinkedHashMap<Long, AnomalyRecord> anomalies = new LinkedHashMap<>();

  private List<Observation> observed = List.of();
  private volatile Snapshot snapshot;

  /**
   * @param interval the loop's interval: forecasts are shown at 1, 12 and 60 of them
   * @param warmUp how long the policy watches a new series before it decides ({@link
   *     org.pae.core.settings.Settings#warmUp}): the API shows what is left of it
   * @param policy the policy's name
   * @param metrics where tick durations, decisions and forecast errors go
   * @param history the store the API reads history from; empty: the last {@code recentCapacity}
   *     samples per series, kept in memory
   * @param recentCapacity samples per series kept in memory (when no store is given)
   * @param logCapacity how many of the latest resizes the decision log keeps
   */
  public LiveState(
      Duration interval,
      Duration warmUp,
      String policy,
      EngineMetrics metrics,
      Optional<HistorySource> history,
      int recentCapacity,
      int logCapacity) {
    this.interval = Objects.requireNonNull(interval, "interval");
    this.warmUp = Objects.requireNonNull(warmUp, "warmUp");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.recent = history.isPresent() ? null : new RecentHistory(recentCapacity);
    this.history = history.orElse(recent);
    this.logCapacity = logCapacity;
    List<Duration> h = new ArrayList<>();
    for (int k : HORIZON_INTERVALS) {
      h.add(interval.multipliedBy(k));
    }
    this.horizons = List.copyOf(h);
    this.snapshot = Snapshot.empty(interval, policy);
  }

  /** The source, remembering what it observed for the snapshot. */
  public MetricSource observing(MetricSource source) {
    return now -> {
      List<Observation> o = source.observe(now);
      observed = o;
      return o;
    };
  }

  /** The factory, remembering each series' model so the API can show its forecast. */
  public ForecasterFactory tracking(ForecasterFactory factory) {
    return factory.then(remembering());
  }

  /**
   * What {@link #tracking} does with each model made: remembers it by its series, so the API can
   * show its forecast, and returns it unchanged.
   */
  public BiFunction<SeriesSpec, Forecaster, Forecaster> remembering() {
    return (spec, f) -> {
      models.put(spec.key(), new WeakReference<>(f));
      return f;
    };
  }

  /** Runs one tick of the engine and publishes what it saw and did. */
  public Engine.Tick tick(Engine engine, Instant now) {
    long start = System.nanoTime();
    Engine.Tick tick = engine.tick(now);
    record(now, tick, Duration.ofNanos(System.nanoTime() - start));
    return tick;
  }

  /** Publishes a tick that the caller ran (on the loop's thread, after {@link #observing}). */
  public void record(Instant now, Engine.Tick tick, Duration took) {
    metrics.tick(took, tick.plan(), tick.actuations());
    Map<SeriesKey, Observation> byKey = HashMap.newHashMap(observed.size());
    for (Observation o : observed) {
      byKey.put(o.key(), o);
    }
    Map<SeriesKey, Actuation> acted = new HashMap<>();
    for (Actuation a : tick.actuations()) {
      acted.put(a.decision().series(), a);
    }
    Map<WorkloadId, Map<Resource, SeriesView>> series = new HashMap<>();
    Map<WorkloadId, org.pae.core.model.Workload> workloads = new HashMap<>();
    Set<SeriesKey> live = new HashSet<>();
    for (Decision d : tick.plan().decisions()) {
      SeriesKey key = d.series();
      Observation o = byKey.get(key);
      if (o == null) {
        continue;
      }
      live.add(key);
      workloads.put(key.workload(), o.workload());
      series
          .computeIfAbsent(key.workload(), k -> new EnumMap<>(Resource.class))
          .put(key.resource(), view(now, o, d));
      if (recent != null) {
        recent.add(key, now, o.usage(), d.allocation());
      }
      Actuation a = acted.get(key);
      if (d instanceof Decision.Resize || a != null) {
        DecisionRecord r =
            new DecisionRecord(now, o.workload().account(), d, Optional.ofNullable(a));
        log.addFirst(r);
        if (log.size() > logCapacity) {
          log.removeLast();
        }
        List<DecisionRecord> mine =
            new ArrayList<>(perWorkload.getOrDefault(key.workload(), List.of()));
        mine.addFirst(r);
        perWorkload.put(
            key.workload(), List.copyOf(mine.subList(0, Math.min(mine.size(), PER_WORKLOAD))));
      }
    }
    initial.keySet().retainAll(live);
    firstSeen.keySet().retainAll(live);
    lastMedian.keySet().retainAll(live);
    models.values().removeIf(ref -> ref.get() == null);
    perWorkload.keySet().retainAll(workloads.keySet());
    if (recent != null) {
      recent.retain(live);
    }
    TreeMap<WorkloadId, WorkloadView> views = new TreeMap<>();
    workloads.forEach(
        (id, w) ->
            views.put(
                id, new WorkloadView(w, series.get(id), perWorkload.getOrDefault(id, List.of()))));
    for (Anomaly a : tick.plan().anomalies()) {
      org.pae.core.model.Workload w = workloads.get(a.workload());
      AccountId account =
          w != null
              ? w.account()
              : Optional.ofNullable(anomalies.get(a.id()))
                  .map(AnomalyRecord::account)
                  .orElse(AccountId.DEFAULT);
      anomalies.put(a.id(), new AnomalyRecord(a, account));
    }
    Iterator<Long> oldest = anomalies.keySet().iterator();
    while (anomalies.size() > logCapacity && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    List<AnomalyRecord> newestFirst = new ArrayList<>(anomalies.values());
    Collections.reverse(newestFirst);
    snapshot = new Snapshot(now, interval, snapshot.policy(), views, List.copyOf(log), newestFirst);
  }

  /** How many resizes per workload its own log keeps. */
  private static final int PER_WORKLOAD = 50;

  private SeriesView view(Instant now, Observation o, Decision d) {
    SeriesKey key = o.key();
    double first = initial.computeIfAbsent(key, k -> o.allocated());
    Instant since = firstSeen.computeIfAbsent(key, k -> now);
    boolean warming = d.reason().rule() == Rule.WARMING_UP;
    WeakReference<Forecaster> ref = models.get(key);
    Forecaster model = ref == null ? null : ref.get();
    Optional<Forecast> forecast = Optional.empty();
    double risk = Double.NaN;
    if (model != null && model.observations() > 0) {
      Forecast f = model.forecast(horizons, LEVELS);
      forecast = Optional.of(f);
      risk = risk(model, interval, d.allocation());
      double median = f.value(interval, 0.5);
      Double previous = lastMedian.put(key, median);
      if (previous != null && o.usage().isPresent()) {
        double u = o.usage().getAsDouble();
        double scale = Math.max(u, previous);
        if (scale > 0 && Double.isFinite(previous)) {
          metrics.forecastError(key.resource(), Math.min(1, Math.abs(u - previous) / scale));
        }
      }
    }
    double predicted =
        d.reason()
            .evidence()
            .map(org.pae.core.allocate.Evidence::predicted)
            .orElse(
                warming
                    ? forecast.map(f -> f.value(interval, 0.5)).orElse(Double.NaN)
                    : Double.NaN);
    Optional<Duration> left = Optional.empty();
    if (warming) {
      Duration l = warmUp.minus(Duration.between(since, now));
      left = Optional.of(l.isNegative() ? Duration.ZERO : l);
    }
    return new SeriesView(
        key.resource(),
        o.usage(),
        o.allocated(),
        d.allocation(),
        d,
        forecast,
        predicted,
        risk,
        first,
        left);
  }

  /**
   * The forecast probability that the value one horizon ahead exceeds {@code allocation}: the level
   * q whose quantile equals it gives 1 − q, found by bisection on log(1 − q), within [1e-5, 1 −
   * 1e-5].
   */
  static double risk(Forecaster model, Duration horizon, double allocation) {
    double lo = Math.log(TAIL);
    double hi = Math.log(1 - TAIL);
    if (model.quantile(horizon, 1 - TAIL) <= allocation) {
      return TAIL;
    }
    if (model.quantile(horizon, TAIL) > allocation) {
      return 1 - TAIL;
    }
    for (int i = 0; i < RISK_STEPS; i++) {
      double mid = (lo + hi) / 2;
      double q = 1 - Math.exp(mid);
      if (model.quantile(horizon, q) > allocation) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.exp((lo + hi) / 2);
  }

  @Override
  public Snapshot snapshot() {
    return snapshot;
  }

  @Override
  public HistorySource history() {
    return history;
  }

  /**
   * Adds per-workload gauges to {@code /metrics}, read from the latest snapshot at each scrape, for
   * at most {@code max} workloads ({@link WorkloadGauges}).
   */
  public void exportWorkloads(int max) {
    metrics.register(new WorkloadGauges(this::snapshot, max));
  }

  /** Where tick durations, decisions and forecast errors go; what {@code /metrics} shows. */
  public EngineMetrics metrics() {
    return metrics;
  }
}
