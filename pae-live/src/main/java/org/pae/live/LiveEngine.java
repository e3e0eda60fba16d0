package org.pae.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.CostChoicePolicy;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.anomaly.AnomalySettings;
import org.pae.core.assembly.Assembly;
import org.pae.core.engine.Engine;
import org.pae.core.fleet.FleetMember;
import org.pae.core.fleet.FleetModels;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.Learner;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.forecast.ensemble.Models;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Adapter;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.MetricSource;
import org.pae.core.ports.OperatorState;
import org.pae.core.ports.past.PastSource;
import org.pae.core.settings.Settings;
import org.pae.host.Cgroup;
import org.pae.host.CgroupActuator;
import org.pae.host.CgroupHierarchy;
import org.pae.host.CgroupSource;
import org.pae.host.CompositeSource;
import org.pae.host.GpuSource;
import org.pae.host.HostSettings;
import org.pae.host.NetworkSource;
import org.pae.host.ProcessSource;
import org.pae.host.Recommender;
import org.pae.server.api.AnomalyWebhook;
import org.pae.server.metrics.EngineMetrics;
import org.pae.server.state.LiveState;
import org.pae.server.steer.ActivePolicy;
import org.pae.server.steer.LiveSteering;
import org.pae.store.JdbcHistoryStore;
import org.pae.store.StoreException;
import org.pae.store.StorePast;
import org.pae.store.StoreTrainingHistory;

/**
 * The live engine on this host: the sources the settings ask for (managed cgroups, other cgroups,
 * processes, network interfaces, GPUs where {@code nvidia-smi} is), the one control loop, the
 * cgroup actuator under {@code --enforce} (the recommender otherwise, and always for what PAE does
 * not manage), and the history store. {@link #tick} runs one interval; the caller owns the clock.
 * The latest tick is kept as a {@link Snapshot} for whoever shows it (the console, an API).
 *
 * <p>The learned models among the forecasting models ({@link ForecasterFactory#learners}) are
 * retrained from the history every {@code history.retrain-every}, on a thread of their own: a tick
 * that finds a retraining due starts it and goes on, the models take the new network or profiles at
 * a later tick, and a retraining that fails is logged while the old model keeps serving. In a
 * fleet, the learned models that can be trained on one host and served on others ({@link
 * PortableLearner}) are instead trained once over the fleet's history and loaded as published
 * ({@link FleetLearning}), on the same thread.
 *
 * <p>Its constructor checks everything before it changes anything on the host: the cgroups the
 * settings name exist, the processes to adopt are there and the history opens; only then does it
 * move processes into cgroups of their own. A refused start leaves the host as it was.
 */
public final class LiveEngine implements AutoCloseable {
  /**
   * What the last tick saw and did.
   *
   * @param plan the loop's decisions
   * @param observations what the sources returned
   * @param actuations what became of each resize
   */
  public record Snapshot(Plan plan, List<Observation> observations, List<Actuation> actuations) {}

  private final Assembly assembly;
  private final Settings settings;
  private final List<Adapter.Attached> attached;
  private final HostSettings host;
  private final boolean enforce;
  private final Consumer<String> log;
  private final Recommender recommender = new Recommender();
  private final CgroupActuator cgroupActuator;
  private final CgroupSource managed;
  private final CompositeSource source;
  private final ControlLoop loop;
  private final Engine engine;
  private final JdbcHistoryStore store;
  private final LiveSteering steering;
  private final LiveState state;
  private final AnomalyWebhook alerts;
  private final Optional<FleetMember> fleet;
  private final AllocationPolicy policy;
  private final Map<Resource, Double> capacity = new EnumMap<>(Resource.class);
  private final Set<WorkloadId> described = new HashSet<>();
  private Set<WorkloadId> live = new HashSet<>();
  private Instant lastRetention;
  private volatile Snapshot latest;
  private final List<Learner> learners;
  private final Optional<FleetLearning> fleetLearning;
  private final Optional<FleetModels> fleetModels;
  private final ExecutorService trainer;
  private Instant nextRetraining;
  private Instant nextModelCheck;
  private CompletableFuture<Void> retraining = CompletableFuture.completedFuture(null);

