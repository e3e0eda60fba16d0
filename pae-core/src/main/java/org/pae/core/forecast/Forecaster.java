package org.pae.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A model of one series (one workload, one resource). It is fed samples in time order and answers
 * quantiles of the value at a horizon ahead of the last sample.
 *
 * <p>Implementations keep bounded state (longer history belongs in the store) and never read a
 * clock: every time is an argument.
 */
public interface Forecaster {
  /** The model's name, as it appears in decisions and reports. */
  String name();

  /**
   * Takes one sample. Times are strictly increasing for one series; a caller that sees a repeated
   * time keeps one sample for it.
   */
  void observe(Instant time, double value);

  /** How many samples it has taken; {@code 0} means it cannot forecast yet. */
  long observations();

  /**
   * From now on, calibrates the {@code q}-quantile at {@code horizon} on the model's own errors
   * (and, for a model that chooses among several, scores them there), as far as the model has room
   * for: the loop, a policy or a detector calls it before each read it acts on. It is the only way
   * a pair becomes calibrated: {@link #quantile} never changes what later reads answer, so a
   * dashboard's reads cannot take the place of a policy's. A model that calibrates nothing ignores
   * it; a model that wraps another forwards it.
   */
  void track(Duration horizon, double q);

  /**
   * The {@code q}-quantile (0 &lt; q &lt; 1) of the value {@code horizon} after the last sample;
   * {@code NaN} while it has no samples. A pure read: calibrated where {@link #track} was called
   * for the pair, the model's own quantile elsewhere.
   */
  double quantile(Duration horizon, double q);

  /** Quantiles at several horizons at once: row per horizon, column per level. */
  default Forecast forecast(List<Duration> horizons, double... levels) {
    double[][] values = new double[horizons.size()][levels.length];
    for (int h = 0; h < horizons.size(); h++) {
      for (int i = 0; i < levels.length; i++) {
        values[h][i] = quantile(horizons.get(h), levels[i]);
      }
    }
    return new Forecast(name(), horizons, levels, values);
  }
}
