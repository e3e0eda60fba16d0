package org.pae.core.forecast.online;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.Gaussian;
import org.pae.core.forecast.calibrate.QuantileTracker;
import org.pae.core.forecast.period.Periodicity;
import org.pae.core.model.SeriesKey;
import org.pae.core.ports.past.PastSource;

/**
 * Runs one or more fitted models on a series online: it puts samples on a regular grid, keeps a
 * bounded history for refits ({@link CompactHistory}) or reads it from a {@link PastSource} when
 * given one (then it keeps only the few past samples its models look back to between refits, for a
 * daily seasonal model a day's), refits each model periodically (at a per-series phase, so a
 * fleet's refits spread over many ticks), rolls the models forward in O(1) per sample in between,
 * and calibrates each model's quantiles per horizon from its own errors ({@link QuantileTracker}).
 * With several models it answers, per horizon and quantile level, with the one whose recent pinball
 * loss at that horizon and level is lowest, switching only when another is better by the hysteresis
 * margin; its name is then {@code <name>/<model>} (the model of the last answer). At a tail level
 * it answers with the mean of the quantiles of the few models whose loss is close to the lowest
 * ({@link #TAIL}).
 *
 * <p>Bad input, defined: a NaN or infinite value is skipped (the grid step is filled like a gap); a
 * negative value counts as 0 (usage is never negative); a time not after the previous sample's is
 * ignored; a gap of k steps is filled with the last value; a constant series forecasts itself; with
 * fewer samples than a model needs, that model is a random walk ({@link NaivePredictor}).
 */
public final class OnlineForecaster implements Forecaster {
  /** The most horizons calibrated per series (beyond them quantiles are the model's Gaussian). */
  public static final int MAX_HORIZONS = 4;

  /** Before its first fit, a model tries again every this many steps. */
  static final int WARMUP_REFIT = 12;

  /**
   * A level nearer than this to 0 or 1 is a tail level (0.98, 0.99, 0.999; not the 0.95 of a 90 %
   * band): its answer is the mean of the quantiles of at most {@value #BLEND_MOST} models whose
   * loss at that horizon and level is within {@link #blendMargin} of the lowest, the lowest's
   * first. A tail level's loss counts rare misses, so which model is lowest is partly luck, and a
   * model chosen for its luck covers too little after (one day ahead the chosen 0.99 covered 0.973
   * on the first 100 VMs of 2013-7 though each model is calibrated on its own); the mean of the
   * close ones does not bet on one.
   */
  static final double TAIL = 0.025;

  /** The most models a tail level's answer averages. */
  static final int BLEND_MOST = 4;

  /**
   * One model of the ensemble.
   *
   * @param name how decisions name it
   * @param fitter fits it
   * @param minHistory samples needed before its first fit, &gt;= 3
   */
  public record Member(String name, Fitter fitter, int minHistory) {
    public Member {
      if (minHistory < 3) {
        throw new IllegalArgumentException("a model needs at least 3 samples: " + minHistory);
      }
    }
  }

  /**
   * @param history samples kept for refits, &gt;= 16
   * @param refitEvery steps between refits of a fitted model, &gt;= 1
   * @param reselectEvery every this many refits of a grown model is a full fit, which chooses its
   *     structure (order, method) anew; the others re-estimate its parameters from where they were
   *     ({@link Fitter#refit}), &gt;= 1 (1: every refit is a full fit)
   * @param phase offsets this series' refit schedule (e.g. its key's hash)
   * @param calibrationRate η of the quantile trackers, &gt; 0
   * @param hysteresis another model replaces the chosen one when its loss is lower by this share,
   *     in [0, 1)
   * @param maxPeriod the longest seasonal period considered, in steps
   */
  public record Config(
      int history,
      int refitEvery,
      int reselectEvery,
      int phase,
      double calibrationRate,
      double hysteresis,
      int maxPeriod) {
    public Config {
      if (history < 16
          || refitEvery < 1
          || reselectEvery < 1
          || !(calibrationRate > 0)
          || !(hysteresis >= 0 && hysteresis < 1)
          || maxPeriod < 2) {
        throw new IllegalArgumentException(
            "forecast settings out of range: history >= 16, refit-every >= 1, reselect-every >="
                + " 1, calibration-rate > 0, hysteresis in [0, 1), max-period >= 2; got history="
                + history
                + ", refit-every="
                + refitEvery
                + ", reselect-every="
                + reselectEvery
                + ", calibration-rate="
                + calibrationRate
                + ", hysteresis="
                + hysteresis
                + ", max-period="
                + maxPeriod);
      }
    }

    public Config withPhase(int p) {
      return new Config(
          history, refitEvery, reselectEvery, p, calibrationRate, hysteresis, maxPeriod);
    }
  }

