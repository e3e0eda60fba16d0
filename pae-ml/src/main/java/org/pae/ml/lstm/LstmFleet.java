package org.pae.ml.lstm;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.Gaussian;
import org.pae.core.forecast.SeriesPreview;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.forecast.calibrate.QuantileTracker;
import org.pae.core.model.AccountId;
import org.pae.core.model.SeriesKey;
import org.pae.ml.HorizonCalibration;
import org.pae.ml.Levels;

/**
 * The global LSTM as the loop sees it: one {@link Forecaster} per series, all sharing one network.
 * A series keeps only its last window of samples. The first forecast asked after new samples runs
 * the network once over every series that has taken a sample since the last run (the control loop
 * lets every series observe before any is asked, so one tick is one batch).
 *
 * <p>A replay, which goes workload by workload, can instead {@link #preview} a series: the network
 * then runs over every step's window of it in a few large batches, each window holding only the
 * samples up to its step, and the series' forecaster answers from those outputs as long as it is
 * fed exactly the previewed samples (otherwise it computes live again).
 *
 * <p>A series sampled at another step than the network's (outside half to twice it, e.g. a daemon
 * ticking every 5 s fed to a network trained on 5-minute samples) is not forecast: its window would
 * cover another span than the network learned. It answers {@code NaN}, so that an ensemble passes
 * it over, and takes no part in the batches.
 *
 * <p>Its quantiles are calibrated per horizon and level on each series' own errors, with the
 * trackers CF's and the fitted models' use ({@link HorizonCalibration}): the q-quantile is the
 * network's own q-quantile moved by (θ_q − z_q) · sd, sd the network's spread (from its median to
 * its 0.841 quantile), θ_q starting at the Gaussian z_q (no move) and moving after each outcome so
 * that the share of actuals above it tends to 1 − q at each horizon asked (conformalised quantile
 * regression, made adaptive). The network's own quantiles were seen far off: on 2013-7 CPU its 0.5
 * quantile covered 72 % of the actuals 5 minutes ahead (5 hidden VMs), and its 0.99 quantile at 1
 * day had a pinball loss as large as its median's.
 *
 * <p>Training runs elsewhere ({@link LstmLearner}, on the daemon's trainer thread); a trained
 * network is {@link #offer}ed from any thread and taken into use by the loop's thread at its next
 * batch. Until a network is there, forecasts are {@code NaN} (the policy holds, an ensemble leaves
 * the model out).
 */
public final class LstmFleet implements ForecasterFactory, SeriesPreview {
  public static final String NAME = "lstm";
  private final LstmConfig shape;
  private final ContextCalendar calendar;
  private final boolean calibrated;
  private final AtomicReference<LstmNetwork> offered = new AtomicReference<>();
  private final Set<Series> pending = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<SeriesKey, Preview> previews = new HashMap<>();
  private LstmNetwork network;
  private long batches;
  private long previewed;

  /** The level one normal sd above the median: Φ(1). */
  private static final double ONE_SD = 0.8413447460685429;

  /** Windows run in one batch of a preview: about 9 MB of input for the five-minute network. */
  public static final int PREVIEW_BATCH = 4096;

  /**
   * The network's outputs after each fed sample of a previewed series: {@code out[j]} and {@code
   * scales[j]} after sample {@code j} ({@code millis[j]}, {@code values[j]}), computed by {@code
   * network} with the calendar of the default account.
   */
  private record Preview(
      LstmNetwork network, long[] millis, double[] values, float[][][] out, double[] scales) {}

  /**
   * @param shape the window and step every network it takes must have
   * @param calendar whose features the network reads
   */
  public LstmFleet(LstmConfig shape, ContextCalendar calendar) {
    this(shape, calendar, true);
  }

  private LstmFleet(LstmConfig shape, ContextCalendar calendar, boolean calibrated) {
    this.shape = Objects.requireNonNull(shape, "shape");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.calibrated = calibrated;
  }

