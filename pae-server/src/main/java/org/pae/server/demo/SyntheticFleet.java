package org.pae.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.pae.core.allocate.Allocations;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.assembly.Assembly;
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
import org.pae.server.steer.ActivePolicy;
import org.pae.server.steer.LiveSteering;

/**
 * A seeded synthetic fleet driving the real control loop, with an in-memory actuator that applies
 * every resize and a clock that is only ever advanced by {@link #advance}. Two shapes: {@link
 * #SyntheticFleet(int, long, Instant, int) n workloads} of two accounts ({@code acme} with a memory
 * quota, {@code globex}) with daily-shaped memory and CPU, allocated twice their usage, under the
 * threshold policy; and {@link #host a host} as {@code pae run} sees one — processes named by their
 * command, a service's cgroup, a libvirt guest's, a network interface, and a process that starts
 * late — each starting at its usage, under the configured policy (so with its warm-up). For demos,
 * the API's tests and its load benchmark — never for reported figures.
 */
public final class SyntheticFleet {
  public static final AccountId ACME = new AccountId("acme");
  public static final AccountId GLOBEX = new AccountId("globex");
  private static final String[] PROGRAMS = {"web", "batch", "db"};

  /** The kinds the demo's guests take in turn (its one device, an interface, is added apart). */
  private static final List<WorkloadKind> GUESTS =
      List.of(WorkloadKind.VM, WorkloadKind.CONTAINER, WorkloadKind.PROCESS);

  private static final double GIB = 1024.0 * 1024 * 1024;
  private static final double MIB = 1024.0 * 1024;

  /**
   * One workload's usage: per resource its mean level; {@code phase} shifts its cycles, {@code
   * noise} is the relative spread of its memory (every other resource's is 0.2), and it exists from
   * tick {@code from} on.
   */
  private record Shape(Map<Resource, Double> levels, double phase, double noise, int from) {}

  private final List<Workload> workloads = new ArrayList<>();
  private final Map<SeriesKey, Double> allocations = new HashMap<>();
  private final Map<WorkloadId, Shape> shape = new HashMap<>();

  /** Workloads whose memory leaks: from a tick on, by a share of its level more every tick. */
  private record Leak(int from, double perTick) {}

