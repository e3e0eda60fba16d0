package org.pae.ml;

import org.pae.core.forecast.Gaussian;

/** Quantiles known at a few levels, read at any level. */
public final class Levels {
  private Levels() {}

  /**
   * The q-quantile from {@code values[i]} known at increasing {@code levels[i]}: linear in the
   * normal score between two levels, and beyond the outermost ones the normal tail through the
   * nearest two.
   */
  public static double at(double[] levels, double[] values, double q) {
    if (levels.length == 1) {
      return values[0];
    }
    double z = Gaussian.quantile(q);
    int i = 1;
    while (i < levels.length - 1 && q > levels[i]) {
      i++;
    }
    double z0 = Gaussian.quantile(levels[i - 1]);
    double z1 = Gaussian.quantile(levels[i]);
    return values[i - 1] + (z - z0) * (values[i] - values[i - 1]) / (z1 - z0);
  }
}
