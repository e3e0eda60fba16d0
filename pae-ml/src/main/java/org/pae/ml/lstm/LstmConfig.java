package org.pae.ml.lstm;

import java.time.Duration;
import java.util.Arrays;

/**
 * The shape and training of the global LSTM.
 *
 * @param step the sampling interval the network is trained for
 * @param window how many past samples it reads
 * @param horizons how many steps ahead it predicts, increasing
 * @param levels the quantile levels it predicts, increasing in (0, 1)
 * @param units LSTM state size: 32 learns on a seasonal series here where 16 did not
 * @param layers stacked LSTM layers
 * @param epochs passes over the training windows
 * @param batchSize windows per gradient step
 * @param learningRate Adam's step size
 * @param stride steps between the ends of two training windows of one series
 * @param seed for the weights' initialisation and the shuffling of windows
 */
public record LstmConfig(
    Duration step,
    int window,
    int[] horizons,
    double[] levels,
    int units,
    int layers,
    int epochs,
    int batchSize,
    float learningRate,
    int stride,
    long seed) {
  public LstmConfig {
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("lstm step must be positive: " + step);
    }
    if (window < 2 || units < 1 || layers < 1 || epochs < 0 || batchSize < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "lstm window >= 2, units, layers, batch size, stride >= 1, epochs >= 0");
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("lstm learning rate must be > 0: " + learningRate);
    }
    horizons = horizons.clone();
    levels = levels.clone();
    if (horizons.length == 0 || levels.length == 0) {
      throw new IllegalArgumentException("lstm needs at least one horizon and one level");
    }
    for (int i = 0; i < horizons.length; i++) {
      if (horizons[i] < 1 || (i > 0 && horizons[i] <= horizons[i - 1])) {
        throw new IllegalArgumentException(
            "lstm horizons must be increasing and >= 1: " + Arrays.toString(horizons));
      }
    }
    for (int i = 0; i < levels.length; i++) {
      if (!(levels[i] > 0 && levels[i] < 1) || (i > 0 && levels[i] <= levels[i - 1])) {
        throw new IllegalArgumentException(
            "lstm levels must be increasing in (0, 1): " + Arrays.toString(levels));
      }
    }
  }

  /**
   * Five-minute samples (Bitbrains), four hours of input, 5 minutes / 1 hour / 1 day ahead at the
   * quantiles 0.5, 0.9, 0.99 (BENCHMARKS §2).
   */
  public static LstmConfig fiveMinutes(int epochs, long seed) {
    return new LstmConfig(
        Duration.ofMinutes(5),
        48,
        new int[] {1, 12, 288},
        new double[] {0.5, 0.9, 0.99},
        32,
        1,
        epochs,
        256,
        3e-3f,
        6,
        seed);
  }

  /** The same network with other training settings. */
  public LstmConfig training(int epochs, int stride, long seed) {
    return new LstmConfig(
        step,
        window,
        horizons,
        levels,
        units,
        layers,
        epochs,
        batchSize,
        learningRate,
        stride,
        seed);
  }

  public int maxHorizon() {
    return horizons[horizons.length - 1];
  }

  /** Outputs per window: one per horizon and level. */
  public int outputs() {
    return horizons.length * levels.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LstmConfig c
        && step.equals(c.step)
        && window == c.window
        && Arrays.equals(horizons, c.horizons)
        && Arrays.equals(levels, c.levels)
        && units == c.units
        && layers == c.layers
        && epochs == c.epochs
        && batchSize == c.batchSize
        && learningRate == c.learningRate
        && stride == c.stride
        && seed == c.seed;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(horizons) * 31 + Arrays.hashCode(levels) + window;
  }

  @Override
  public String toString() {
    return "LstmConfig[step="
        + step
        + ", window="
        + window
        + ", horizons="
        + Arrays.toString(horizons)
        + ", levels="
        + Arrays.toString(levels)
        + ", units="
        + units
        + ", layers="
        + layers
        + ", epochs="
        + epochs
        + "]";
  }
}
