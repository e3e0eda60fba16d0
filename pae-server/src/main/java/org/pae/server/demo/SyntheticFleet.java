package org.pae.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.engine.Engine;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Steering;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Observation;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.Actuation;
import org.pae.core.settings.Settings;
import org.pae.server.metrics.EngineMetrics;
import org.pae.server.state.LiveState;
import org.pae.server.steer.LiveSteering;

/**
 * A seeded synthetic fleet driving the real control loop: daily-shaped memory and CPU usage with
 * noise for {@code n} workloads of two accounts ({@code acme} with a memory quota, {@code globex}),
 * an in-memory actuator that applies every resize, and a clock that is only ever advanced by {@link
 * #advance}. For demos, the API's tests and its load benchmark — never for reported figures.
 */
public final class SyntheticFleet {
  public static final AccountId ACME = new AccountId("acme");
  public static final AccountId GLOBEX = new AccountId("globex");
  private static final String[] PROGRAMS = {"web", "batch", "db"};
  private static final double GIB = 1024.0 * 1024 * 1024;

  private final List<Workload> workloads = new ArrayList<>();
  private final Map<SeriesKey, Double> allocations = new HashMap<>();
  private final Map<WorkloadId, double[]> shape = new HashMap<>();
  private final SplittableRandom random;
  private final Duration interval;
  private final LiveSteering steering;
  private final LiveState live;
  private final EngineMetrics metrics;
  private final Engine engine;
  private Instant now;
  private int ticks;

  /**
   * @param n how many workloads
   * @param seed the random seed
   * @param start the time of the first tick
   * @param historyCapacity samples kept per series for the history endpoint
   */
  public SyntheticFleet(int n, long seed, Instant start, int historyCapacity) {
    this.random = new SplittableRandom(seed);
    this.now = start;
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Settings settings = Settings.load(Map.of(), registry);
    this.interval = settings.interval();
    for (int i = 0; i < n; i++) {
      AccountId account = i % 3 == 2 ? GLOBEX : ACME;
      String program = PROGRAMS[i % PROGRAMS.length];
      Criticality c =
          i % 10 == 0
              ? Criticality.CRITICAL
              : i % 7 == 0 ? Criticality.BEST_EFFORT : Criticality.NORMAL;
      Workload w =
          new Workload(
              WorkloadId.of(String.format("%s-%s-%05d", account, program, i)),
              WorkloadKind.values()[i % WorkloadKind.values().length],
              Optional.empty(),
              ProgramCode.of(program),
              account,
              c);
      workloads.add(w);
      double baseGib = 0.5 + random.nextDouble() * 3.5;
      double cores = 200 + random.nextDouble() * 1800;
      double phase = random.nextDouble() * Math.PI * 2;
      shape.put(w.id(), new double[] {baseGib * GIB, cores, phase});
      allocations.put(new SeriesKey(w.id(), Resource.MEMORY), 2 * baseGib * GIB);
      allocations.put(new SeriesKey(w.id(), Resource.CPU), 2 * cores);
    }
    Account acme = new Account(ACME, Map.of(Resource.MEMORY, n * 4 * GIB), Map.of());
    Account globex = Account.unlimited(GLOBEX);
    this.steering =
        new LiveSteering(Steering.uniform(settings.policies(), Map.of()), List.of(acme, globex));
    this.metrics = new EngineMetrics();
    this.live = new LiveState(interval, "pae", metrics, Optional.empty(), historyCapacity, 1000);
    ControlLoop loop =
        new ControlLoop(
            new ThresholdPolicy("pae", live.tracking(settings.forecasterFactory(registry))),
            steering,
            interval);
    this.engine = new Engine(live.observing(this::observe), loop, this::apply);
  }

  private List<Observation> observe(Instant t) {
    List<Observation> out = new ArrayList<>(workloads.size() * 2);
    double day = 2 * Math.PI * (t.getEpochSecond() % 86_400) / 86_400.0;
    double minute = 2 * Math.PI * (t.getEpochSecond() % 600) / 600.0;
    for (Workload w : workloads) {
      double[] s = shape.get(w.id());
      double wave = 1 + 0.25 * Math.sin(day + s[2]) + 0.15 * Math.sin(minute + s[2]);
      double mem = s[0] * wave * (1 + 0.03 * random.nextGaussian());
      double cpu = s[1] * wave * Math.max(0.05, 1 + 0.2 * random.nextGaussian());
      out.add(Observation.of(w, Resource.MEMORY, Math.max(0, mem), alloc(w, Resource.MEMORY)));
      out.add(Observation.of(w, Resource.CPU, Math.max(0, cpu), alloc(w, Resource.CPU)));
    }
    return out;
  }

  private double alloc(Workload w, Resource r) {
    return allocations.get(new SeriesKey(w.id(), r));
  }

  private List<Actuation> apply(org.pae.core.loop.Plan plan) {
    List<Actuation> out = new ArrayList<>();
    for (Decision.Resize r : plan.resizes()) {
      allocations.put(r.series(), r.to());
      out.add(new Actuation(r, Actuation.Status.APPLIED, ""));
    }
    return out;
  }

  /** Runs {@code count} ticks, one interval apart; returns the time of the last. */
  public synchronized Instant advance(int count) {
    for (int i = 0; i < count; i++) {
      if (ticks > 0) {
        now = now.plus(interval);
      }
      live.tick(engine, now);
      ticks++;
    }
    return now;
  }

  public synchronized Instant now() {
    return now;
  }

  public List<Workload> workloads() {
    return List.copyOf(workloads);
  }

  public LiveSteering steering() {
    return steering;
  }

  public LiveState live() {
    return live;
  }

  public EngineMetrics metrics() {
    return metrics;
  }

  public Duration interval() {
    return interval;
  }
}
