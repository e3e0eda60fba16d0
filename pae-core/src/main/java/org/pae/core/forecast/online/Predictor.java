package org.pae.core.forecast.online;

/**
 * A fitted model of a series on a regular grid, in its state after the last sample: an O(1) update
 * per new sample and the mean and variance of the value {@code h} steps ahead. Fitting happens
 * elsewhere ({@link Fitter}); a predictor only rolls forward.
 */
public interface Predictor {
  /** Takes the next sample (one grid step after the previous one). */
  void update(double y);

  /** The expected value {@code h >= 1} steps after the last sample. */
  double mean(int h);

  /** The variance of the error of {@link #mean(int)} at {@code h >= 1} steps. */
  double variance(int h);

  /**
   * This predictor reading past samples from {@code past} instead of from a copy of its own, where
   * it keeps one (the default keeps none and returns itself). {@code past} must hold the samples it
   * was rolled over, and from then on take each new sample after {@link #update} and before the
   * next {@link #mean}.
   */
  default Predictor sharing(Past past) {
    return this;
  }

  /**
   * How far back, in steps, it reads the {@link Past} it {@linkplain #sharing shares}: the past
   * must hold at least this many samples (the default reads none).
   */
  default int reach() {
    return 0;
  }
}
