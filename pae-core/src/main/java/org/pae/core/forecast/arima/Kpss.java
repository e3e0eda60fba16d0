package org.pae.core.forecast.arima;

/**
 * The KPSS test of level stationarity (Kwiatkowski, Phillips, Schmidt and Shin 1992): the null
 * hypothesis is a stationary series, so a large statistic says "difference it". The long-run
 * variance uses Bartlett weights with {@code floor(4 (n/100)^(1/4))} lags, as R's forecast::ndiffs
 * does.
 */
public final class Kpss {
  private Kpss() {}

  /** The 5 % critical value of the level-stationarity statistic. */
  public static final double CRITICAL_5_PERCENT = 0.463;

  /** The statistic; {@code 0} for a series too short or without variance. */
  public static double statistic(double[] x) {
    int n = x.length;
    if (n < 4) {
      return 0;
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    double partial = 0;
    double sumSquaredPartials = 0;
    double gamma0 = 0;
    for (double v : x) {
      double e = v - mean;
      partial += e;
      sumSquaredPartials += partial * partial;
      gamma0 += e * e;
    }
    int lags = (int) Math.floor(4 * Math.pow(n / 100.0, 0.25));
    double longRun = gamma0 / n;
    for (int l = 1; l <= Math.min(lags, n - 1); l++) {
      double g = 0;
      for (int t = l; t < n; t++) {
        g += (x[t] - mean) * (x[t - l] - mean);
      }
      longRun += 2 * (1 - l / (lags + 1.0)) * g / n;
    }
    if (!(longRun > 1e-300)) {
      return 0;
    }
    return sumSquaredPartials / ((double) n * n * longRun);
  }

  /** How many first differences make {@code x} pass the test at 5 %, at most {@code max}. */
  public static int differences(double[] x, int max) {
    double[] w = x;
    int d = 0;
    while (d < max && statistic(w) > CRITICAL_5_PERCENT) {
      w = Arima.difference(w, 1);
      d++;
    }
    return d;
  }
}
