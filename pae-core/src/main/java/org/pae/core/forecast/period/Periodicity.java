package org.pae.core.forecast.period;

/**
 * Detects whether a series repeats with a given period: the periodogram must peak at the period's
 * frequency and the autocorrelation at the period's lag must be high, both on the series with its
 * trend removed by a centred moving average one period long (which keeps the seasonal part whole).
 * The series is first averaged into bins of about 1/24 of the period, so a daily period is checked
 * on hourly means whatever the sampling step.
 */
public final class Periodicity {
  private Periodicity() {}

  /** Bins per period after averaging. */
  static final int BINS = 24;

  /** The periodogram at the period's frequency, as a multiple of the mean power: at least this. */
  public static final double MIN_PEAK_RATIO = 5;

  /** The autocorrelation at one period's lag: at least this. */
  public static final double MIN_ACF = 0.3;

  /**
   * What the check saw.
   *
   * @param peakRatio periodogram power at the period's frequency / mean power
   * @param acf autocorrelation at the period's lag
   */
  public record Evidence(double peakRatio, double acf) {
    public boolean periodic() {
      return peakRatio >= MIN_PEAK_RATIO && acf >= MIN_ACF;
    }
  }

  /** A series' repetition, as the crane fixtures label it. */
  public enum Period {
    NONE,
    DAY,
    WEEK
  }

  /**
   * Daily, weekly or neither. Weekly needs a daily repetition first (a weekly load repeats its
   * working days) and, on hourly means with the trend removed over a day, an autocorrelation one
   * week back at least as high as one day back: weekdays look more like the same weekday last week
   * than like yesterday. At least eight days of history are needed to call a week.
   */
  public static Period classify(double[] x, int stepsPerDay) {
    if (!isPeriodic(x, stepsPerDay)) {
      return Period.NONE;
    }
    int bin = Math.max(1, stepsPerDay / BINS);
    int p = (int) Math.round((double) stepsPerDay / bin);
    double[] z = binned(x, bin);
    if (z.length < 8 * p) {
      return Period.DAY;
    }
    double[] r = detrended(z, p);
    return acf(r, 7 * p) >= acf(r, p) ? Period.WEEK : Period.DAY;
  }

  /** Whether {@code x} (one sample per step) repeats every {@code period} steps. */
  public static boolean isPeriodic(double[] x, int period) {
    return check(x, period).periodic();
  }

  /** The evidence for a period; zero evidence when the series holds fewer than two periods. */
  public static Evidence check(double[] x, int period) {
    if (period < 2 || x.length < 2 * period) {
      return new Evidence(0, 0);
    }
    int bin = Math.max(1, period / BINS);
    int p = (int) Math.round((double) period / bin);
    double[] z = binned(x, bin);
    if (z.length < 2 * p) {
      return new Evidence(0, 0);
    }
    double[] r = detrended(z, p);
    return new Evidence(peakRatio(r, p), acf(r, p));
  }

  private static double[] binned(double[] x, int bin) {
    double[] z = new double[x.length / bin];
    for (int i = 0; i < z.length; i++) {
      double s = 0;
      for (int k = 0; k < bin; k++) {
        s += x[i * bin + k];
      }
      z[i] = s / bin;
    }
    return z;
  }

  /** {@code z} minus its centred moving average over {@code p} values; p/2 shorter at each end. */
  static double[] detrended(double[] z, int p) {
    int half = p / 2;
    int len = z.length - p;
    double[] out = new double[Math.max(0, len)];
    double window = 0;
    for (int t = 0; t < p; t++) {
      window += z[t];
    }
    for (int i = 0; i < len; i++) {
      out[i] = z[i + half] - window / p;
      window += z[i + p] - z[i];
    }
    return out;
  }

  static double acf(double[] r, int lag) {
    if (r.length <= lag + 1) {
      return 0;
    }
    double mean = 0;
    for (double v : r) {
      mean += v;
    }
    mean /= r.length;
    double num = 0;
    double den = 0;
    for (int t = 0; t < r.length; t++) {
      double a = r[t] - mean;
      den += a * a;
      if (t + lag < r.length) {
        num += a * (r[t + lag] - mean);
      }
    }
    // Each lagged product has fewer terms than the variance: scale so a pure repetition gives 1.
    return den > 0 ? num / den * r.length / (r.length - lag) : 0;
  }

  /**
   * The DFT power at the frequency of period p over whole periods of r, / the mean power over the
   * frequencies 1..len/2. Only the peak's term is transformed: by Parseval's identity the powers of
   * a real series of mean 0 sum to len Σv² over all len frequencies, symmetric about len/2, so the
   * half spectrum holds half of it plus half the Nyquist term's (when len is even).
   */
  static double peakRatio(double[] r, int p) {
    int periods = r.length / p;
    if (periods < 1) {
      return 0;
    }
    int len = periods * p;
    int start = r.length - len;
    double mean = 0;
    for (int t = start; t < r.length; t++) {
      mean += r[t];
    }
    mean /= len;
    double squares = 0;
    double alternating = 0;
    double re = 0;
    double im = 0;
    double w = 2 * Math.PI * periods / len;
    for (int t = 0; t < len; t++) {
      double v = r[start + t] - mean;
      squares += v * v;
      alternating += (t % 2 == 0) ? v : -v;
      re += v * Math.cos(w * t);
      im -= v * Math.sin(w * t);
    }
    int count = len / 2;
    if (count == 0) {
      return 0;
    }
    double nyquist = len % 2 == 0 ? alternating * alternating : 0;
    double total = (len * squares + nyquist) / 2;
    double peak = periods <= count ? re * re + im * im : 0;
    double meanPower = total / count;
    return meanPower > 0 ? peak / meanPower : 0;
  }
}
