package org.pae.sim.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.ShortfallPrice;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.SeriesPreview;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

/**
 * One replay thread: a {@link ControlLoop} per policy, reused from workload to workload ({@link
 * ControlLoop#forget} when one ends), and the trace view its policies see. Confined to its thread.
 */
final class Worker implements TraceView {
  private final List<PolicyVariant> variants;
  private final Replay.Options options;
  private final List<ControlLoop> loops = new ArrayList<>();
  private final List<AllocationPolicy> policies = new ArrayList<>();
  private final boolean sharesAcrossWorkloads;
  private WorkloadTrace trace;
  private WorkloadId current;
  private int step;

  Worker(List<PolicyVariant> variants, Replay.Options options) {
    this.variants = variants;
    this.options = options;
    boolean shared = false;
    for (PolicyVariant v : variants) {
      AllocationPolicy policy = v.policy().apply(this);
      shared |= policy.sharesAcrossWorkloads();
      policies.add(policy);
      loops.add(
          new ControlLoop(
              policy,
              Steering.uniform(v.bounds(), Map.of()),
              options.step(),
              v.churn(),
              v.anomalies().apply(this)));
    }
    this.sharesAcrossWorkloads = shared;
  }

  /**
   * Whether a policy keeps state across workloads, so that only a fleet-wide time order is true.
   */
  boolean sharesAcrossWorkloads() {
    return sharesAcrossWorkloads;
  }

  WorkloadResult replay(WorkloadTrace w) {
    boolean plot = options.plotWorkloads().contains(w.id());
    List<Cursor> cursors = new ArrayList<>(variants.size());
    preview(w);
    try {
      for (int v = 0; v < variants.size(); v++) {
        Cursor c = new Cursor(w, loops.get(v), plot);
        while (c.hasNext()) {
          c.step();
        }
        c.finish();
        cursors.add(c);
      }
    } finally {
      forgetPreview(w);
    }
    return result(w, cursors, plot);
  }

  private List<Resource> replayed(WorkloadTrace w) {
    List<Resource> resources = new ArrayList<>();
    for (Resource r : w.resources()) {
      if (options.resources().contains(r)) {
        resources.add(r);
      }
    }
    return resources;
  }

  /** Shows the workload's usage to every preview before any policy is fed it. */
  private void preview(WorkloadTrace w) {
    if (options.previews().isEmpty()) {
      return;
    }
    Instant[] times = new Instant[w.steps()];
    for (int i = 0; i < times.length; i++) {
      times[i] = Instant.ofEpochSecond(w.times()[i]);
    }
    for (SeriesPreview p : options.previews()) {
      for (Resource r : replayed(w)) {
        p.preview(new SeriesKey(WorkloadId.of(w.id()), r), times, w.series(r).usage());
      }
    }
  }

  private void forgetPreview(WorkloadTrace w) {
    for (SeriesPreview p : options.previews()) {
      replayed(w).forEach(r -> p.forget(new SeriesKey(WorkloadId.of(w.id()), r)));
    }
  }

  /**
   * Replays every workload under every policy in one fleet-wide time order: each policy's loop
   * steps its workloads interleaved by timestamp, so that state shared across workloads (a
   * fleet-wide price) evolves as it would live. Results come in the given order. With {@code
   * pooling}, these workloads are one replica's share of a fleet: every policy's loop steps them an
   * interval of the fleet's clock at a time, and the replicas pool their prices once every {@code
   * period} ({@link PricePool}).
   */
  List<WorkloadResult> replayFleet(
      List<WorkloadTrace> all, LongAdder stepped, Optional<Pooling> pooling, Duration period) {
    all.forEach(this::preview);
    try {
      return replayFleetPreviewed(all, stepped, pooling, period);
    } finally {
      all.forEach(this::forgetPreview);
    }
  }

