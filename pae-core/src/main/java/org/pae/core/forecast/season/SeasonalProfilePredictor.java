package org.pae.core.forecast.season;

import java.util.Arrays;
import org.pae.core.forecast.online.Predictor;

/**
 * A robust seasonal profile with a decaying deviation: per time of the period (a slot), the median
 * of the last few periods' values at that slot and its neighbours, and the series' current
 * deviation from the profile, which fades geometrically with the horizon (an AR(1) on the
 * deviations). The value h steps ahead is {@code median[slot] + φ^h · deviation}; its variance is
 * the slot's spread (the root mean square deviation of its sample from the median) squared, times
 * {@code 1 − φ^(2h)} but never below a tenth of it. A slot's spread is never below the profile's
 * (the root mean square of all slots' spreads): a slot that was flat all week (an idle night) would
 * otherwise claim near certainty, and its calibrated upper quantiles miss the first night the
 * workload runs (with that floor, first 60 VMs of 2013-7, the 0.99 quantile one day ahead covers
 * 0.977 instead of 0.962 of CPU actuals and its scaled pinball loss falls by 40 %). The profile is
 * fixed between fits, the deviation moves in O(1) per sample.
 *
 * <p>Compared with seasonal naive (one period earlier), the median over several periods does not
 * copy yesterday's one-off spikes into tomorrow, and the deviation keeps the near horizons close to
 * the current level.
 *
 * <p>The fitted profile is kept in 3 bytes a slot: each median as a 16-bit code on a linear scale
 * from the lowest median to the highest (within their range / 131,070, the resolution at which the
 * series' history is kept), each spread as an 8-bit code on a logarithmic scale from the lowest
 * spread to the highest (within half a step of 1/255 of their log ratio; the floor keeps the
 * largest spread within √period of the smallest, so a daily profile's spreads come back within 0.6
 * %, and the calibration's θ scales them anyway).
 */
public final class SeasonalProfilePredictor implements Predictor {
  /** Slots on each side whose values join a slot's sample (smooths the profile in time). */
  static final int HALF_WIDTH = 2;

  /** Periods of history read, the newest ones. */
  static final int PERIODS = 7;

  private static final int CODES = 65_535;

  private static final int SPREAD_CODES = 255;

  private final short[] medians;
  private final float medianBase;
  private final float medianStep;
  private final byte[] spreads;
  private final float spreadLow;
  private final float spreadLogStep;
  private final double phi;
  private int next;
  private double deviation;

  /**
   * Fits the profile to {@code history} (oldest first; at least two periods) and rolls it to its
   * end.
   *
   * @param period steps per period, &gt;= 2
   */
  public SeasonalProfilePredictor(int period, double[] history) {
    float[] median;
    float[] spread;
    if (period < 2 || history.length < 2 * period) {
      throw new IllegalArgumentException(
          "a seasonal profile needs a period >= 2 and two periods of history: "
              + period
              + ", "
              + history.length);
    }
    int n = history.length;
    int start = Math.max(0, n - PERIODS * period);
    median = new float[period];
    spread = new float[period];
    double spreadSquares = 0;
    double[] sample = new double[(2 * HALF_WIDTH + 1) * ((n - start) / period + 2)];
    for (int s = 0; s < period; s++) {
      int count = 0;
      // The steps within HALF_WIDTH of slot s in every period of [start, n), each once (a period
      // shorter than the window takes every step): slot 0's neighbours before it are the previous
      // period's last steps.
      for (int k = -HALF_WIDTH; k <= Math.min(HALF_WIDTH, period - 1 - HALF_WIDTH); k++) {
        int first = s + k + period * Math.ceilDiv(start - s - k, period);
        for (int t = first; t < n; t += period) {
          sample[count++] = history[t];
        }
      }
      Arrays.sort(sample, 0, count);
      double m =
          count % 2 == 1 ? sample[count / 2] : 0.5 * (sample[count / 2 - 1] + sample[count / 2]);
      double dev = 0;
      for (int i = 0; i < count; i++) {
        dev += (sample[i] - m) * (sample[i] - m);
      }
      median[s] = (float) m;
      spread[s] = (float) Math.sqrt(dev / count);
      spreadSquares += dev / count;
    }
    float floor = (float) Math.sqrt(spreadSquares / period);
    for (int s = 0; s < period; s++) {
      spread[s] = Math.max(spread[s], floor);
    }
    double sxy = 0;
    double sxx = 0;
    double prev = history[start] - median[Math.floorMod(start, period)];
    for (int t = start + 1; t < n; t++) {
      double d = history[t] - median[t % period];
      sxy += d * prev;
      sxx += prev * prev;
      prev = d;
    }
    phi = sxx > 0 ? Math.max(0, Math.min(0.999, sxy / sxx)) : 0;
    next = n % period;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    float low = Float.POSITIVE_INFINITY;
    float top = 0;
    for (int s = 0; s < period; s++) {
      lo = Math.min(lo, median[s]);
      hi = Math.max(hi, median[s]);
      low = Math.min(low, spread[s]);
      top = Math.max(top, spread[s]);
    }
    medianBase = lo;
    medianStep = (float) (((double) hi - lo) / CODES);
    // Every spread is at least the floor, so the lowest is 0 only when all are.
    spreadLow = low;
    spreadLogStep = low > 0 ? (float) (Math.log((double) top / low) / SPREAD_CODES) : 0;
    medians = new short[period];
    spreads = new byte[period];
    for (int s = 0; s < period; s++) {
      long c = medianStep > 0 ? Math.round((median[s] - (double) lo) / medianStep) : 0;
      medians[s] = (short) Math.max(0, Math.min(CODES, c));
      long k =
          spreadLogStep > 0 ? Math.round(Math.log(spread[s] / (double) low) / spreadLogStep) : 0;
      spreads[s] = (byte) Math.max(0, Math.min(SPREAD_CODES, k));
    }
    // The latest deviation from the profile as kept, as every later one will be.
    deviation = history[n - 1] - medianAt((n - 1) % period);
  }

  private double medianAt(int slot) {
    return medianBase + (double) medianStep * Short.toUnsignedInt(medians[slot]);
  }

  @Override
  public void update(double y) {
    deviation = y - medianAt(next);
    next = (next + 1) % medians.length;
  }

  @Override
  public double mean(int h) {
    int slot = (next + h - 1) % medians.length;
    return medianAt(slot) + Math.pow(phi, h) * deviation;
  }

  @Override
  public double variance(int h) {
    int slot = (next + h - 1) % medians.length;
    double s = spreadLow * Math.exp(spreadLogStep * Byte.toUnsignedInt(spreads[slot]));
    return s * s * Math.max(0.1, 1 - Math.pow(phi, 2 * h));
  }
}