  /** A fleet already serving {@code network}, its quantiles calibrated per horizon. */
  public static LstmFleet serving(LstmNetwork network, ContextCalendar calendar) {
    LstmFleet f = new LstmFleet(network.config(), calendar);
    f.offer(network);
    return f;
  }

  /**
   * A fleet answering the network's own quantiles, uncalibrated: what calibration changes, for an
   * evaluation. It closes {@code network} only if offered a replacement.
   */
  public static LstmFleet uncalibrated(LstmNetwork network, ContextCalendar calendar) {
    LstmFleet f = new LstmFleet(network.config(), calendar, false);
    f.offer(network);
    return f;
  }

  /** Hands over a trained network; the loop's thread takes it at its next batch. */
  public void offer(LstmNetwork trained) {
    if (trained.config().window() != shape.window()
        || !trained.config().step().equals(shape.step())) {
      throw new IllegalArgumentException(
          "the fleet reads windows of "
              + shape.window()
              + " samples every "
              + shape.step()
              + "; this network was trained for "
              + trained.config().window()
              + " every "
              + trained.config().step());
    }
    LstmNetwork old = offered.getAndSet(trained);
    if (old != null) {
      old.close();
    }
  }

  /** How many batches the network has run live (one per tick with new samples). */
  public long batches() {
    return batches;
  }

  /** How many samples were answered from a preview rather than live. */
  public long previewed() {
    return previewed;
  }

  @Override
  public Forecaster create(SeriesSpec spec) {
    return new Series(spec.key(), spec.workload().account());
  }

