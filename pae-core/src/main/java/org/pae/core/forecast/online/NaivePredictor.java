package org.pae.core.forecast.online;

/**
 * The random walk: every horizon's mean is the last value, the error variance grows as h σ², with
 * σ² an exponentially weighted mean of the squared one-step changes. It needs one sample, so it is
 * also the fallback of every model while the history is too short to fit.
 */
public final class NaivePredictor implements Predictor {
  /** The weight of the newest squared change: about 100 steps of memory. */
  static final double WEIGHT = 0.02;

  private double last = Double.NaN;
  private double sigma2;
  private long n;

  /** A random walk fitted to a history: σ² is the mean squared one-step change. */
  public static NaivePredictor fit(double[] history) {
    NaivePredictor p = new NaivePredictor();
    double sum = 0;
    for (int t = 1; t < history.length; t++) {
      double d = history[t] - history[t - 1];
      sum += d * d;
    }
    p.sigma2 = history.length > 1 ? sum / (history.length - 1) : 0;
    p.n = history.length;
    p.last = history.length > 0 ? history[history.length - 1] : Double.NaN;
    return p;
  }

  @Override
  public void update(double y) {
    if (n > 0) {
      double d = y - last;
      sigma2 = n == 1 ? d * d : sigma2 + WEIGHT * (d * d - sigma2);
    }
    last = y;
    n++;
  }

  @Override
  public double mean(int h) {
    return last;
  }

  @Override
  public double variance(int h) {
    return h * sigma2;
  }
}