  private final String name;
  private final Member[] members;
  private final Config config;
  private final Predictor[] predictors;
  private final long[] lastFit;

  /** The calibration of every model at horizon j (model i is its member i). */
  private final QuantileTracker[] trackers = new QuantileTracker[MAX_HORIZONS];

  private final int[] horizons = new int[MAX_HORIZONS];

  /** The model chosen at horizon j and level l is at j * MAX_LEVELS + l. */
  private final byte[] chosen = new byte[MAX_HORIZONS * QuantileTracker.MAX_LEVELS];

  private int horizonCount;
  private int lastChosen;
  private final SeriesKey series;
  private final PastSource source;
  private CompactHistory history;
  private final Past past = lag -> history.back(lag);
  private long steps;
  private int fills;
  private long samples;
  private long skipped;
  private long lastMillis;
  private double stepMillis = Double.NaN;
  private double last = Double.NaN;
  private int period;

  /**
   * Bit i set: model i's next refit is a full fit (the seasonal period it was chosen for moved).
   */
  private int reselect;

  /** Keeps its refit history ({@code config.history()} samples) itself. */
  public OnlineForecaster(String name, List<Member> members, Config config) {
    this(name, members, config, null, null);
  }

  /**
   * Reads its refit history of {@code series} from {@code source} at each refit, and keeps only the
   * past samples its fitted models look back to. It forecasts as the one keeping its history, but
   * for the rounding of the kept history ({@link CompactHistory}), which a source does not have.
   */
  public OnlineForecaster(
      String name, List<Member> members, Config config, SeriesKey series, PastSource source) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a forecaster needs at least one model");
    }
    this.name = name;
    this.members = members.toArray(Member[]::new);
    this.config = config;
    int m = this.members.length;
    this.predictors = new Predictor[m];
    this.lastFit = new long[m];
    if (m > Integer.SIZE) {
      throw new IllegalArgumentException("a forecaster runs at most 32 models: " + m);
    }
    for (int i = 0; i < m; i++) {
      predictors[i] = new NaivePredictor();
    }
    if ((series == null) != (source == null)) {
      throw new IllegalArgumentException("a past source needs the series it reads, and back");
    }
    this.series = series;
    this.source = source;
    this.history = new CompactHistory(source == null ? config.history() : 1);
  }

  @Override
  public String name() {
    return members.length == 1 ? name : name + "/" + members[lastChosen].name();
  }

  @Override
  public long observations() {
    return samples;
  }

  /** Samples skipped for a NaN or infinite value or a time not after the previous one. */
  public long skipped() {
    return skipped;
  }

  /** The grid step in seconds, NaN until two samples have been seen. */
  public double stepSeconds() {
    return stepMillis / 1000;
  }

  /** The seasonal period in steps found at the last refit, 0 when none. */
  public int period() {
    return period;
  }

  @Override
  public void observe(Instant time, double value) {
    long millis = time.toEpochMilli();
    if (!Double.isFinite(value) || (samples > 0 && millis <= lastMillis)) {
      skipped++;
      return;
    }
    double v = Math.max(0, value);
    if (samples > 0) {
      long delta = millis - lastMillis;
      if (Double.isNaN(stepMillis)) {
        stepMillis = delta;
      }
      long k = Math.max(1, Math.round(delta / stepMillis));
      for (long i = 1; i < Math.min(k, config.history()); i++) {
        fills++;
        push(last, lastMillis + Math.round(i * stepMillis));
      }
      fills = 0;
    }
    lastMillis = millis;
    samples++;
    push(v, millis);
  }

  /** Puts {@code y}, the usage of the grid step at {@code millis}, through the models. */
  private void push(double y, long millis) {
    for (int j = 0; j < horizonCount; j++) {
      trackers[j].resolve(y, millis, stepMillis);
    }
    for (Predictor p : predictors) {
      p.update(y);
    }
    history.push(y);
    steps++;
    last = y;
    refitDue();
    for (int j = 0; j < horizonCount; j++) {
      int h = horizons[j];
      for (int i = 0; i < members.length; i++) {
        trackers[j].set(i, predictors[i].mean(h), sd(predictors[i], h));
      }
      trackers[j].advance();
      if (members.length > 1) {
        for (int l = 0; l < trackers[j].levels(); l++) {
          choose(j, l);
        }
      }
    }
  }

  private static double sd(Predictor p, int h) {
    double mean = p.mean(h);
    double var = p.variance(h);
    // A model that saw no variation still gets a sliver of spread for the calibration to scale.
    return Math.sqrt(Math.max(var, 0)) + 1e-3 * Math.abs(mean) + 1e-9;
  }

  private void choose(int j, int level) {
    int current = chosen[j * QuantileTracker.MAX_LEVELS + level];
    double currentLoss = trackers[j].loss(current, level);
    int best = current;
    double bestLoss = currentLoss;
    for (int i = 0; i < members.length; i++) {
      double l = trackers[j].loss(i, level);
      if (!Double.isNaN(l) && (Double.isNaN(bestLoss) || l < bestLoss)) {
        best = i;
        bestLoss = l;
      }
    }
    if (best != current
        && (Double.isNaN(currentLoss) || bestLoss < (1 - config.hysteresis()) * currentLoss)) {
      chosen[j * QuantileTracker.MAX_LEVELS + level] = (byte) best;
    }
  }

  /**
   * A young model refits on every {@value #WARMUP_REFIT}th step of its series' phase once it has
   * waited half its age (so fits double their history), a grown one once every {@code refitEvery}
   * steps on its own step of that cycle: a fleet that started together spreads its daily refits
   * over the whole day, not over {@value #WARMUP_REFIT} ticks.
   */
  private void refitDue() {
    for (int i = 0; i < members.length; i++) {
      Member m = members[i];
      long size = source == null ? history.size() : Math.min(steps, config.history());
      long since = steps - lastFit[i];
      long slot = steps + config.phase() + i;
      long wait = Math.min(config.refitEvery(), Math.max(WARMUP_REFIT, lastFit[i] / 2));
      boolean grown = lastFit[i] != 0 && wait == config.refitEvery();
      boolean due =
          lastFit[i] == 0
              ? size >= m.minHistory() && slot % WARMUP_REFIT == 0
              : !grown
                  ? since >= wait && slot % WARMUP_REFIT == 0
                  : since >= wait / 2 && slot % wait == 0;
      if (due) {
        // A grown model's refits are numbered by its slot; every reselect-every-th is a full fit,
        // so that a fleet's full fits spread over the cycle as its refits do.
        refit(i, !grown || Math.floorMod(Math.floorDiv(slot, wait), config.reselectEvery()) == 0);
      }
    }
  }

  private void refit(int i, boolean full) {
    double[] y = source == null ? history.latest(history.size()) : window();
    if (source != null && (y.length < members[i].minHistory() || y.length < reach(-1))) {
      // The source holds less than the model needs, or than the others look back to: everything
      // stays as it is, and the refit comes again at its next slot.
      return;
    }
    int day = stepsPerDay();
    if (i == 0 || lastFit[0] == 0) {
      int detected = detectPeriod(y, day);
      if (detected != period) {
        reselect = -1;
        period = detected;
      }
    }
    lastFit[i] = steps;
    try {
      Fitter fitter = members[i].fitter();
      // A constant window fits every parameter alike: a refit would keep the previous ones for
      // good, where a full fit starts from the models' neutral values.
      Predictor p =
          full || (reselect & (1 << i)) != 0 || constant(y)
              ? fitter.fit(y, period, day)
              : fitter.refit(y, period, day, predictors[i]);
      if (Double.isFinite(p.mean(1)) && Double.isFinite(p.variance(1))) {
        Predictor shared = p.sharing(past);
        if (source != null) {
          keepLags(y, Math.max(shared.reach(), reach(i)));
        }
        predictors[i] = shared;
        reselect &= ~(1 << i);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      // The previous predictor stays: a failed refit loses nothing.
    }
  }

  private static boolean constant(double[] y) {
    for (double v : y) {
      if (v != y[0]) {
        return false;
      }
    }
    return true;
  }

  /** How far back the models other than {@code except} read the shared past. */
  private int reach(int except) {
    int r = 0;
    for (int k = 0; k < predictors.length; k++) {
      if (k != except) {
        r = Math.max(r, predictors[k].reach());
      }
    }
    return r;
  }

  /**
   * Keeps the latest {@code reach} samples of the window {@code y} (ending at the latest step) as
   * the shared past, starting on a block of the full history so that it is coded as that would be.
   */
  private void keepLags(double[] y, int reach) {
    long from = steps - Math.max(1, reach);
    long aligned = from - Math.floorMod(from, CompactHistory.BLOCK);
    long start = Math.max(aligned, steps - y.length);
    CompactHistory lags = new CompactHistory(Math.max(1, reach), start);
    for (long t = start; t < steps; t++) {
      lags.push(y[(int) (t - (steps - y.length))]);
    }
    history = lags;
  }

  /**
   * The latest grid steps (as many as a kept history would hold): those up to the last sample read
   * from the source, the steps after it that the source does not hold yet (a store written after
   * the tick lags by one sample) from the kept past, then the steps of a gap being filled. Empty
   * when the kept past does not reach back to the source's last sample.
   */
  private double[] window() {
    int n = (int) Math.min(steps, config.history());
    int filled = Math.min(fills, n);
    PastSource.Window w = source.latest(series, Instant.ofEpochMilli(lastMillis), n - filled);
    int behind = 0;
    if (w.size() > 0) {
      long newest = w.epochMillis()[w.size() - 1];
      behind = (int) Math.min(n, Math.max(0, Math.round((lastMillis - newest) / stepMillis)));
      if (behind > 0 && filled + behind > history.size()) {
        return new double[0];
      }
    }
    double[] y =
        grid(w.epochMillis(), w.values(), stepMillis, config.history(), n - filled - behind);
    double[] out = Arrays.copyOf(y, y.length + behind + filled);
    for (int k = 0; k < behind; k++) {
      out[y.length + k] = history.back(filled + behind - k);
    }
    Arrays.fill(out, y.length + behind, out.length, last);
    return out;
  }

  /**
   * The latest {@code n} (or fewer) steps of the grid that {@link #observe} builds from these
   * samples: non-finite values and times not after the previous one left out, negative values as 0,
   * a gap of k steps (at most {@code maxFill} + 1) filled with the value before it.
   */
  static double[] grid(long[] millis, double[] values, double stepMillis, int maxFill, int n) {
    if (n == 0) {
      return new double[0];
    }
    double[] out = new double[n];
    int count = 0;
    boolean any = false;
    long previous = 0;
    double last = 0;
    for (int s = 0; s < values.length; s++) {
      if (!Double.isFinite(values[s]) || (any && millis[s] <= previous)) {
        continue;
      }
      double v = Math.max(0, values[s]);
      if (any) {
        long k = Math.max(1, Math.round((millis[s] - previous) / stepMillis));
        for (long i = 1; i < Math.min(k, maxFill); i++) {
          out[count++ % n] = last;
        }
      }
      out[count++ % n] = v;
      previous = millis[s];
      last = v;
      any = true;
    }
    if (count <= n) {
      return Arrays.copyOf(out, count);
    }
    double[] ordered = new double[n];
    for (int i = 0; i < n; i++) {
      ordered[i] = out[(count + i) % n];
    }
    return ordered;
  }

  private int stepsPerDay() {
    if (Double.isNaN(stepMillis)) {
      return 0;
    }
    double day = 86_400_000 / stepMillis;
    long rounded = Math.round(day);
    return Math.abs(day - rounded) < 1e-6 && rounded >= 2 && rounded <= config.maxPeriod()
        ? (int) rounded
        : 0;
  }

  private int detectPeriod(double[] y, int day) {
    if (day == 0) {
      return 0;
    }
    return switch (Periodicity.classify(y, day)) {
      case NONE -> 0;
      case DAY -> day;
      case WEEK -> 7 * day <= config.maxPeriod() && y.length >= 14 * day ? 7 * day : day;
    };
  }

  private int steps(Duration horizon) {
    if (Double.isNaN(stepMillis)) {
      return 1;
    }
    return (int) Math.max(1, Math.round(horizon.toMillis() / stepMillis));
  }

  /**
   * The index of the tracker of {@code h} steps, made if {@code add} and there is room; else -1.
   */
  private int horizonIndex(int h, boolean add) {
    for (int j = 0; j < horizonCount; j++) {
      if (horizons[j] == h) {
        return j;
      }
    }
    if (!add || horizonCount == MAX_HORIZONS) {
      return -1;
    }
    horizons[horizonCount] = h;
    trackers[horizonCount] = new QuantileTracker(h, config.calibrationRate(), members.length);
    return horizonCount++;
  }

  /**
   * Calibrates the pair from the next sample on, for the first {@value #MAX_HORIZONS} horizons and
   * the first {@link QuantileTracker#MAX_LEVELS} levels of each tracked; the horizon counts in grid
   * steps as known now (one step before the second sample).
   */
  @Override
  public void track(Duration horizon, double q) {
    if (samples == 0) {
      return;
    }
    int j = horizonIndex(steps(horizon), true);
    if (j >= 0) {
      trackers[j].track(q);
    }
  }

  @Override
  public double quantile(Duration horizon, double q) {
    if (samples == 0) {
      return Double.NaN;
    }
    int h = steps(horizon);
    int j = horizonIndex(h, false);
    if (j < 0) {
      lastChosen = 0;
      Predictor p = predictors[0];
      return Math.max(0, p.mean(h) + Gaussian.quantile(q) * sd(p, h));
    }
    // The model chosen at this horizon and level; a level beyond the tracked ones takes the
    // first's.
    QuantileTracker tracker = trackers[j];
    int l = tracker.level(q);
    long target = lastMillis + Math.round(h * stepMillis);
    lastChosen = chosen[j * QuantileTracker.MAX_LEVELS + Math.max(l, 0)];
    double value = levelQuantile(j, h, Math.max(l, 0), q, target);
    int n = tracker.levels();
    if (l < 0 || n == 1) {
      return value;
    }
    // Each tracked level has its own model and calibration, so in a steep climb a lower level can
    // come out above a higher one. Rearranged (the tracked levels' quantiles sorted, each level
    // given the one of its rank), the quantiles cross no more and none is further from the
    // outcome in total (Chernozhukov, Fernández-Val and Galichon, 2010).
    double[] values = new double[n];
    int rank = 0;
    for (int k = 0; k < n; k++) {
      values[k] = k == l ? value : levelQuantile(j, h, k, tracker.q(k), target);
      if (tracker.q(k) < q) {
        rank++;
      }
    }
    Arrays.sort(values);
    return values[rank];
  }

  /** The q-quantile tracked level {@code l} of horizon index {@code j} gives on its own. */
  private double levelQuantile(int j, int h, int l, double q, long target) {
    int single = chosen[j * QuantileTracker.MAX_LEVELS + l];
    if (Math.min(q, 1 - q) >= TAIL) {
      return memberQuantile(j, single, h, q, target);
    }
    QuantileTracker tracker = trackers[j];
    int best = -1;
    for (int i = 0; i < members.length; i++) {
      double loss = tracker.loss(i, l);
      if (!Double.isNaN(loss) && (best < 0 || loss < tracker.loss(best, l))) {
        best = i;
      }
    }
    if (best < 0) {
      return memberQuantile(j, single, h, q, target);
    }
    // The models within the margin of the lowest loss, in order of their loss (ties: the first).
    double limit = (1 + blendMargin(h)) * tracker.loss(best, l);
    int taken = 0;
    double sum = 0;
    int used = 0;
    for (; taken < BLEND_MOST; taken++) {
      int next = -1;
      for (int i = 0; i < members.length; i++) {
        double loss = tracker.loss(i, l);
        if ((used & (1 << i)) == 0 && loss <= limit && (next < 0 || loss < tracker.loss(next, l))) {
          next = i;
        }
      }
      if (next < 0) {
        break;
      }
      used |= 1 << next;
      sum += memberQuantile(j, next, h, q, target);
    }
    return sum / taken;
  }

  /**
   * How much higher than the lowest a tail level's loss may be for its model to join the answer's
   * mean: 10 % one step ahead, where one model's tail is usually clearly best (averaged with the
   * three next, the 0.99's pinball on the first 100 VMs of 2013-7 was 6-16 % worse); 50 % beyond,
   * where the models' errors are of a size and which one errs least changes from day to day (a
   * margin of 100 % covered more, up to 0.989 one day ahead, and cost pinball on 2013-8).
   */
  static double blendMargin(int h) {
    return h == 1 ? 0.1 : 0.5;
  }

  /** Model {@code i}'s calibrated q-quantile at horizon index {@code j}. */
  private double memberQuantile(int j, int i, int h, double q, long target) {
    Predictor p = predictors[i];
    return trackers[j].quantile(i, p.mean(h), sd(p, h), q, target, stepMillis);
  }
}
