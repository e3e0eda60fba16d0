package org.pae.core.forecast;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Quantile forecasts of one series at several horizons.
 *
 * @param model the model that made it
 * @param horizons how far ahead of the last sample, one row each
 * @param levels the quantile levels, one column each
 * @param values {@code values[h][i]} is the {@code levels[i]}-quantile at {@code horizons[h]}
 */
public record Forecast(String model, List<Duration> horizons, double[] levels, double[][] values) {
  public Forecast {
    horizons = List.copyOf(horizons);
    levels = levels.clone();
    if (values.length != horizons.size()) {
      throw new IllegalArgumentException("one row of values per horizon");
    }
    double[][] copy = new double[values.length][];
    for (int h = 0; h < values.length; h++) {
      if (values[h].length != levels.length) {
        throw new IllegalArgumentException("one value per level in every row");
      }
      copy[h] = values[h].clone();
    }
    values = copy;
  }

  /** The value for one horizon and level, both of which must be in this forecast. */
  public double value(Duration horizon, double level) {
    int h = horizons.indexOf(horizon);
    int i = -1;
    for (int k = 0; k < levels.length; k++) {
      if (levels[k] == level) {
        i = k;
      }
    }
    if (h < 0 || i < 0) {
      throw new IllegalArgumentException(
          "no forecast at horizon " + horizon + " and level " + level + " in " + this);
    }
    return values[h][i];
  }

  @Override
  public String toString() {
    return model
        + " horizons="
        + horizons
        + " levels="
        + Arrays.toString(levels)
        + " values="
        + Arrays.deepToString(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Forecast f
        && model.equals(f.model)
        && horizons.equals(f.horizons)
        && Arrays.equals(levels, f.levels)
        && Arrays.deepEquals(values, f.values);
  }

  @Override
  public int hashCode() {
    return model.hashCode() * 31 + Arrays.deepHashCode(values);
  }
}