  /**
   * How this engine runs on its host, apart from the assembly its settings make.
   *
   * @param host the live engine's settings
   * @param enforce whether managed cgroups are written (else everything is recommend-only)
   * @param hierarchy the host's cgroup mounts
   * @param proc the procfs mount
   * @param dataDir where the embedded history goes unless {@code history.location} says otherwise
   * @param log where the daemon says what it cannot do and what went wrong
   * @param attached adapters (libvirt, Prometheus) whose sources join this host's, whose own
   *     workloads' resizes go to their actuators under {@code enforce}, and whose past {@link
   *     #warmUp} replays when the history has none; the engine closes them
   * @param fleet this host as a member of a fleet: every tick, between observing and deciding, it
   *     tells the fleet's store what this host's workloads hold and want of each account's quota
   *     and its loop's shortfall prices, and the loop then allocates each account within the least
   *     of its quota and this host's share, choosing at the fleet's agreed prices; the engine
   *     closes the fleet's connection
   */
  public record Options(
      HostSettings host,
      boolean enforce,
      CgroupHierarchy hierarchy,
      Path proc,
      Path dataDir,
      Consumer<String> log,
      List<Adapter.Attached> attached,
      Optional<FleetMember> fleet) {
    public Options {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(hierarchy, "hierarchy");
      Objects.requireNonNull(proc, "proc");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(log, "log");
      attached = List.copyOf(attached);
      Objects.requireNonNull(fleet, "fleet");
    }

    /** Recommend-only on this host alone: no adapters attached, no fleet. */
    public static Options of(
        HostSettings host,
        CgroupHierarchy hierarchy,
        Path proc,
        Path dataDir,
        Consumer<String> log) {
      return new Options(host, false, hierarchy, proc, dataDir, log, List.of(), Optional.empty());
    }

    /** These options, writing managed cgroups when {@code enforce}. */
    public Options enforcing(boolean enforce) {
      return new Options(host, enforce, hierarchy, proc, dataDir, log, attached, fleet);
    }

    /** These options, with {@code attached} adapters. */
    public Options attaching(List<Adapter.Attached> attached) {
      return new Options(host, enforce, hierarchy, proc, dataDir, log, attached, fleet);
    }

    /** These options, as a member of a fleet when {@code fleet} is present. */
    public Options inFleet(Optional<FleetMember> fleet) {
      return new Options(host, enforce, hierarchy, proc, dataDir, log, attached, fleet);
    }
  }