  /**
   * Runs the network over the window ending at each sample of {@code values} that is not {@code
   * NaN}, exactly as a series fed those samples one by one would (a window before the {@code
   * window}-th sample is padded with the first sample), in batches of {@value #PREVIEW_BATCH}
   * windows. The series of {@code series} created for the default account then answer from these
   * outputs. Without a network, nothing is computed.
   */
  @Override
  public void preview(SeriesKey series, Instant[] times, double[] values) {
    if (times.length != values.length) {
      throw new IllegalArgumentException(
          "a preview needs one time per value: " + times.length + " vs " + values.length);
    }
    takeOffered();
    previews.remove(series);
    if (network == null) {
      return;
    }
    int m = 0;
    for (double v : values) {
      m += Double.isNaN(v) ? 0 : 1;
    }
    long[] millis = new long[m];
    double[] fed = new double[m];
    double[][] features = new double[m][];
    for (int i = 0, j = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])) {
        millis[j] = times[i].toEpochMilli();
        fed[j] = values[i];
        features[j] = calendar.at(series.workload(), AccountId.DEFAULT, times[i]).features();
        j++;
      }
    }
    int w = shape.window();
    int stride = w * LstmNetwork.FEATURES;
    float[][][] out = new float[m][][];
    double[] scales = new double[m];
    double[] v = new double[w];
    double[][] f = new double[w][];
    for (int from = 0; from < m; from += PREVIEW_BATCH) {
      int count = Math.min(PREVIEW_BATCH, m - from);
      float[] x = new float[count * stride];
      for (int b = 0; b < count; b++) {
        int last = from + b;
        for (int i = 0; i < w; i++) {
          int k = Math.max(last - w + 1 + i, 0);
          v[i] = fed[k];
          f[i] = features[k];
        }
        scales[last] = LstmNetwork.encode(v, f, 0, w, x, b * stride);
      }
      float[][][] y = network.predict(x, count);
      System.arraycopy(y, 0, out, from, count);
    }
    previews.put(series, new Preview(network, millis, fed, out, scales));
  }

  @Override
  public void forget(SeriesKey series) {
    previews.remove(series);
  }

  /** Takes a network offered since the last call into use, closing the one it replaces. */
  private void takeOffered() {
    LstmNetwork next = offered.getAndSet(null);
    if (next != null) {
      if (network != null) {
        network.close();
      }
      network = next;
    }
  }

  private void runBatch() {
    takeOffered();
    if (network == null) {
      pending.clear();
      return;
    }
    int w = shape.window();
    Series[] batch = pending.toArray(new Series[0]);
    pending.clear();
    float[] x = new float[batch.length * w * LstmNetwork.FEATURES];
    double[] scales = new double[batch.length];
    for (int b = 0; b < batch.length; b++) {
      scales[b] = batch[b].encode(x, b * w * LstmNetwork.FEATURES);
    }
    float[][][] out = network.predict(x, batch.length);
    for (int b = 0; b < batch.length; b++) {
      batch[b].scale = scales[b];
      batch[b].predicted = out[b];
    }
    batches++;
  }

  /**
   * One series: its last window of samples and the network's last answer for it, live or from its
   * preview while it is fed the previewed samples.
   */
  private final class Series implements Forecaster {
    private final SeriesKey key;
    private final AccountId account;
    private final double[] values = new double[shape.window()];
    private final double[][] features = new double[shape.window()][];
    private long n;
    private float[][] predicted;
    private double scale;
    private Preview preview;

    /** Per level asked, its trackers per horizon. */
    private final double[] levelsAsked = new double[QuantileTracker.MAX_LEVELS];

    private final HorizonCalibration[] calibration =
        new HorizonCalibration[QuantileTracker.MAX_LEVELS];
    private int levelCount;
    private long lastMillis;
    private long stepMillis;
    private boolean owed;

    Series(SeriesKey key, AccountId account) {
      this.key = key;
      this.account = account;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void observe(Instant time, double value) {
      settle();
      for (int i = 0; i < levelCount; i++) {
        calibration[i].resolve(value, time.toEpochMilli(), stepMillis);
      }
      if (n == 1) {
        stepMillis = Math.max(1, time.toEpochMilli() - lastMillis);
      }
      lastMillis = time.toEpochMilli();
      owed = levelCount > 0;
      int at = (int) (n % values.length);
      values[at] = value;
      features[at] = calendar.at(key.workload(), account, time).features();
      if (n == 0 && account.equals(AccountId.DEFAULT)) {
        preview = previews.get(key);
      }
      takeOffered();
      if (preview != null
          && (n >= preview.millis().length
              || preview.millis()[(int) n] != time.toEpochMilli()
              || preview.values()[(int) n] != value
              || preview.network() != network)) {
        preview = null;
      }
      if (preview != null) {
        predicted = preview.out()[(int) n];
        scale = preview.scales()[(int) n];
        previewed++;
      } else {
        predicted = null;
        if (!wrongStep()) {
          pending.add(this);
        }
      }
      n++;
    }

    @Override
    public long observations() {
      return n;
    }

    /** Writes the window oldest first, padding a short history with its first sample. */
    double encode(float[] out, int offset) {
      int w = values.length;
      double[] v = new double[w];
      double[][] f = new double[w][];
      for (int i = 0; i < w; i++) {
        long k = n - w + i;
        int at = (int) (Math.max(k, 0) % w);
        v[i] = values[at];
        f[i] = features[at];
      }
      return LstmNetwork.encode(v, f, 0, w, out, offset);
    }

    /**
     * Records the forecast after the last sample in every tracker, once per sample: the trackers
     * score a forecast h samples after it was made. A series asked nothing after a sample (an
     * evaluation asks hourly) records it at its next sample, running the batch of every series
     * still waiting.
     */
    private void settle() {
      if (!owed) {
        return;
      }
      owed = false;
      if (predicted == null) {
        runBatch();
      }
      if (predicted == null) {
        return;
      }
      for (int i = 0; i < levelCount; i++) {
        HorizonCalibration c = calibration[i];
        for (int j = 0; j < c.size(); j++) {
          double[] v = levelsAt(c.horizon(j));
          double sd = sd(v);
          c.tracker(j).made(base(v, levelsAsked[i], sd), sd);
        }
      }
    }

    /** Whether the series is sampled outside half to twice the network's step. */
    private boolean wrongStep() {
      long trained = shape.step().toMillis();
      return stepMillis > 0 && (2 * stepMillis < trained || stepMillis > 2 * trained);
    }

    /**
     * Calibrates the pair from now on: its tracker records the forecast after the last sample
     * (running the batch of every series waiting), at most {@link QuantileTracker#MAX_LEVELS}
     * levels and {@link HorizonCalibration#MAX_HORIZONS} horizons per level.
     */
    @Override
    public void track(Duration horizon, double q) {
      if (n == 0 || wrongStep() || !calibrated) {
        return;
      }
      if (predicted == null) {
        runBatch();
      }
      if (predicted == null) {
        return;
      }
      HorizonCalibration c = calibration(q, true);
      QuantileTracker t = c == null ? null : c.at(horizon.toMillis(), stepMillis);
      if (t != null) {
        settle();
        t.track(q);
      }
    }

    @Override
    public double quantile(Duration horizon, double q) {
      if (n == 0 || wrongStep()) {
        return Double.NaN;
      }
      if (predicted == null) {
        runBatch();
      }
      if (predicted == null) {
        return Double.NaN;
      }
      long millis = horizon.toMillis();
      double[] v = levelsAt(millis);
      HorizonCalibration c = calibrated ? calibration(q, false) : null;
      QuantileTracker t = c == null ? null : c.of(millis);
      if (t == null) {
        return Math.max(0, Levels.at(network.config().levels(), v, q));
      }
      double sd = sd(v);
      return t.quantile(base(v, q, sd), sd, q, lastMillis + millis, stepMillis);
    }

    /**
     * The trackers of level {@code q}, made if {@code add}; null when there are none and none are
     * made (every slot is taken).
     */
    private HorizonCalibration calibration(double q, boolean add) {
      for (int i = 0; i < levelCount; i++) {
        if (levelsAsked[i] == q) {
          return calibration[i];
        }
      }
      if (!add || levelCount == levelsAsked.length) {
        return null;
      }
      levelsAsked[levelCount] = q;
      calibration[levelCount] = new HorizonCalibration();
      return calibration[levelCount++];
    }

    /**
     * What the tracker's mean + θ · sd reads as the network's q-quantile moved by (θ − z_q) sds:
     * the network's own quantile minus z_q sds, so that an untrained tracker (θ = z_q) answers it.
     */
    private double base(double[] v, double q, double sd) {
      return Levels.at(network.config().levels(), v, q) - Gaussian.quantile(q) * sd;
    }

    /**
     * The scale of the corrections: one normal sd as the network sees it, from its median to its
     * 0.841 quantile, and at least 1 % of the median, so that a network whose quantiles collapse
     * leaves the tracker a scale to move on.
     */
    private double sd(double[] v) {
      double[] levels = network.config().levels();
      double median = Math.max(0, Levels.at(levels, v, 0.5));
      return Math.max(Levels.at(levels, v, ONE_SD) - median, 0.01 * median) + 1e-9;
    }

    /**
     * The network's quantiles at each of its levels, {@code millis} ahead, in the series' units.
     */
    private double[] levelsAt(long millis) {
      int[] hs = network.config().horizons();
      int levels = network.config().levels().length;
      double[] out = new double[levels];
      double steps = (double) millis / shape.step().toMillis();
      int hi = 0;
      while (hi < hs.length - 1 && steps > hs[hi]) {
        hi++;
      }
      double t =
          hi == 0 || steps >= hs[hi] ? 1 : (steps - hs[hi - 1]) / (double) (hs[hi] - hs[hi - 1]);
      for (int l = 0; l < levels; l++) {
        double upper = predicted[hi][l];
        double lower = hi == 0 ? upper : predicted[hi - 1][l];
        out[l] = scale * ((1 - t) * lower + t * upper);
      }
      return out;
    }
  }
}
