package org.pae.sim.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.SeriesPreview;
import org.pae.core.loop.ControlLoop;
import org.pae.core.model.Resource;
import org.pae.sim.trace.WorkloadTrace;

/**
 * The replay driver: feeds a trace, workload by workload and step by step on the trace's own clock,
 * to the same {@link ControlLoop} the daemon runs — one loop per policy and worker thread — and
 * accounts every step with {@link Tally#step}.
 *
 * <p>Protocol (BENCHMARKS §1): every policy starts from the recorded allocation at the workload's
 * first step; the decision at step t uses what was observed up to and including t and is in effect
 * from step t + {@code actuationDelay} (a {@link RecordingActuator} holds it until then); the loop
 * is told the latest decided allocation. Where no policy shares state across workloads (no quotas
 * or parents in a replay), replaying them one after the other, each in time order, is the same as
 * one fleet-wide time order; it lets several threads replay different workloads and keeps memory
 * flat: a workload's state is dropped ({@link ControlLoop#forget}) when it ends, and at most a few
 * workloads are in flight at once. Where a policy does share state ({@link
 * org.pae.core.allocate.AllocationPolicy#sharesAcrossWorkloads}, a fleet-wide price), every
 * workload is held in memory and stepped in one fleet-wide time order, a thread per policy. Results
 * are merged in trace order, so a run's figures do not depend on the thread count.
 */
public final class Replay {
  private final List<PolicyVariant> variants;
  private final Options options;
  private final ThreadLocal<Worker> workers;