  /**
   * @param assembly the engine its settings make ({@code loop.*}, {@code forecast.*}, {@code
   *     policy.*}, {@code allocate.*}, {@code context.*}), assembled as in every command
   * @param options how it runs on this host
   */
  public LiveEngine(Assembly assembly, Options options) {
    Objects.requireNonNull(options, "options");
    HostSettings host = options.host();
    CgroupHierarchy hierarchy = options.hierarchy();
    Path proc = options.proc();
    Path dataDir = options.dataDir();
    Consumer<String> log = options.log();
    Optional<FleetMember> fleet = options.fleet();
    this.fleet = fleet;
    this.attached = options.attached();
    this.assembly = Objects.requireNonNull(assembly, "assembly");
    this.settings = assembly.settings();
    this.host = host;
    this.enforce = options.enforce();
    this.log = log;
    capacity.put(Resource.MEMORY, memTotal(proc));
    capacity.put(Resource.CPU, Runtime.getRuntime().availableProcessors() * 1000.0);

    checkCgroupsExist(hierarchy, host.cgroups());
    checkProcessesExist(proc, host.adoptPids());
    String location = host.historyLocation();
    store =
        JdbcHistoryStore.open(
            location.isEmpty() ? dataDir.resolve("history.duckdb").toString() : location,
            host.retention(),
            log);
    Map<WorkloadId, Cgroup> cgroups = new LinkedHashMap<>();
    List<CgroupSource.Managed> managedList;
    try {
      managedList = managedCgroups(hierarchy, cgroups);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    managed = new CgroupSource(managedList, proc, this::allocation, log);
    cgroupActuator = new CgroupActuator(cgroups, host.actuator(), managed::invalidate);

    Map<String, MetricSource> sources = new LinkedHashMap<>();
    sources.put("cgroups (managed)", managed);
    if (host.observeCgroups()) {
      sources.put("cgroups (observed)", observedCgroups(hierarchy, cgroups.keySet(), proc));
    }
    if (host.processes()) {
      sources.put("processes", new ProcessSource(proc, recommender::allocation, host.pss(), log));
    }
    if (host.network()) {
      sources.put("network", new NetworkSource(proc.resolve("net/dev"), recommender::allocation));
    }
    Optional<GpuSource> gpu = GpuSource.find(System.getenv("PATH"), recommender::allocation);
    if (gpu.isPresent()) {
      sources.put("gpu", gpu.get());
    } else {
      log.accept("GPU: nvidia-smi is not on the PATH; no GPU metrics on this host");
    }
    for (Adapter.Attached a : this.attached) {
      sources.put(a.name(), a.source());
    }
    source = new CompositeSource(sources, log);
    steering = LiveSteering.restored(steering(assembly.steering()), store, log);
    steering.runs(
        ActivePolicy.of(
            assembly.settings().allocation(),
            Set.copyOf(assembly.policyReads()),
            assembly.settings().policy()));
    AnomalySettings anomaly = assembly.settings().anomaly();
    alerts =
        new AnomalyWebhook(
            anomaly.webhook(), anomaly.webhookAttempts(), anomaly.webhookBackoff(), log);
    state =
        new LiveState(
            settings.interval(),
            settings.warmUp(),
            "pae",
            new EngineMetrics(),
            Optional.of(store::history),
            1,
            1000);
    state.exportWorkloads(host.metricsWorkloads());
    Optional<PastSource> past =
        refitsFromStore(settings, host, log)
            ? Optional.of(new StorePast(store, settings.interval(), log))
            : Optional.empty();
    ForecasterFactory forecasting = assembly.forecasting(past, Optional.of(state.remembering()));
    policy = assembly.policy("pae", forecasting, settings.interval());
    loop =
        assembly.loop(
            policy,
            fleet.map(f -> f.steering(steering)).orElse(steering),
            settings.interval(),
            Settings.CGROUPS);
    MetricSource observed = fleet.isPresent() ? this::observeAndExchange : source;
    engine = new Engine(state.observing(observed), loop, this::act);
    List<PortableLearner> portable = new ArrayList<>();
    List<Learner> local = new ArrayList<>();
    for (Learner l : forecasting.learners()) {
      if (fleet.isPresent() && l instanceof PortableLearner p) {
        portable.add(p);
      } else {
        local.add(l);
      }
    }
    learners = List.copyOf(local);
    fleetModels =
        portable.isEmpty() ? Optional.empty() : Optional.of(fleet.orElseThrow().store().models());
    fleetLearning =
        fleetModels.map(
            m ->
                new FleetLearning(
                    fleet.orElseThrow().host(), m, portable, host.retrainEvery(), log));
    trainer =
        (learners.isEmpty() || host.retrainEvery().isZero()) && fleetLearning.isEmpty()
            ? null
            : Executors.newSingleThreadExecutor(
                Thread.ofPlatform()
                    .name("pae-retrain")
                    .daemon()
                    .priority(Thread.MIN_PRIORITY)
                    .factory());
    if (!portable.isEmpty()) {
      log.accept(
          String.join(", ", portable.stream().map(Learner::name).toList())
              + ": trained over the fleet's history"
              + (host.retrainEvery().isZero()
                  ? " by other hosts"
                  : " at most once every " + host.retrainEvery())
              + ", the newest published version loaded (checked every "
              + fleet.orElseThrow().modelCheck()
              + ")");
    }
    if (!learners.isEmpty() && !host.retrainEvery().isZero()) {
      log.accept(
          "retraining "
              + String.join(", ", learners.stream().map(Learner::name).toList())
              + " from the history every "
              + host.retrainEvery());
    }
  }

  /**
   * Whether the forecasters read their refit windows from the store: when {@code
   * history.refit-from-store} is on and the store keeps raw samples for as long as a window spans
   * (the configured model's {@code history}, as the defaults file sets it unless set, times the
   * loop's interval). Otherwise a refit would fit on the few hours the store keeps, so the windows
   * stay in memory, and the log says why.
   */
  static boolean refitsFromStore(Settings settings, HostSettings host, Consumer<String> log) {
    if (!host.refitFromStore()) {
      return false;
    }
    String model = settings.forecastModel();
    String key = "forecast." + model + ".history";
    String history =
        settings
            .forecastParams()
            .getOrDefault(model, Map.of())
            .getOrDefault("history", Models.parameterDefault(model, model, "history"));
    // The fitted models count their history in samples, the learned ones (lstm, cf) as a span.
    boolean steps = history.chars().allMatch(Character::isDigit);
    Duration window =
        steps
            ? settings.interval().multipliedBy(Long.parseLong(history))
            : Settings.duration(key, history);
    if (window.compareTo(host.retention().raw()) > 0) {
      log.accept(
          "refit windows stay in memory: "
              + key
              + " ("
              + history
              + (steps ? ") x loop.interval (" + settings.interval() : "")
              + ") spans more than history.raw-retention ("
              + host.retention().raw()
              + ")");
      return false;
    }
    return true;
  }

  /** Refuses to start, before anything is changed, when a cgroup the settings name is missing. */
  private static void checkCgroupsExist(CgroupHierarchy hierarchy, List<String> paths) {
    for (String path : paths) {
      Cgroup c = hierarchy.cgroup(path);
      if (!c.exists()) {
        throw new IllegalArgumentException(
            "host.cgroups: " + c + " does not exist (create it, or remove it from the settings)");
      }
    }
  }

  /** Refuses to start, before anything is changed, when a process to adopt is not running. */
  private static void checkProcessesExist(Path proc, List<Long> pids) {
    for (long pid : pids) {
      if (!Files.isDirectory(proc.resolve(Long.toString(pid)))) {
        throw new IllegalArgumentException(
            "host.adopt-pids: no process " + pid + " is running (" + proc + "/" + pid + ")");
      }
    }
  }

  /**
   * Moves the processes to adopt into cgroups of their own, then lists every managed cgroup with
   * its workload (the named ones were checked to exist before).
   */
  private List<CgroupSource.Managed> managedCgroups(
      CgroupHierarchy hierarchy, Map<WorkloadId, Cgroup> out) {
    List<String> paths = new ArrayList<>(host.cgroups());
    for (long pid : host.adoptPids()) {
      String path = host.adoptRoot() + "/pid-" + pid;
      Cgroup c = hierarchy.cgroup(path);
      try {
        c.create();
        c.move(pid);
        log.accept("adopted process " + pid + " into " + c);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "host.adopt-pids: cannot move process " + pid + " into " + c + ": " + e, e);
      }
      paths.add(path);
    }
    List<CgroupSource.Managed> list = new ArrayList<>();
    for (String path : paths) {
      Cgroup c = hierarchy.cgroup(path);
      Optional<String> parent =
          paths.stream()
              .filter(p -> path.startsWith(p + "/"))
              .max((a, b) -> Integer.compare(a.length(), b.length()));
      boolean adopted = path.startsWith(host.adoptRoot() + "/pid-");
      Workload w =
          Workload.of(
              path,
              adopted
                  ? WorkloadKind.PROCESS
                  : parent.isPresent() ? WorkloadKind.CONTAINER : WorkloadKind.VM);
      if (parent.isPresent()) {
        w = w.withParent(WorkloadId.of(parent.get()));
      }
      out.put(w.id(), c);
      list.add(new CgroupSource.Managed(w, c));
    }
    return list;
  }

