package org.pae.core.forecast;

import java.util.Random;

/** Seeded synthetic series with known structure, for the forecasting tests. */
public final class Series {
  private Series() {}

  /** ARMA(p, q) with the statsmodels sign convention, mean {@code mean}, after a burn-in. */
  public static double[] arma(long seed, int n, double[] phi, double[] theta, double mean) {
    Random rnd = new Random(seed);
    int burn = 500;
    double[] y = new double[n + burn];
    double[] e = new double[n + burn];
    for (int t = 0; t < n + burn; t++) {
      e[t] = rnd.nextGaussian();
      double v = e[t];
      for (int i = 0; i < phi.length && t - i - 1 >= 0; i++) {
        v += phi[i] * y[t - i - 1];
      }
      for (int j = 0; j < theta.length && t - j - 1 >= 0; j++) {
        v += theta[j] * e[t - j - 1];
      }
      y[t] = v;
    }
    double[] out = new double[n];
    for (int t = 0; t < n; t++) {
      out[t] = y[t + burn] + mean;
    }
    return out;
  }

  /** The cumulative sum of {@code x} plus {@code start}. */
  public static double[] integrate(double[] x, double start) {
    double[] y = new double[x.length];
    double s = start;
    for (int t = 0; t < x.length; t++) {
      s += x[t];
      y[t] = s;
    }
    return y;
  }

  /** A daily sine of the given amplitude around {@code level} plus Gaussian noise. */
  public static double[] seasonal(
      long seed, int n, int period, double level, double amp, double sd) {
    Random rnd = new Random(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = level + amp * Math.sin(2 * Math.PI * t / period) + sd * rnd.nextGaussian();
    }
    return y;
  }
}
