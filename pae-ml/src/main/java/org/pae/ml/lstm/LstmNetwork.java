package org.pae.ml.lstm;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.pae.core.context.Context;
import org.pae.core.context.ContextCalendar;
import org.pae.ml.UsageSeries;

/**
 * One LSTM for every workload: it reads a window of a series' samples, each divided by the window's
 * mean (so that a VM using 100 MB and one using 100 GB look alike) and joined by the calendar's
 * features of its time, and predicts the quantiles of the series at several horizons, in the
 * window's own scale. Trained with the pinball loss; PyTorch on the CPU through DJL, fully offline.
 *
 * <p>Not thread-safe: train it on one thread, then hand it to the loop's thread (see {@link
 * LstmFleet}); close it when replaced.
 */
public final class LstmNetwork implements AutoCloseable {
  /** Inputs per time step: the scaled value and the calendar's features. */
  public static final int FEATURES = 1 + Context.FEATURES;

  private static final String NAME = "pae-lstm";

  /**
   * Training targets are capped at this multiple of their window's mean: a rise from an idle window
   * (mean near 0) would otherwise weigh millions of times more than any other window in the loss
   * (seen on Bitbrains memory: a pinball loss of 260 in window units).
   */
  static final double TARGET_CAP = 20;

  private final LstmConfig config;
  private final Model model;
  private final ParameterStore parameters;

  private LstmNetwork(LstmConfig config, Model model) {
    this.config = config;
    this.model = model;
    this.parameters = new ParameterStore(model.getNDManager(), false);
  }

  public LstmConfig config() {
    return config;
  }

  /** One epoch's mean training loss and wall time. */
  public record Epoch(int index, double loss, Duration time) {}