  private MetricSource observedCgroups(
      CgroupHierarchy hierarchy, Set<WorkloadId> managedIds, Path proc) {
    List<CgroupSource.Managed> list = new ArrayList<>();
    try {
      for (String path : hierarchy.all()) {
        if (!managedIds.contains(WorkloadId.of(path))) {
          // Only what its controllers have of it: many cgroups exist in one hierarchy only.
          Cgroup c = hierarchy.cgroup(path);
          list.add(
              new CgroupSource.Managed(Workload.of(path, WorkloadKind.CONTAINER), c, c.present()));
        }
      }
    } catch (RuntimeException e) {
      log.accept("cannot list this host's cgroups (" + e.getMessage() + "); observing none");
    }
    return new CgroupSource(list, proc, this::allocation, log);
  }

  private static double memTotal(Path proc) {
    try {
      for (String line : Files.readAllLines(proc.resolve("meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return 1024.0 * Long.parseLong(line.substring(9).replace("kB", "").trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Without /proc/meminfo memory is bounded by nothing but the policy.
      return Double.POSITIVE_INFINITY;
    }
    return Double.POSITIVE_INFINITY;
  }

  /**
   * What the sources see at {@code now}, once the fleet has heard what this host's workloads hold
   * and want and answered with this host's shares and the agreed prices (or, when its store does
   * not answer, the loop keeps the shares of the last exchange).
   */
  private List<Observation> observeAndExchange(Instant now) {
    List<Observation> observed = source.observe(now);
    FleetMember member = fleet.orElseThrow();
    Map<Resource, Double> prices = new EnumMap<>(Resource.class);
    if (policy instanceof CostChoicePolicy choice) {
      for (Resource r : Resource.values()) {
        prices.put(r, choice.price(r));
      }
    }
    member
        .exchange(now, observed, steering, prices)
        .ifPresent(
            reply -> {
              if (policy instanceof CostChoicePolicy choice) {
                for (Resource r : Resource.values()) {
                  choice.agree(r, reply.prices().getOrDefault(r, Double.NaN));
                }
              }
            });
    return observed;
  }

  /** The assembly's bounds; limits: no more than the host has, and a CFS quota's least. */
  private Steering steering(Steering uniform) {
    return new Steering() {
      @Override
      public LoopBounds bounds(Workload workload, Resource resource) {
        return uniform.bounds(workload, resource);
      }

      @Override
      public Limits limits(Workload workload, Resource resource) {
        double max = capacity.getOrDefault(resource, Double.POSITIVE_INFINITY);
        // 10 millicores is 1 ms per 100 ms period, the least quota the kernel takes.
        double min = resource == Resource.CPU ? Math.min(10, max) : 0;
        return new Limits(min, max);
      }

      @Override
      public Optional<Account> account(AccountId id) {
        return Optional.empty();
      }
    };
  }

  /**
   * What is in force for a series: the cgroup's real limit where PAE enforces it (the host's
   * capacity when there is none), else PAE's last recommendation, starting from the real limit or,
   * without one, the usage.
   */
  private double allocation(SeriesKey key, double limit, double usage) {
    if (enforce && cgroupActuator.manages(key.workload(), key.resource())) {
      return Double.isInfinite(limit)
          ? capacity.getOrDefault(key.resource(), Math.max(usage, 1))
          : limit;
    }
    return recommender.allocation(key, Double.isInfinite(limit) ? usage : limit);
  }

  /**
   * Enforced resizes go to the cgroups, or to the actuator of the adapter whose workload it is;
   * every other decision is remembered as a recommendation.
   */
  private List<Actuation> act(Plan plan) {
    List<Decision> enforced = new ArrayList<>();
    List<Decision> recommended = new ArrayList<>();
    Map<Adapter.Attached, List<Decision>> adapted = new LinkedHashMap<>();
    for (Decision d : plan.decisions()) {
      Optional<Adapter.Attached> owner =
          attached.stream()
              .filter(a -> a.actuator().isPresent() && a.owns().test(d.series().workload()))
              .findFirst();
      if (enforce && owner.isPresent()) {
        adapted.computeIfAbsent(owner.get(), a -> new ArrayList<>()).add(d);
        continue;
      }
      boolean writes =
          enforce && cgroupActuator.manages(d.series().workload(), d.series().resource());
      (writes ? enforced : recommended).add(d);
    }
    List<Actuation> out = new ArrayList<>(cgroupActuator.apply(new Plan(plan.time(), enforced)));
    adapted.forEach(
        (a, ds) -> out.addAll(a.actuator().orElseThrow().apply(new Plan(plan.time(), ds))));
    out.addAll(recommender.apply(new Plan(plan.time(), recommended)));
    recommender.retainOnly(plan);
    return out;
  }

  /**
   * Replays up to {@code history.warm-up} of stored history before {@code now} into the loop, so
   * its forecasters start warm; when the history has nothing, the attached adapters' own past
   * (Prometheus's backfill) instead, so that one series is never fed the same times twice. Returns
   * how many samples it replayed.
   */
  public long warmUp(Instant now) {
    long stored = warmUpFromStore(now);
    if (stored > 0) {
      return stored;
    }
    long n = 0;
    for (Adapter.Attached a : attached) {
      n += a.warm().warm(loop, now, settings.interval());
    }
    return n;
  }

  private long warmUpFromStore(Instant now) {
    if (host.warmUp().isZero()) {
      return 0;
    }
    Instant from = now.minus(host.warmUp());
    Map<Instant, List<Observation>> byTime = new TreeMap<>();
    long n = 0;
    try {
      for (Workload w : store.workloads()) {
        for (Resource r : Resource.values()) {
          for (HistoryStore.Sample s :
              store.history(new SeriesKey(w.id(), r), from, now, Duration.ZERO)) {
            Observation o =
                Double.isNaN(s.usage())
                    ? Observation.missing(w, r, s.allocation())
                    : Observation.of(w, r, s.usage(), s.allocation());
            byTime.computeIfAbsent(s.time(), t -> new ArrayList<>()).add(o);
            n++;
          }
        }
      }
    } catch (StoreException e) {
      log.accept("cannot read the history to warm up (" + e.getMessage() + "); starting cold");
      return 0;
    }
    byTime.forEach(loop::replay);
    // What was replayed counts as seen: the first tick forgets whatever of it is gone.
    byTime.values().forEach(l -> l.forEach(o -> live.add(o.workload().id())));
    return n;
  }

  /** One interval: observe, decide, act, record. */
  public Snapshot tick(Instant now) {
    Engine.Tick t = state.tick(engine, now);
    fleet.ifPresent(f -> f.planned(t.plan()));
    if (!t.plan().anomalies().isEmpty()) {
      alerts.publish(state.snapshot().anomalies());
    }
    Set<WorkloadId> seen = new HashSet<>();
    for (Observation o : source.latest()) {
      seen.add(o.workload().id());
    }
    for (WorkloadId gone : live) {
      if (!seen.contains(gone)) {
        loop.forget(gone);
        // Described again should it come back: the set holds no workload long gone.
        described.remove(gone);
      }
    }
    live = seen;
    Plan applied = asApplied(t.plan(), t.actuations());
    record(now, applied);
    retrainIfDue(now);
    checkFleetModelsIfDue(now);
    Snapshot s = new Snapshot(applied, source.latest(), t.actuations());
    latest = s;
    for (Actuation a : t.actuations()) {
      if (a.status() == Actuation.Status.FAILED) {
        log.accept("FAILED " + a.decision().series() + ": " + a.detail());
      }
    }
    return s;
  }

  /**
   * The plan as it stands on the host: a resize the actuator could not make (the kernel refused the
   * write) is held at the allocation in force, cap {@code NOT_APPLIED}, so that neither the history
   * nor the snapshot claims an allocation that never was; its actuation and the log say why.
   */
  static Plan asApplied(Plan plan, List<Actuation> actuations) {
    Set<SeriesKey> failed = new HashSet<>();
    for (Actuation a : actuations) {
      if (a.status() == Actuation.Status.FAILED) {
        failed.add(a.decision().series());
      }
    }
    if (failed.isEmpty()) {
      return plan;
    }
    List<Decision> out = new ArrayList<>(plan.decisions().size());
    for (Decision d : plan.decisions()) {
      if (d instanceof Decision.Resize r && failed.contains(r.series())) {
        Set<Cap> caps = EnumSet.of(Cap.NOT_APPLIED);
        caps.addAll(r.reason().caps());
        Reason why =
            new Reason(
                r.reason().rule(),
                r.reason().usage(),
                r.reason().evidence(),
                caps,
                r.reason().anomaly());
        out.add(new Decision.Hold(r.series(), r.from(), why));
      } else {
        out.add(d);
      }
    }
    return new Plan(plan.time(), out, plan.anomalies());
  }

  private void record(Instant now, Plan plan) {
    try {
      Map<WorkloadId, Workload> fresh = new LinkedHashMap<>();
      for (Observation o : source.latest()) {
        if (!described.contains(o.workload().id())) {
          fresh.putIfAbsent(o.workload().id(), o.workload());
        }
      }
      store.describe(List.copyOf(fresh.values()));
      described.addAll(fresh.keySet());
      store.record(plan);
      if (lastRetention == null || !now.isBefore(lastRetention.plus(host.retention().step()))) {
        store.retain(now);
        lastRetention = now;
      }
    } catch (StoreException e) {
      log.accept("history not written this tick: " + e.getMessage());
    }
  }

  /**
   * Starts a retraining of every learned model on the trainer's thread when one is due and none is
   * running; the first is due one period after the first tick (the models were just loaded).
   */
  private void retrainIfDue(Instant now) {
    if (trainer == null || learners.isEmpty() || host.retrainEvery().isZero()) {
      return;
    }
    if (nextRetraining == null) {
      nextRetraining = now.plus(host.retrainEvery());
      return;
    }
    if (now.isBefore(nextRetraining) || !retraining.isDone()) {
      return;
    }
    nextRetraining = now.plus(host.retrainEvery());
    StoreTrainingHistory history = new StoreTrainingHistory(store);
    retraining =
        CompletableFuture.runAsync(
            () -> {
              for (Learner l : learners) {
                try {
                  log.accept(l.retrain(history, now));
                } catch (RuntimeException e) {
                  log.accept(
                      "retraining "
                          + l.name()
                          + " failed, the old model keeps serving: "
                          + e.getMessage());
                }
              }
            },
            trainer);
  }

  /**
   * Starts a check of the fleet's learned models on the trainer's thread when one is due and
   * nothing runs there; the first at the first tick.
   */
  private void checkFleetModelsIfDue(Instant now) {
    if (fleetLearning.isEmpty() || !retraining.isDone()) {
      return;
    }
    if (nextModelCheck != null && now.isBefore(nextModelCheck)) {
      return;
    }
    nextModelCheck = now.plus(fleet.orElseThrow().modelCheck());
    FleetLearning f = fleetLearning.get();
    StoreTrainingHistory history = new StoreTrainingHistory(store);
    retraining = CompletableFuture.runAsync(() -> f.check(history, now), trainer);
  }

  /** The retraining started last (done when none ever started). */
  CompletableFuture<Void> retraining() {
    return retraining;
  }

  /** Whether the loop keeps state for {@code workload}. */
  boolean tracks(WorkloadId workload) {
    return loop.tracks(workload);
  }

  /** The last tick, or empty before the first. */
  public Optional<Snapshot> latest() {
    return Optional.ofNullable(latest);
  }

  public Settings settings() {
    return settings;
  }

  /** The engine its settings make, as every command assembles it. */
  public Assembly assembly() {
    return assembly;
  }

  public HostSettings hostSettings() {
    return host;
  }

  public boolean enforcing() {
    return enforce;
  }

  /** What the API serves: the engine's state after each tick. */
  public LiveState state() {
    return state;
  }

  /** What operators steer through the API; the loop reads it every tick. */
  public LiveSteering steering() {
    return steering;
  }

  /** The history it writes, for reading back. */
  public HistoryStore history() {
    return store;
  }

  /** What operators set through the API, kept beside the history. */
  public OperatorState operatorState() {
    return store;
  }

  /** This host in its fleet, when {@code fleet.store} names one. */
  public Optional<FleetMember> fleet() {
    return fleet;
  }

  /** This host's part in its fleet's learned models, when it shares some. */
  public Optional<FleetLearning> fleetLearning() {
    return fleetLearning;
  }

  /** The managed cgroups, by workload. */
  public List<CgroupSource.Managed> managed() {
    return managed.cgroups();
  }

  /**
   * Interrupts a retraining under way and closes the history (a retraining still reading it fails
   * and says so). Training runs in native code that does not see the interrupt; the trainer's
   * thread is a daemon thread, so it keeps no process alive.
   */
  @Override
  public void close() {
    if (trainer != null) {
      trainer.shutdownNow();
    }
    attached.forEach(Adapter.Attached::close);
    alerts.close();
    fleetModels.ifPresent(FleetModels::close);
    fleet.ifPresent(f -> f.store().close());
    store.close();
  }
}