  private final Map<WorkloadId, Leak> leaks = new HashMap<>();
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
              GUESTS.get(i % GUESTS.size()),
              Optional.empty(),
              ProgramCode.of(program),
              account,
              c);
      double baseGib = 0.5 + random.nextDouble() * 3.5;
      double cores = 200 + random.nextDouble() * 1800;
      double phase = random.nextDouble() * Math.PI * 2;
      add(w, Map.of(Resource.MEMORY, baseGib * GIB, Resource.CPU, cores), phase, 0.03, 0);
      allocations.put(new SeriesKey(w.id(), Resource.MEMORY), 2 * baseGib * GIB);
      allocations.put(new SeriesKey(w.id(), Resource.CPU), 2 * cores);
    }
    Account acme = new Account(ACME, Map.of(Resource.MEMORY, n * 4 * GIB), Map.of());
    Account globex = Account.unlimited(GLOBEX);
    this.steering =
        new LiveSteering(Steering.uniform(settings.bounds(), Map.of()), List.of(acme, globex));
    ThresholdPolicy.Setup threshold = (ThresholdPolicy.Setup) settings.policies().get("threshold");
    steering.runs(
        ActivePolicy.of(
            "threshold",
            Set.copyOf(Allocations.reads(registry.registry(), "threshold")),
            threshold));
    this.metrics = new EngineMetrics();
    this.live =
        new LiveState(
            interval, settings.warmUp(), "pae", metrics, Optional.empty(), historyCapacity, 1000);
    ControlLoop loop =
        new ControlLoop(
            new ThresholdPolicy(
                "pae",
                live.tracking(settings.forecasterFactory(registry)),
                threshold.resources(),
                false),
            steering,
            interval);
    this.engine = new Engine(live.observing(this::observe), loop, this::apply);
  }

  /** A host's engine assembled from {@code assembly} as {@code pae run} assembles it. */
  private SyntheticFleet(long seed, Instant start, int historyCapacity, Assembly assembly) {
    this.random = new SplittableRandom(seed);
    this.now = start;
    this.interval = assembly.settings().interval();
    this.steering = new LiveSteering(assembly.steering(), List.of());
    steering.runs(
        ActivePolicy.of(
            assembly.settings().allocation(),
            Set.copyOf(assembly.policyReads()),
            assembly.settings().policy()));
    this.metrics = new EngineMetrics();
    this.live =
        new LiveState(
            interval,
            assembly.settings().warmUp(),
            "pae",
            metrics,
            Optional.empty(),
            historyCapacity,
            1000);
    ControlLoop loop =
        assembly.loop(
            assembly.policy(
                "pae",
                assembly.forecasting(Optional.empty(), Optional.of(live.remembering())),
                interval),
            steering,
            interval,
            Settings.CGROUPS);
    this.engine = new Engine(live.observing(this::observe), loop, this::apply);
  }

  /**
   * A host as {@code pae run} sees one, in the default account: four processes named by their
   * command ({@code java}'s memory is the spikiest), a service's cgroup, a libvirt guest's cgroup,
   * the interface {@code eth0} (network only), and {@code rsync}, which starts at tick {@code
   * lateStart}. Every series starts allocated at its first usage, as the recommender starts.
   *
   * @param settings overrides of the defaults (e.g. a shorter {@code allocate.choice.warm-up})
   */
  public static SyntheticFleet host(
      long seed, Instant start, int historyCapacity, Map<String, String> settings, int lateStart) {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    SyntheticFleet f =
        new SyntheticFleet(
            seed,
            start,
            historyCapacity,
            new Assembly(Settings.load(settings, registry), registry));
    f.process(812, "postgres", 1.6 * GIB, 400, 12 * MIB, 0.02, 0);
    f.process(1207, "java", 3.2 * GIB, 1500, 2 * MIB, 0.12, 0);
    f.process(377, "nginx", 90 * MIB, 60, 0.2 * MIB, 0.02, 0);
    f.process(2311, "python3", 600 * MIB, 250, 0, 0.04, 0);
    f.process(4242, "rsync", 300 * MIB, 150, 40 * MIB, 0.05, lateStart);
    f.add(
        Workload.of("/system.slice/docker.service", WorkloadKind.CONTAINER),
        Map.of(Resource.MEMORY, 800 * MIB, Resource.CPU, 300.0, Resource.DISK_IO, 3 * MIB),
        1.0,
        0.03,
        0);
    f.add(
        Workload.of("/machine.slice/machine-qemu\\x2d1\\x2dweb.scope", WorkloadKind.VM),
        Map.of(Resource.MEMORY, 2 * GIB, Resource.CPU, 900.0),
        2.0,
        0.02,
        0);
    f.add(
        Workload.of("net:eth0", WorkloadKind.DEVICE).withProgram(ProgramCode.of("netdev")),
        Map.of(Resource.NETWORK, 5 * MIB),
        3.0,
        0.05,
        0);
    return f;
  }

  private void process(
      int pid, String command, double mem, double cpu, double io, double noise, int from) {
    Map<Resource, Double> levels = new EnumMap<>(Resource.class);
    levels.put(Resource.MEMORY, mem);
    levels.put(Resource.CPU, cpu);
    if (io > 0) {
      levels.put(Resource.DISK_IO, io);
    }
    add(
        Workload.of("pid:" + pid, WorkloadKind.PROCESS).withProgram(ProgramCode.of(command)),
        levels,
        pid % 7,
        noise,
        from);
  }

  /**
   * Makes {@code workload}'s memory leak from tick {@code from} on: each tick adds {@code perTick}
   * of its level, for the anomaly detector to find (a demo of {@code anomaly.detector}).
   */
  public SyntheticFleet leak(WorkloadId workload, int from, double perTick) {
    if (!shape.containsKey(workload)) {
      throw new IllegalArgumentException("no workload " + workload + " in this fleet");
    }
    leaks.put(workload, new Leak(from, perTick));
    return this;
  }

  private void add(Workload w, Map<Resource, Double> levels, double phase, double noise, int from) {
    workloads.add(w);
    shape.put(w.id(), new Shape(new EnumMap<>(levels), phase, noise, from));
  }

  private List<Observation> observe(Instant t) {
    List<Observation> out = new ArrayList<>(workloads.size() * 2);
    double day = 2 * Math.PI * (t.getEpochSecond() % 86_400) / 86_400.0;
    double minute = 2 * Math.PI * (t.getEpochSecond() % 600) / 600.0;
    for (Workload w : workloads) {
      Shape s = shape.get(w.id());
      if (ticks < s.from()) {
        continue;
      }
      double wave = 1 + 0.25 * Math.sin(day + s.phase()) + 0.15 * Math.sin(minute + s.phase());
      for (Map.Entry<Resource, Double> e : s.levels().entrySet()) {
        double noise =
            e.getKey() == Resource.MEMORY
                ? 1 + s.noise() * random.nextGaussian()
                : Math.max(0.05, 1 + 0.2 * random.nextGaussian());
        Leak leak = e.getKey() == Resource.MEMORY ? leaks.get(w.id()) : null;
        double leaked =
            leak == null || ticks < leak.from()
                ? 0
                : e.getValue() * leak.perTick() * (ticks - leak.from());
        double usage = Math.max(0, e.getValue() * wave * noise + leaked);
        SeriesKey key = new SeriesKey(w.id(), e.getKey());
        double allocated = allocations.computeIfAbsent(key, k -> usage);
        out.add(Observation.of(w, e.getKey(), usage, allocated));
      }
    }
    return out;
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