  /**
   * Trains a new network on windows from every series (ending every {@code stride} steps; windows
   * with a missing sample are left out), {@code epochs} passes in a seeded shuffled order.
   *
   * @param onEpoch told each finished epoch, e.g. for a progress line
   */
  public static LstmNetwork train(
      List<UsageSeries> series,
      ContextCalendar calendar,
      LstmConfig config,
      java.util.function.Consumer<Epoch> onEpoch) {
    Djl.offline();
    Engine.getEngine(Djl.ENGINE).setRandomSeed((int) config.seed());
    Model model = Model.newInstance(NAME, Djl.ENGINE);
    model.setBlock(block(config));
    LstmNetwork net = new LstmNetwork(config, model);
    List<Encoded> encoded = new ArrayList<>(series.size());
    List<long[]> windows = new ArrayList<>();
    for (UsageSeries s : series) {
      Encoded e = Encoded.of(s, calendar);
      int si = encoded.size();
      encoded.add(e);
      for (int end = config.window(); end + config.maxHorizon() <= s.values().length; ) {
        if (e.complete(end - config.window(), end + config.maxHorizon())) {
          windows.add(new long[] {si, end});
        }
        end += config.stride();
      }
    }
    if (windows.isEmpty()) {
      model.close();
      throw new IllegalArgumentException(
          "no complete training window: each needs "
              + (config.window() + config.maxHorizon())
              + " samples without a gap");
    }
    DefaultTrainingConfig tc =
        new DefaultTrainingConfig(new PinballLoss(config.levels()))
            .optOptimizer(
                Adam.builder()
                    .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                    .build());
    Random random = new Random(config.seed());
    try (Trainer trainer = model.newTrainer(tc)) {
      trainer.initialize(new Shape(config.batchSize(), config.window(), FEATURES));
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        long t0 = System.nanoTime();
        java.util.Collections.shuffle(windows, random);
        double sum = 0;
        int batches = 0;
        for (int from = 0; from < windows.size(); from += config.batchSize()) {
          int b = Math.min(config.batchSize(), windows.size() - from);
          float[] x = new float[b * config.window() * FEATURES];
          float[] y = new float[b * config.horizons().length];
          for (int i = 0; i < b; i++) {
            long[] w = windows.get(from + i);
            Encoded e = encoded.get((int) w[0]);
            int end = (int) w[1];
            double scale = e.encode(end, config.window(), x, i * config.window() * FEATURES);
            for (int h = 0; h < config.horizons().length; h++) {
              y[i * config.horizons().length + h] =
                  (float) Math.min(TARGET_CAP, e.values[end - 1 + config.horizons()[h]] / scale);
            }
          }
          try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray xs = batch.create(x, new Shape(b, config.window(), FEATURES));
            NDArray ys = batch.create(y, new Shape(b, config.horizons().length));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray pred = trainer.forward(new NDList(xs)).singletonOrThrow();
              NDArray loss = trainer.getLoss().evaluate(new NDList(ys), new NDList(pred));
              gc.backward(loss);
              sum += loss.getFloat();
            }
            trainer.step();
          }
          batches++;
        }
        onEpoch.accept(new Epoch(epoch, sum / batches, Duration.ofNanos(System.nanoTime() - t0)));
      }
    }
    return net;
  }

  /**
   * Predicts a batch of prepared windows ({@link #encode}): {@code out[b][h][i]} is the {@code
   * levels[i]}-quantile {@code horizons[h]} steps after window {@code b}'s last sample, in the
   * window's scale (multiply by the scale {@code encode} returned). Quantiles are sorted per
   * horizon so they never cross.
   */
  public float[][][] predict(float[] windows, int count) {
    int h = config.horizons().length;
    int q = config.levels().length;
    float[][][] out = new float[count][h][q];
    if (count == 0) {
      return out;
    }
    try (NDManager m = model.getNDManager().newSubManager()) {
      NDArray x = m.create(windows, new Shape(count, config.window(), FEATURES));
      float[] flat =
          model
              .getBlock()
              .forward(parameters, new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();
      for (int b = 0; b < count; b++) {
        for (int i = 0; i < h; i++) {
          System.arraycopy(flat, (b * h + i) * q, out[b][i], 0, q);
          Arrays.sort(out[b][i]);
        }
      }
    }
    return out;
  }

  /**
   * Writes window {@code values} (oldest first, {@code config.window()} of them) with the
   * calendar's features of each sample ({@code features[i]}, {@link Context#features()}) into
   * {@code out} at {@code offset}; returns the scale the values were divided by (their mean, or 1
   * for an all-zero window).
   */
  public static double encode(
      double[] values, double[][] features, int from, int length, float[] out, int offset) {
    double sum = 0;
    for (int i = 0; i < length; i++) {
      sum += values[from + i];
    }
    double scale = sum > 1e-12 * length ? sum / length : 1;
    for (int i = 0; i < length; i++) {
      int at = offset + i * FEATURES;
      out[at] = (float) (values[from + i] / scale);
      double[] f = features[from + i];
      for (int k = 0; k < f.length; k++) {
        out[at + 1 + k] = (float) f[k];
      }
    }
    return scale;
  }

  /** Saves the weights and the configuration into {@code dir}. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    model.save(dir, NAME);
    Properties p = new Properties();
    p.setProperty("step", config.step().toString());
    p.setProperty("window", Integer.toString(config.window()));
    p.setProperty("horizons", join(Arrays.stream(config.horizons()).asDoubleStream().toArray()));
    p.setProperty("levels", join(config.levels()));
    p.setProperty("units", Integer.toString(config.units()));
    p.setProperty("layers", Integer.toString(config.layers()));
    p.setProperty("epochs", Integer.toString(config.epochs()));
    p.setProperty("batch-size", Integer.toString(config.batchSize()));
    p.setProperty("learning-rate", Float.toString(config.learningRate()));
    p.setProperty("stride", Integer.toString(config.stride()));
    p.setProperty("seed", Long.toString(config.seed()));
    try (OutputStream out = Files.newOutputStream(dir.resolve(NAME + ".properties"))) {
      p.store(out, "PAE global LSTM: shape of the network saved beside");
    }
  }

  /** Loads a network saved by {@link #save}; a missing or damaged file is a clear error. */
  public static LstmNetwork load(Path dir) throws IOException {
    Path props = dir.resolve(NAME + ".properties");
    if (!Files.isRegularFile(props)) {
      throw new IOException("no saved LSTM in " + dir + " (missing " + props.getFileName() + ")");
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(props)) {
      p.load(in);
    }
    LstmConfig config;
    try {
      // The training settings it was trained with, for retraining it (a network saved before they
      // were kept: the five-minute network's).
      LstmConfig dflt = LstmConfig.fiveMinutes(3, 1);
      config =
          new LstmConfig(
              Duration.parse(p.getProperty("step")),
              Integer.parseInt(p.getProperty("window")),
              Arrays.stream(split(p.getProperty("horizons"))).mapToInt(d -> (int) d).toArray(),
              split(p.getProperty("levels")),
              Integer.parseInt(p.getProperty("units")),
              Integer.parseInt(p.getProperty("layers")),
              Integer.parseInt(p.getProperty("epochs", Integer.toString(dflt.epochs()))),
              Integer.parseInt(p.getProperty("batch-size", Integer.toString(dflt.batchSize()))),
              Float.parseFloat(p.getProperty("learning-rate", Float.toString(dflt.learningRate()))),
              Integer.parseInt(p.getProperty("stride", Integer.toString(dflt.stride()))),
              Long.parseLong(p.getProperty("seed", Long.toString(dflt.seed()))));
    } catch (RuntimeException e) {
      throw new IOException("damaged LSTM description " + props + ": " + e.getMessage(), e);
    }
    Djl.offline();
    Model model = Model.newInstance(NAME, Djl.ENGINE);
    model.setBlock(block(config));
    try {
      model.load(dir, NAME);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException("cannot load the LSTM weights in " + dir + ": " + e.getMessage(), e);
    }
    return new LstmNetwork(config, model);
  }

  @Override
  public void close() {
    model.close();
  }

  private static Block block(LstmConfig c) {
    return new SequentialBlock()
        .add(
            LSTM.builder()
                .setStateSize(c.units())
                .setNumLayers(c.layers())
                .optBatchFirst(true)
                .optReturnState(false)
                .build())
        .add(new LambdaBlock(list -> new NDList(list.singletonOrThrow().get(":, -1, :")), "last"))
        .add(Linear.builder().setUnits(c.outputs()).build());
  }

  private static String join(double[] values) {
    StringBuilder b = new StringBuilder();
    for (double v : values) {
      b.append(b.isEmpty() ? "" : ",").append(v);
    }
    return b.toString();
  }

  private static double[] split(String s) {
    return Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  /** A series with each sample's calendar features computed once. */
  private static final class Encoded {
    final double[] values;
    final double[][] features;

    Encoded(double[] values, double[][] features) {
      this.values = values;
      this.features = features;
    }

    static Encoded of(UsageSeries s, ContextCalendar calendar) {
      double[][] f = new double[s.values().length][];
      for (int i = 0; i < f.length; i++) {
        f[i] = calendar.at(s.workload(), s.account(), s.time(i)).features();
      }
      return new Encoded(s.values(), f);
    }

    boolean complete(int from, int to) {
      for (int i = from; i < to; i++) {
        if (Double.isNaN(values[i])) {
          return false;
        }
      }
      return true;
    }

    double encode(int end, int window, float[] out, int offset) {
      return LstmNetwork.encode(values, features, end - window, window, out, offset);
    }
  }
}
