package org.pae.sim.forecast;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.calibrate.QuantileTracker;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.PastSource;
import org.pae.sim.trace.WorkloadTrace;

/**
 * Forecast accuracy by rolling origin (BENCHMARKS.md §2). Per workload and resource, each model is
 * fed the usage sample by sample; after the history period, at every origin (the first sample at or
 * after each {@code every} of the trace's clock from the end of the history), it forecasts each
 * horizon at each level and is scored against the actual h samples later (skipped where a gap lies
 * between: the h samples must span h steps within half a step). Figures per model, resource and
 * horizon:
 *
 * <ul>
 *   <li>MASE: per series, the mean absolute error of the 0.5 quantile / the in-sample (history
 *       period) mean absolute error of the one-step naive forecast; then the mean over series
 *       (series whose history never changes are left out);
 *   <li>scaled pinball(q): Σ pinball loss / Σ actual over all forecasts of all series;
 *   <li>coverage(q): the share of all forecasts' actuals at or below the q forecast.
 * </ul>
 *
 * Models see only finite samples (a NaN is not passed on) and only the past of each origin.
 */
public final class ForecastEval {
  /**
   * @param models registry names, each evaluated separately
   * @param horizons steps ahead
   * @param levels quantile levels
   * @param history the first stretch of each series, used only for fitting
   * @param every the spacing of origins after it
   * @param resources the resources evaluated
   * @param threads workloads evaluated at once
   */
  public record Options(
      List<String> models,
      int[] horizons,
      double[] levels,
      Duration history,
      Duration every,
      Set<Resource> resources,
      int threads)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Options {
      models = List.copyOf(models);
      horizons = horizons.clone();
      levels = levels.clone();
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(every, "every");
      resources = Set.copyOf(resources);
      if (models.isEmpty() || horizons.length == 0 || levels.length == 0 || threads < 1) {
        throw new IllegalArgumentException(
            "an evaluation needs a model, a horizon, a level and a thread");
      }
    }
  }

  /**
   * One line of the report.
   *
   * @param series how many series contributed to the MASE
   * @param forecasts how many forecasts were scored
   * @param pinball scaled pinball loss per level of the options
   * @param coverage coverage per level
   */
  public record Row(
      String model,
      Resource resource,
      int horizon,
      double mase,
      double[] pinball,
      double[] coverage,
      long series,
      long forecasts) {
    public Row {
      pinball = pinball.clone();
      coverage = coverage.clone();
    }
  }

  /**
   * The coverage of the forecasts whose target fell in one five-minute slot of the hour ({@link
   * QuantileTracker#slot}): hourly jobs make some slots harder, and hourly origins put every target
   * of a whole-hour horizon in the same slot.
   *
   * @param slot 0 for the first five minutes of the hour, up to 11
   * @param forecasts how many forecasts were scored
   * @param coverage coverage per level
   */
  public record SlotRow(
      String model, Resource resource, int horizon, int slot, long forecasts, double[] coverage) {
    public SlotRow {
      coverage = coverage.clone();
    }
  }

  /**
   * The least coverage a calibrated forecaster that never forecasts below 0 can reach on the scored
   * actuals of one resource and horizon: an actual at 0 lies at or below every such forecast, so a
   * series whose actuals are 0 a share p₀ of the time is covered at least max(q, p₀) at level q
   * (pooled over the series' scored targets; knowing when the zeros come only raises it). Weighted
   * by each series' scored targets. Where it exceeds q + 0.01, coverage within a point of q needs
   * forecasts below 0.
   *
   * @param forecasts scored targets
   * @param zeroShare the share of them whose actual is at or below 0
   * @param floor per level
   */
  public record FloorRow(
      Resource resource, int horizon, long forecasts, double zeroShare, double[] floor) {
    public FloorRow {
      floor = floor.clone();
    }
  }

  private final Assembly assembly;
  private final Options options;
  private final Duration step;
  private final Map<String, Tally> tallies = new TreeMap<>();

  /**
   * @param assembly where each model's stack comes from, as PAE's engine makes it (its parameters
   *     {@code forecast.<model>.*}, its context), reading the trace's past
   * @param options what is evaluated
   * @param step the trace's sampling step
   */
  public ForecastEval(Assembly assembly, Options options, Duration step) {
    this.assembly = assembly;
    this.options = options;
    this.step = step;
    for (String m : options.models()) {
      assembly.forecasting(m, Optional.empty(), Optional.empty());
    }
  }

  /** Evaluates every workload of the stream; the rows in model, resource, horizon order. */
  public List<Row> run(Stream<WorkloadTrace> workloads) throws InterruptedException {
    return run(workloads, n -> {});
  }

  /**
   * As {@link #run(Stream)}, telling {@code evaluated} how many workloads are done after each one
   * (in trace order, on the calling thread).
   */
  public List<Row> run(Stream<WorkloadTrace> workloads, IntConsumer evaluated)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    int[] done = {0};
    try {
      List<Future<?>> pending = new ArrayList<>();
      workloads.forEach(
          w -> {
            pending.add(pool.submit(() -> add(evaluate(w))));
            while (pending.size() > 2 * options.threads()) {
              await(pending.removeFirst());
              evaluated.accept(++done[0]);
            }
          });
      for (Future<?> f : pending) {
        await(f);
        evaluated.accept(++done[0]);
      }
    } finally {
      pool.shutdownNow();
    }
    return rows();
  }

  /** The figures of the workloads added so far, in model, resource, horizon order. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    synchronized (tallies) {
      tallies.forEach((k, t) -> rows.add(t.row()));
    }
    return rows;
  }

  /**
   * After {@link #run}, the coverage per slot of the hour of the target, in model, resource,
   * horizon, slot order (slots where nothing was scored left out; none for a step that does not
   * divide five minutes).
   */
  public List<SlotRow> slotRows() {
    List<SlotRow> rows = new ArrayList<>();
    synchronized (tallies) {
      tallies.forEach((k, t) -> rows.addAll(t.slotRows()));
    }
    return rows;
  }

  /**
   * After {@link #run}, the coverage floor of each resource and horizon, in resource, horizon order
   * (the actuals, and so the floor, are the same for every model).
   */
  public List<FloorRow> floorRows() {
    List<FloorRow> rows = new ArrayList<>();
    synchronized (tallies) {
      tallies.forEach(
          (k, t) -> {
            if (t.model.equals(options.models().getFirst())) {
              rows.add(t.floorRow());
            }
          });
    }
    return rows;
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("evaluation failed: " + e.getCause().getMessage(), e);
    }
  }

  /**
   * One workload's scores under every model, resource and horizon, to {@link #add} to an evaluation
   * of the same options (here or elsewhere: they travel between JVMs).
   */
  public static final class Scores implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<Scored> scored = new ArrayList<>();
  }

  /** One series' sums at one horizon, and its in-sample naive error. */
  private record Scored(String model, Resource resource, int horizon, Series series, double naive)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Adds a workload's scores to the figures. Figures are sums over workloads, so that adding the
   * workloads in trace order gives the same figures however they were scored.
   */
  public void add(Scores s) {
    synchronized (tallies) {
      for (Scored x : s.scored) {
        String key =
            x.model()
                + "|"
                + x.resource().ordinal()
                + "|"
                + String.format(Locale.ROOT, "%06d", x.horizon());
        tallies
            .computeIfAbsent(
                key, k -> new Tally(x.model(), x.resource(), x.horizon(), options.levels()))
            .add(x.series(), x.naive());
      }
    }
  }

  /** Scores one workload under every model (not yet added to the figures: {@link #add}). */
  public Scores evaluate(WorkloadTrace w) {
    Scores scores = new Scores();
    for (Resource r : w.resources()) {
      if (!options.resources().contains(r)) {
        continue;
      }
      double[] u = w.series(r).usage();
      for (String model : options.models()) {
        PastSource trace = (series, until, count) -> w.latest(series.resource(), until, count);
        Forecaster f =
            assembly
                .forecasting(model, Optional.of(trace), Optional.empty())
                .create(new SeriesKey(new WorkloadId(w.id()), r));
        evaluate(model, r, w.times(), u, f, scores);
      }
    }
    return scores;
  }

  private void evaluate(
      String model, Resource r, long[] times, double[] u, Forecaster f, Scores scores) {
    int[] hs = options.horizons();
    double[] levels = options.levels();
    long historyEnd = times[0] + options.history().toSeconds();
    Series[] perHorizon = new Series[hs.length];
    for (int k = 0; k < hs.length; k++) {
      perHorizon[k] = new Series(levels.length);
    }
    double naiveSum = 0;
    int naiveCount = 0;
    double previous = Double.NaN;
    long stepSeconds = step.toSeconds();
    long every = Math.max(1, options.every().toSeconds());
    long nextOrigin = historyEnd;
    boolean registered = false;
    for (int t = 0; t < times.length; t++) {
      double y = u[t];
      if (Double.isFinite(y)) {
        if (times[t] < historyEnd && Double.isFinite(previous)) {
          naiveSum += Math.abs(y - previous);
          naiveCount++;
        }
        previous = y;
        f.observe(Instant.ofEpochSecond(times[t]), y);
      }
      if (f.observations() == 0) {
        continue;
      }
      if (!registered) {
        // Track them from the start, so that calibrating models calibrate these from here on.
        for (int h : hs) {
          for (double q : levels) {
            f.track(step.multipliedBy(h), q);
          }
        }
        registered = true;
      }
      if (times[t] < nextOrigin) {
        continue;
      }
      // The origins lie on a clock grid (every hour from the end of the history): the first sample
      // at or after each grid time.
      nextOrigin += every * ((times[t] - nextOrigin) / every + 1);
      for (int k = 0; k < hs.length; k++) {
        // The actual h steps on, if the trace has no gap in between (its clock jitters a little).
        int j = t + hs[k];
        if (j >= times.length
            || Math.abs(times[j] - times[t] - hs[k] * stepSeconds) > stepSeconds / 2
            || !Double.isFinite(u[j])) {
          continue;
        }
        double actual = u[j];
        Duration horizon = step.multipliedBy(hs[k]);
        Series s = perHorizon[k];
        int slot = QuantileTracker.slot(times[j] * 1000, stepSeconds * 1000.0);
        for (int i = 0; i < levels.length; i++) {
          f.track(horizon, levels[i]);
          double q = f.quantile(horizon, levels[i]);
          s.score(i, levels[i], q, actual, levels[i] == 0.5, slot);
        }
        s.count++;
        s.actualSum += actual;
        s.zeros += actual <= 0 ? 1 : 0;
      }
    }
    double naiveMae = naiveCount > 0 ? naiveSum / naiveCount : 0;
    for (int k = 0; k < hs.length; k++) {
      scores.scored.add(new Scored(model, r, hs[k], perHorizon[k], naiveMae));
    }
  }

  /** One series' sums at one horizon. */
  private static final class Series implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] pinball;
    final long[] covered;
    final long[] slotCovered;
    final long[] slotCount = new long[QuantileTracker.SLOTS];
    double absError;
    double actualSum;
    long count;
    long zeros;

    Series(int levels) {
      pinball = new double[levels];
      covered = new long[levels];
      slotCovered = new long[QuantileTracker.SLOTS * levels];
    }

    /** Scores level {@code i}'s forecast {@code q} of a target in {@code slot} (-1: none). */
    void score(int i, double level, double q, double actual, boolean median, int slot) {
      pinball[i] += actual >= q ? level * (actual - q) : (1 - level) * (q - actual);
      if (actual <= q) {
        covered[i]++;
      }
      if (slot >= 0) {
        slotCount[slot] += i == 0 ? 1 : 0;
        slotCovered[slot * pinball.length + i] += actual <= q ? 1 : 0;
      }
      if (median) {
        absError += Math.abs(actual - q);
      }
    }
  }

  /** Sums over series, for one model, resource and horizon. */
  private static final class Tally {
    final String model;
    final Resource resource;
    final int horizon;
    final double[] pinball;
    final long[] covered;
    final long[] slotCovered;
    final long[] slotCount = new long[QuantileTracker.SLOTS];
    final double[] levels;
    final double[] floorSum;
    double actualSum;
    long count;
    long zeros;
    double maseSum;
    long maseSeries;

    Tally(String model, Resource resource, int horizon, double[] levels) {
      this.model = model;
      this.resource = resource;
      this.horizon = horizon;
      this.levels = levels;
      pinball = new double[levels.length];
      covered = new long[levels.length];
      slotCovered = new long[QuantileTracker.SLOTS * levels.length];
      floorSum = new double[levels.length];
    }

    void add(Series s, double naiveMae) {
      if (s.count == 0) {
        return;
      }
      for (int i = 0; i < pinball.length; i++) {
        pinball[i] += s.pinball[i];
        covered[i] += s.covered[i];
        floorSum[i] += s.count * Math.max(levels[i], s.zeros / (double) s.count);
      }
      zeros += s.zeros;
      for (int i = 0; i < slotCovered.length; i++) {
        slotCovered[i] += s.slotCovered[i];
      }
      for (int slot = 0; slot < slotCount.length; slot++) {
        slotCount[slot] += s.slotCount[slot];
      }
      actualSum += s.actualSum;
      count += s.count;
      if (naiveMae > 0) {
        maseSum += s.absError / s.count / naiveMae;
        maseSeries++;
      }
    }

    Row row() {
      double[] p = new double[pinball.length];
      double[] c = new double[pinball.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = actualSum > 0 ? pinball[i] / actualSum : Double.NaN;
        c[i] = count > 0 ? covered[i] / (double) count : Double.NaN;
      }
      return new Row(
          model,
          resource,
          horizon,
          maseSeries > 0 ? maseSum / maseSeries : Double.NaN,
          p,
          c,
          maseSeries,
          count);
    }

    FloorRow floorRow() {
      double[] floor = new double[levels.length];
      for (int i = 0; i < floor.length; i++) {
        floor[i] = count > 0 ? floorSum[i] / count : Double.NaN;
      }
      return new FloorRow(
          resource, horizon, count, count > 0 ? zeros / (double) count : Double.NaN, floor);
    }

    List<SlotRow> slotRows() {
      List<SlotRow> rows = new ArrayList<>();
      int levels = pinball.length;
      for (int slot = 0; slot < slotCount.length; slot++) {
        if (slotCount[slot] == 0) {
          continue;
        }
        double[] c = new double[levels];
        for (int i = 0; i < levels; i++) {
          c[i] = slotCovered[slot * levels + i] / (double) slotCount[slot];
        }
        rows.add(new SlotRow(model, resource, horizon, slot, slotCount[slot], c));
      }
      return rows;
    }
  }

  /**
   * Writes the rows as CSV {@code model,resource,horizon,mase,pinball50,...,cov50,...}, one pinball
   * and one coverage column per level (named by the level's percent).
   */
  public static void writeCsv(List<Row> rows, double[] levels, Appendable out) throws IOException {
    out.append(header("model,resource,horizon,mase", levels, "pinball", "cov")).append('\n');
    for (Row r : rows) {
      StringBuilder line =
          key(r.model(), r.resource(), r.horizon()).append(',').append(fmt(r.mase()));
      out.append(values(values(line, r.pinball()), r.coverage())).append('\n');
    }
  }

  /**
   * Writes the slot rows as CSV {@code model,resource,horizon,slot,forecasts,cov50,...}, one
   * coverage column per level.
   */
  public static void writeSlotsCsv(List<SlotRow> rows, double[] levels, Appendable out)
      throws IOException {
    out.append(header("model,resource,horizon,slot,forecasts", levels, "cov")).append('\n');
    for (SlotRow r : rows) {
      StringBuilder line =
          key(r.model(), r.resource(), r.horizon())
              .append(',')
              .append(r.slot())
              .append(',')
              .append(r.forecasts());
      out.append(values(line, r.coverage())).append('\n');
    }
  }

  /**
   * Writes the floor rows as CSV {@code resource,horizon,forecasts,zero_share,floor50,...}, one
   * floor column per level.
   */
  public static void writeFloorsCsv(List<FloorRow> rows, double[] levels, Appendable out)
      throws IOException {
    out.append(header("resource,horizon,forecasts,zero_share", levels, "floor")).append('\n');
    for (FloorRow r : rows) {
      StringBuilder line =
          new StringBuilder(r.resource().key())
              .append(',')
              .append(r.horizon())
              .append(',')
              .append(r.forecasts())
              .append(',')
              .append(fmt(r.zeroShare()));
      out.append(values(line, r.floor())).append('\n');
    }
  }

  /** The leading columns, then a column per level for each of {@code figures}. */
  private static StringBuilder header(String leading, double[] levels, String... figures) {
    StringBuilder header = new StringBuilder(leading);
    for (String figure : figures) {
      for (double q : levels) {
        header.append(',').append(figure).append(percent(q));
      }
    }
    return header;
  }

  private static StringBuilder key(String model, Resource resource, int horizon) {
    return new StringBuilder(model).append(',').append(resource.key()).append(',').append(horizon);
  }

  private static StringBuilder values(StringBuilder line, double[] values) {
    for (double v : values) {
      line.append(',').append(fmt(v));
    }
    return line;
  }

  private static String percent(double q) {
    double p = q * 100;
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p).replace('.', '_');
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