  private List<WorkloadResult> replayFleetPreviewed(
      List<WorkloadTrace> all, LongAdder stepped, Optional<Pooling> pooling, Duration period) {
    List<List<Cursor>> perVariant = new ArrayList<>(variants.size());
    List<PriorityQueue<Cursor>> queues = new ArrayList<>(variants.size());
    for (int v = 0; v < variants.size(); v++) {
      ControlLoop loop = loops.get(v);
      List<Cursor> cursors = new ArrayList<>(all.size());
      PriorityQueue<Cursor> queue =
          new PriorityQueue<>(
              Comparator.comparingLong(Cursor::nextTime).thenComparingInt(c -> c.order));
      for (WorkloadTrace w : all) {
        Cursor c = new Cursor(w, loop, options.plotWorkloads().contains(w.id()));
        c.order = cursors.size();
        cursors.add(c);
        if (c.hasNext()) {
          queue.add(c);
        } else {
          c.finish();
        }
      }
      perVariant.add(cursors);
      queues.add(queue);
    }
    if (pooling.isPresent() && sharesAcrossWorkloads) {
      stepPooled(queues, stepped, pooling.get(), period);
    } else {
      queues.forEach(q -> stepUntil(q, Long.MAX_VALUE, stepped));
    }
    List<WorkloadResult> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      List<Cursor> cursors = new ArrayList<>(variants.size());
      for (List<Cursor> cs : perVariant) {
        cursors.add(cs.get(i));
      }
      WorkloadTrace w = all.get(i);
      out.add(result(w, cursors, options.plotWorkloads().contains(w.id())));
    }
    return out;
  }

  /** Steps the queue's cursors in time order until the next step is at or after {@code end}. */
  private static void stepUntil(PriorityQueue<Cursor> queue, long end, LongAdder stepped) {
    while (!queue.isEmpty() && queue.peek().nextTime() < end) {
      stepNext(queue, stepped);
    }
  }

  /**
   * Steps the queues an interval at a time on the fleet's clock — from the fleet's first step, the
   * interval being the replay's step — until past the fleet's last step. The policies' prices are
   * replicas of the fleet's ({@link ShortfallPrice#replicate}): at the first interval's end and
   * then once every {@code period} they close as one price fed the whole fleet closes ({@link
   * #closeAsTheFleet}); in between, at the interval's end on this replica's own sums and the
   * others' as last pooled ({@link ShortfallPrice#closeOwn}).
   */
  private void stepPooled(
      List<PriorityQueue<Cursor>> queues, LongAdder stepped, Pooling pooling, Duration period) {
    if (queues.size() != 1) {
      throw new IllegalStateException("a pooled replay steps one policy: " + queues.size());
    }
    PriorityQueue<Cursor> queue = queues.getFirst();
    List<ShortfallPrice> prices = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    for (AllocationPolicy p : policies) {
      for (Resource r : Resource.values()) {
        if (options.resources().contains(r)) {
          p.fleetPrice(r)
              .ifPresent(
                  price -> {
                    prices.add(price);
                    resources.add(r);
                  });
        }
      }
    }
    PricePool pool = new PricePool(pooling, prices, resources);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Cursor c : queue) {
      first = Math.min(first, c.w.times()[0]);
      last = Math.max(last, c.w.times()[c.w.steps() - 1]);
    }
    long[] span = pool.span(first, last);
    long step = Math.max(1, options.step().toSeconds());
    long every = Math.max(1, period.toSeconds() / step);
    pool.start(Instant.ofEpochSecond(span[0] + step));
    long k = 0;
    for (long end = span[0] + step; span[0] <= span[1]; end += step, k++) {
      stepUntil(queue, end, stepped);
      if (end > span[1]) {
        break;
      }
      if (k % every == 0) {
        closeAsTheFleet(queue, pool, end, step, stepped);
      } else {
        pool.closeOwn(Instant.ofEpochSecond(end));
      }
    }
  }

  /**
   * Closes the prices due at {@code end} as one price fed the whole fleet closes them: at the first
   * step of the fleet past {@code end} that records on each (a series whose usage is known and
   * whose allocation is positive), that step's outcomes of the interval before counted in it. The
   * replicas agree which step is first; each steps its own steps before it, the one holding it
   * steps it, and all pool the interval's sums when it records.
   */
  private void closeAsTheFleet(
      PriorityQueue<Cursor> queue, PricePool pool, long end, long step, LongAdder stepped) {
    List<Integer> due = pool.due(Instant.ofEpochSecond(end));
    if (due.isEmpty()) {
      return;
    }
    List<PricePool.Step> mine = new ArrayList<>();
    for (int price : due) {
      mine.add(firstRecording(queue, pool.resource(price), end, end + step, pool.replica()));
    }
    List<PricePool.Step> first = pool.first(mine);
    TreeMap<PricePool.Step, Set<Integer>> closing = new TreeMap<>();
    for (int i = 0; i < due.size(); i++) {
      if (!first.get(i).equals(PricePool.Step.NONE)) {
        closing.computeIfAbsent(first.get(i), s -> new TreeSet<>()).add(due.get(i));
      }
    }
    for (var e : closing.entrySet()) {
      PricePool.Step at = e.getKey();
      while (!queue.isEmpty() && key(queue.peek(), pool.replica()).compareTo(at) < 0) {
        stepNext(queue, stepped);
      }
      Instant now = Instant.ofEpochSecond(at.time());
      if (at.replica() == pool.replica()) {
        pool.arm(e.getValue());
        if (queue.isEmpty() || !key(queue.peek(), pool.replica()).equals(at)) {
          throw new IllegalStateException("this replica holds no step at " + at);
        }
        stepNext(queue, stepped);
        pool.disarm(now);
      } else {
        pool.close(e.getValue(), now);
      }
    }
  }

  private static PricePool.Step key(Cursor c, int replica) {
    return new PricePool.Step(c.nextTime(), replica, c.order);
  }

  /**
   * This replica's first step in [{@code from}, {@code to}) to record on the price of {@code r}:
   * its usage known and its allocation in force positive.
   */
  private static PricePool.Step firstRecording(
      PriorityQueue<Cursor> queue, Resource r, long from, long to, int replica) {
    PricePool.Step first = PricePool.Step.NONE;
    for (Cursor c : queue) {
      Integer j = c.index.get(r);
      if (j == null || c.decided[j] <= 0) {
        continue;
      }
      long[] times = c.w.times();
      double[] usage = c.series[j].usage();
      for (int i = c.i; i < times.length && times[i] < to; i++) {
        if (times[i] >= from && !Double.isNaN(usage[i])) {
          PricePool.Step s = new PricePool.Step(times[i], replica, c.order);
          first = s.compareTo(first) < 0 ? s : first;
          break;
        }
      }
    }
    return first;
  }

  private static void stepNext(PriorityQueue<Cursor> queue, LongAdder stepped) {
    Cursor c = queue.poll();
    c.step();
    stepped.increment();
    if (c.hasNext()) {
      queue.add(c);
    } else {
      c.finish();
    }
  }

  private WorkloadResult result(WorkloadTrace w, List<Cursor> cursors, boolean plot) {
    List<Map<Resource, Tally>> tallies = new ArrayList<>(cursors.size());
    List<List<Change>> changes = new ArrayList<>(cursors.size());
    Map<String, Map<Resource, double[]>> plotted = new LinkedHashMap<>();
    for (int v = 0; v < cursors.size(); v++) {
      Cursor c = cursors.get(v);
      tallies.add(c.tallies());
      changes.add(options.keepChanges() ? c.changes : List.of());
      if (plot) {
        plotted.put(variants.get(v).label(), c.plotted);
      }
    }
    Optional<Trajectory> trajectory =
        plot ? Optional.of(trajectory(w, cursors.get(0).resources, plotted)) : Optional.empty();
    return new WorkloadResult(w.id(), w.steps(), tallies, changes, trajectory);
  }

  /** One workload's replay under one policy, a step at a time. */
  private final class Cursor {
    private final WorkloadTrace w;
    private final Workload workload;
    private final ControlLoop loop;
    private final List<Resource> resources = new ArrayList<>();
    private final WorkloadTrace.Series[] series;
    private final Tally[] tally;
    private final double[] decided;
    private final double[] effective;
    private final Map<Resource, Integer> index = new EnumMap<>(Resource.class);
    private final RecordingActuator actuator = new RecordingActuator(options.actuationDelay());
    private final List<Change> changes = new ArrayList<>();
    private final Map<Resource, double[]> plotted;
    private int i;
    private int order;

    Cursor(WorkloadTrace w, ControlLoop loop, boolean plot) {
      this.w = w;
      this.workload = Workload.of(w.id(), WorkloadKind.VM);
      this.loop = loop;
      resources.addAll(replayed(w));
      int k = resources.size();
      series = new WorkloadTrace.Series[k];
      tally = new Tally[k];
      decided = new double[k];
      effective = new double[k];
      plotted = plot ? new EnumMap<>(Resource.class) : null;
      for (int j = 0; j < k; j++) {
        series[j] = w.series(resources.get(j));
        tally[j] = new Tally();
        decided[j] = series[j].allocation()[0];
        effective[j] = decided[j];
        index.put(resources.get(j), j);
        if (plot) {
          plotted.put(resources.get(j), new double[w.steps()]);
        }
      }
    }

    boolean hasNext() {
      return i < w.steps();
    }

    long nextTime() {
      return w.times()[i];
    }

    void step() {
      long[] times = w.times();
      int k = resources.size();
      double[] before = effective.clone();
      actuator.takeDue(i, r -> effective[index.get(r.series().resource())] = r.to());
      List<Observation> observations = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        double u = series[j].usage()[i];
        boolean changed = effective[j] != before[j];
        tally[j].step(
            u,
            effective[j],
            series[j].allocation()[i],
            changed,
            i == 0 ? 0 : times[i] - times[i - 1]);
        if (changed && options.keepChanges()) {
          changes.add(new Change(w.id(), times[i], resources.get(j), effective[j]));
        }
        if (plotted != null) {
          plotted.get(resources.get(j))[i] = effective[j];
        }
        observations.add(
            Double.isNaN(u)
                ? Observation.missing(workload, resources.get(j), decided[j])
                : Observation.of(workload, resources.get(j), u, decided[j]));
      }
      trace = w;
      current = workload.id();
      step = i;
      try {
        actuator.at(i);
        Plan plan = loop.step(Instant.ofEpochSecond(times[i]), observations);
        for (Decision.Resize r : plan.resizes()) {
          decided[index.get(r.series().resource())] = r.to();
        }
        actuator.apply(plan);
      } finally {
        trace = null;
        current = null;
      }
      i++;
    }

    void finish() {
      loop.forget(workload.id());
      actuator.clear();
    }

    Map<Resource, Tally> tallies() {
      Map<Resource, Tally> out = new EnumMap<>(Resource.class);
      for (int j = 0; j < resources.size(); j++) {
        out.put(resources.get(j), tally[j]);
      }
      return out;
    }
  }

  private Trajectory trajectory(
      WorkloadTrace w, List<Resource> resources, Map<String, Map<Resource, double[]>> plotted) {
    Map<Resource, double[]> usage = new EnumMap<>(Resource.class);
    Map<Resource, double[]> low = new EnumMap<>(Resource.class);
    Map<Resource, double[]> high = new EnumMap<>(Resource.class);
    int n = w.steps();
    for (Resource r : resources) {
      double[] u = w.series(r).usage();
      usage.put(r, u);
      double[] lo = new double[n];
      double[] hi = new double[n];
      Arrays.fill(lo, Double.NaN);
      Arrays.fill(hi, Double.NaN);
      Forecaster model = options.bandModel().create(new SeriesKey(WorkloadId.of(w.id()), r));
      for (int i = 0; i + 1 < n; i++) {
        if (!Double.isNaN(u[i])) {
          model.observe(Instant.ofEpochSecond(w.times()[i]), u[i]);
        }
        if (model.observations() > 0) {
          model.track(options.step(), 1 - options.bandLevel());
          lo[i + 1] = model.quantile(options.step(), 1 - options.bandLevel());
          model.track(options.step(), options.bandLevel());
          hi[i + 1] = model.quantile(options.step(), options.bandLevel());
        }
      }
      low.put(r, lo);
      high.put(r, hi);
    }
    Map<Resource, Unit> units = new EnumMap<>(Resource.class);
    resources.forEach(r -> units.put(r, w.series(r).unit()));
    return new Trajectory(
        w.id(), w.times(), usage, low, high, plotted, new ArrayList<>(plotted.keySet()), units);
  }

  private WorkloadTrace.Series series(WorkloadId workload, Resource r) {
    if (trace == null || !workload.equals(current)) {
      throw new IllegalStateException(
          "the trace view is asked about " + workload + " while replaying " + current);
    }
    return trace.series(r);
  }

  private int effectiveStep() {
    return step + options.actuationDelay();
  }

  @Override
  public double usageWhenEffective(WorkloadId workload, Resource r) {
    WorkloadTrace.Series s = series(workload, r);
    int at = effectiveStep();
    return at < s.usage().length ? s.usage()[at] : Double.NaN;
  }

  @Override
  public double allocationWhenEffective(WorkloadId workload, Resource r) {
    WorkloadTrace.Series s = series(workload, r);
    int at = effectiveStep();
    return at < s.allocation().length ? s.allocation()[at] : Double.NaN;
  }

  /** The workload being stepped: a forecaster refits while its loop observes. */
  @Override
  public Window latest(SeriesKey series, Instant until, int count) {
    if (trace == null || !series.workload().equals(current)) {
      throw new IllegalStateException(
          "the trace view is asked about " + series + " while replaying " + current);
    }
    return trace.latest(series.resource(), until, count);
  }

  @Override
  public Duration step() {
    return options.step();
  }

  @Override
  public Unit unit(WorkloadId workload, Resource r) {
    return series(workload, r).unit();
  }
}
