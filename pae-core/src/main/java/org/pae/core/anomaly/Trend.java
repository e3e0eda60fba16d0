package org.pae.core.anomaly;

/**
 * A least-squares line through a window of samples at steps 0, 1, ...: its slope per step, how much
 * of the samples' variance it explains ({@code r2}), and the samples' mean and spread.
 */
record Trend(double slope, double r2, double mean, double spread) {
  /** The trend of {@code values} (oldest first, at least two). */
  static Trend of(double[] values) {
    int n = values.length;
    double meanT = (n - 1) / 2.0;
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    double stt = 0;
    double sty = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double t = i - meanT;
      double y = values[i] - mean;
      stt += t * t;
      sty += t * y;
      syy += y * y;
    }
    double slope = sty / stt;
    double r2 = syy > 0 ? sty * sty / (stt * syy) : 0;
    return new Trend(slope, r2, mean, Math.sqrt(syy / n));
  }

  /** How far the line moves over the window, first step to last. */
  double rise(int steps) {
    return slope * (steps - 1);
  }
}
