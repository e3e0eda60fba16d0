package org.pae.ml.lstm;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.SeriesPreview;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.ml.Levels;
import org.pae.ml.UsageSeries;

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
 * <p>Training runs elsewhere ({@link #retrain} on an executor); a trained network is {@link
 * #offer}ed from any thread and taken into use by the loop's thread at its next batch. Until a
 * network is there, forecasts are {@code NaN} (the policy holds, an ensemble leaves the model out).
 */
public final class LstmFleet implements ForecasterFactory, SeriesPreview {
  public static final String NAME = "lstm";
  private final LstmConfig shape;
  private final ContextCalendar calendar;
  private final AtomicReference<LstmNetwork> offered = new AtomicReference<>();
  private final Set<Series> pending = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<SeriesKey, Preview> previews = new HashMap<>();
  private LstmNetwork network;
  private long batches;
  private long previewed;

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
    this.shape = Objects.requireNonNull(shape, "shape");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  /** A fleet already serving {@code network}. */
  public static LstmFleet serving(LstmNetwork network, ContextCalendar calendar) {
    LstmFleet f = new LstmFleet(network.config(), calendar);
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

  /** Trains a new network on {@code executor} (never the loop's thread) and offers it when done. */
  public CompletableFuture<LstmNetwork> retrain(
      Executor executor, Supplier<List<UsageSeries>> history, LstmConfig config) {
    return CompletableFuture.supplyAsync(
        () -> {
          LstmNetwork n = LstmNetwork.train(history.get(), calendar, config, e -> {});
          offer(n);
          return n;
        },
        executor);
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
  public Forecaster create(SeriesKey series) {
    return new Series(series, AccountId.DEFAULT);
  }

  @Override
  public Forecaster create(Workload workload, Resource resource) {
    return new Series(new SeriesKey(workload.id(), resource), workload.account());
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
        pending.add(this);
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

    @Override
    public double quantile(Duration horizon, double q) {
      if (n == 0) {
        return Double.NaN;
      }
      if (predicted == null) {
        runBatch();
      }
      if (predicted == null) {
        return Double.NaN;
      }
      return Math.max(0, scale * interpolate(horizon, q));
    }

    private double interpolate(Duration horizon, double q) {
      int[] hs = network.config().horizons();
      double steps = (double) horizon.toMillis() / shape.step().toMillis();
      if (steps <= hs[0]) {
        return atLevel(predicted[0], q);
      }
      for (int i = 1; i < hs.length; i++) {
        if (steps <= hs[i]) {
          double t = (steps - hs[i - 1]) / (hs[i] - hs[i - 1]);
          return (1 - t) * atLevel(predicted[i - 1], q) + t * atLevel(predicted[i], q);
        }
      }
      return atLevel(predicted[hs.length - 1], q);
    }

    /** Linear in the normal score between levels; beyond them, the normal tail. */
    private double atLevel(float[] v, double q) {
      double[] values = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        values[i] = v[i];
      }
      return Levels.at(network.config().levels(), values, q);
    }
  }
}