  /**
   * How to replay.
   *
   * @param actuationDelay steps between a decision and its effect, &ge; 1 (BENCHMARKS §1: 1)
   * @param step the trace's sampling step: the loop's interval
   * @param resources which resources to replay (those a trace lacks are skipped)
   * @param threads worker threads, &ge; 1
   * @param keepChanges whether to keep every allocation change (for the decisions export)
   * @param plotWorkloads the workloads to record step by step for plots
   * @param bandModel the model whose forecast band the plots show
   * @param bandLevel the band is [1 − level, level] quantiles, in (0.5, 1)
   * @param previews model families shown each workload's whole usage of each replayed resource
   *     before it is replayed ({@link SeriesPreview}), and told to forget it after; a family is
   *     shared by the policies of every thread, so one not safe for threads needs {@code threads =
   *     1}
   */
  public record Options(
      int actuationDelay,
      Duration step,
      Set<Resource> resources,
      int threads,
      boolean keepChanges,
      Set<String> plotWorkloads,
      ForecasterFactory bandModel,
      double bandLevel,
      List<SeriesPreview> previews) {
    public Options {
      if (actuationDelay < 1) {
        throw new IllegalArgumentException("actuation delay must be >= 1 step: " + actuationDelay);
      }
      if (step.isNegative() || step.isZero()) {
        throw new IllegalArgumentException("the step must be positive: " + step);
      }
      resources = resources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(resources));
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + threads);
      }
      plotWorkloads = Set.copyOf(plotWorkloads);
      Objects.requireNonNull(bandModel, "bandModel");
      if (!(bandLevel > 0.5 && bandLevel < 1)) {
        throw new IllegalArgumentException("band level must lie in (0.5, 1): " + bandLevel);
      }
      previews = List.copyOf(previews);
    }

    /** Options without previews. */
    public Options(
        int actuationDelay,
        Duration step,
        Set<Resource> resources,
        int threads,
        boolean keepChanges,
        Set<String> plotWorkloads,
        ForecasterFactory bandModel,
        double bandLevel) {
      this(
          actuationDelay,
          step,
          resources,
          threads,
          keepChanges,
          plotWorkloads,
          bandModel,
          bandLevel,
          List.of());
    }

    /** BENCHMARKS §1 on one thread: delay 1, the given step and resources, nothing kept. */
    public static Options of(Duration step, Set<Resource> resources, ForecasterFactory bandModel) {
      return new Options(1, step, resources, 1, false, Set.of(), bandModel, 0.9);
    }

    public Options withThreads(int n) {
      return new Options(
          actuationDelay,
          step,
          resources,
          n,
          keepChanges,
          plotWorkloads,
          bandModel,
          bandLevel,
          previews);
    }

    public Options withActuationDelay(int d) {
      return new Options(
          d, step, resources, threads, keepChanges, plotWorkloads, bandModel, bandLevel, previews);
    }

    public Options keepingChanges(boolean keep) {
      return new Options(
          actuationDelay,
          step,
          resources,
          threads,
          keep,
          plotWorkloads,
          bandModel,
          bandLevel,
          previews);
    }

    /** The same options with these previews (see {@link SeriesPreview}). */
    public Options previewing(List<SeriesPreview> p) {
      return new Options(
          actuationDelay,
          step,
          resources,
          threads,
          keepChanges,
          plotWorkloads,
          bandModel,
          bandLevel,
          p);
    }

    public Options plotting(Set<String> workloads) {
      return new Options(
          actuationDelay,
          step,
          resources,
          threads,
          keepChanges,
          workloads,
          bandModel,
          bandLevel,
          previews);
    }
  }

  /**
   * Told after each workload, in trace order. In the fleet order ({@link #fleetOrder}) every
   * workload is read before the first step and all finish together, so that order also tells how
   * many workloads it has read and, about twice a second, how many workload-steps every policy has
   * replayed; all calls come from the thread that called {@link #run}.
   */
  @FunctionalInterface
  public interface Progress {
    void done(int workloads, long steps);

    /** In the fleet order, after each workload read into memory. */
    default void read(int workloads) {}

    /** In the fleet order: workload-steps replayed so far, summed over the policies, of total. */
    default void stepped(long done, long total) {}
  }

  /**
   * What a whole run gave.
   *
   * @param figures per policy (in the given order) and resource
   * @param workloads how many workloads were replayed
   * @param steps how many workload-steps
   */
  public record Summary(List<Figures> figures, int workloads, long steps) {
    public Summary {
      figures = List.copyOf(figures);
    }
  }

  public Replay(List<PolicyVariant> variants, Options options) {
    this.variants = List.copyOf(variants);
    this.options = Objects.requireNonNull(options, "options");
    if (this.variants.isEmpty()) {
      throw new IllegalArgumentException("no policy to replay");
    }
    Set<String> labels = new HashSet<>();
    for (PolicyVariant v : this.variants) {
      if (!labels.add(v.label())) {
        throw new IllegalArgumentException("two policies are labelled " + v.label());
      }
    }
    this.workers = ThreadLocal.withInitial(() -> new Worker(this.variants, this.options));
  }

  /** The policies' labels, in the order of a result's tallies. */
  public List<String> labels() {
    return variants.stream().map(PolicyVariant::label).toList();
  }

  /**
   * Whether a policy shares state across workloads, so that the run holds every workload in memory
   * and steps them in one time order (see {@link Progress}).
   */
  public boolean fleetOrder() {
    return workers.get().sharesAcrossWorkloads();
  }

  /** Replays one workload under every policy on the calling thread. */
  public WorkloadResult replay(WorkloadTrace workload) {
    return workers.get().replay(workload);
  }

  /**
   * Replays every workload of the stream (read lazily, at most a few workloads ahead of the slowest
   * one in flight), handing each result to {@code each} in trace order, and returns the figures.
   */
  public Summary run(
      Stream<WorkloadTrace> workloads, Consumer<WorkloadResult> each, Progress progress) {
    return run(workloads, each, progress, Optional.empty(), Duration.ZERO);
  }

  /**
   * Replays this replica's share of a fleet ({@code workloads}), as {@link #run(Stream, Consumer,
   * Progress)} does, pooling the policies' fleet-wide prices with the other replicas' once every
   * {@code period} of the fleet's clock (the replay's step or less: every interval, so that every
   * replica steers the whole fleet's price as one replay would; longer: fewer poolings, each
   * replica steering between them on its own series and the others' as last pooled). Every replica
   * runs the same policies; the variants run one after the other, so that each replica gathers in
   * the same order.
   */
  public Summary run(
      Stream<WorkloadTrace> workloads,
      Consumer<WorkloadResult> each,
      Progress progress,
      Pooling pooling,
      Duration period) {
    return run(workloads, each, progress, Optional.of(pooling), period);
  }

  private Summary run(
      Stream<WorkloadTrace> workloads,
      Consumer<WorkloadResult> each,
      Progress progress,
      Optional<Pooling> pooling,
      Duration period) {
    Totals totals = new Totals(labels());
    int[] count = {0};
    long[] steps = {0};
    Consumer<WorkloadResult> merge =
        r -> {
          totals.add(r);
          count[0]++;
          steps[0] += r.steps();
          each.accept(r);
          progress.done(count[0], steps[0]);
        };
    if (fleetOrder()) {
      int[] read = {0};
      runFleet(
          workloads.peek(w -> progress.read(++read[0])).toList(), merge, progress, pooling, period);
    } else if (options.threads() == 1) {
      workloads.forEachOrdered(w -> merge.accept(replay(w)));
    } else {
      runParallel(workloads, merge);
    }
    return new Summary(totals.figures(), count[0], steps[0]);
  }

  /**
   * The sums of workloads' tallies per policy and resource: the figures of the workloads added so
   * far (e.g. to report a long run as it goes).
   */
  public static final class Totals {
    private final List<String> labels;
    private final List<Map<Resource, Tally>> sums = new ArrayList<>();

    /**
     * @param labels the policies' labels, in the order of a result's tallies
     */
    public Totals(List<String> labels) {
      this.labels = List.copyOf(labels);
      this.labels.forEach(l -> sums.add(new EnumMap<>(Resource.class)));
    }

    public void add(WorkloadResult r) {
      for (int v = 0; v < labels.size(); v++) {
        Map<Resource, Tally> into = sums.get(v);
        r.tallies().get(v).forEach((res, t) -> into.computeIfAbsent(res, x -> new Tally()).add(t));
      }
    }

    /** Per policy (in order) and resource. */
    public List<Figures> figures() {
      List<Figures> figures = new ArrayList<>();
      for (int v = 0; v < labels.size(); v++) {
        for (Map.Entry<Resource, Tally> e : sums.get(v).entrySet()) {
          figures.add(Figures.of(labels.get(v), e.getKey(), e.getValue()));
        }
      }
      return figures;
    }
  }

  private void runParallel(Stream<WorkloadTrace> workloads, Consumer<WorkloadResult> merge) {
    int inFlight = options.threads() * 2;
    ArrayDeque<Future<WorkloadResult>> queue = new ArrayDeque<>();
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      Iterator<WorkloadTrace> it = workloads.iterator();
      while (it.hasNext()) {
        WorkloadTrace w = it.next();
        queue.add(pool.submit(() -> replay(w)));
        while (queue.size() >= inFlight) {
          merge.accept(await(queue.poll()));
        }
      }
      while (!queue.isEmpty()) {
        merge.accept(await(queue.poll()));
      }
    } finally {
      queue.forEach(f -> f.cancel(true));
      pool.shutdownNow();
    }
  }

  /**
   * The fleet-wide time order, for policies that share state across workloads: every workload is
   * held in memory, and each policy steps all of them interleaved by time on its own thread.
   */
  private void runFleet(
      List<WorkloadTrace> all,
      Consumer<WorkloadResult> merge,
      Progress progress,
      Optional<Pooling> pooling,
      Duration period) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            pooling.isPresent() ? 1 : Math.min(options.threads(), variants.size()));
    List<List<WorkloadResult>> perVariant = new ArrayList<>();
    LongAdder stepped = new LongAdder();
    long total = all.stream().mapToLong(WorkloadTrace::steps).sum() * variants.size();
    try {
      List<Future<List<WorkloadResult>>> futures = new ArrayList<>();
      for (PolicyVariant v : variants) {
        futures.add(
            pool.submit(
                () -> new Worker(List.of(v), options).replayFleet(all, stepped, pooling, period)));
      }
      for (Future<List<WorkloadResult>> f : futures) {
        perVariant.add(await(f, () -> progress.stepped(stepped.sum(), total)));
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 0; i < all.size(); i++) {
      List<Map<Resource, Tally>> tallies = new ArrayList<>();
      List<List<Change>> changes = new ArrayList<>();
      List<Trajectory> trajectories = new ArrayList<>();
      for (List<WorkloadResult> results : perVariant) {
        WorkloadResult r = results.get(i);
        tallies.addAll(r.tallies());
        changes.addAll(r.changes());
        r.trajectory().ifPresent(trajectories::add);
      }
      WorkloadTrace w = all.get(i);
      merge.accept(
          new WorkloadResult(
              w.id(),
              w.steps(),
              tallies,
              changes,
              trajectories.isEmpty()
                  ? Optional.empty()
                  : Optional.of(Trajectory.together(trajectories))));
    }
  }

  /** Waits for {@code f}, running {@code meanwhile} every half second until it is done. */
  private static <T> T await(Future<T> f, Runnable meanwhile) {
    while (true) {
      try {
        return f.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        meanwhile.run();
      } catch (InterruptedException | ExecutionException e) {
        throw failed(e);
      }
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException | ExecutionException e) {
      throw failed(e);
    }
  }

  private static RuntimeException failed(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("the replay was interrupted", e);
    }
    if (e.getCause() instanceof RuntimeException re) {
      return re;
    }
    return new IllegalStateException("a replay worker failed: " + e.getCause(), e.getCause());
  }
}
