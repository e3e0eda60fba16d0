package org.pae.core.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * Simple exponential smoothing with an exponentially weighted variance of its one-step errors,
 * giving Gaussian quantiles. The h-step error variance of simple exponential smoothing is σ²(1 +
 * (h−1)α²), with h counted in the series' own (smoothed) sampling interval. Quantiles are never
 * below zero: usage cannot be negative.
 */
public final class EwmaForecaster implements Forecaster {
  public static final String NAME = "ewma";
  private final double alpha;
  private double level = Double.NaN;
  private double variance;
  private double stepSeconds = Double.NaN;
  private long lastSecond;
  private long n;

  /**
   * @param alpha the smoothing weight of the newest sample, in (0, 1]: 0.3 forgets a sample's
   *     weight by half in about two steps
   */
  public EwmaForecaster(double alpha) {
    this.alpha = checkAlpha(alpha);
  }

  /** Returns {@code alpha} if it is a valid smoothing weight, else refuses it with a message. */
  public static double checkAlpha(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("forecast.ewma.alpha must lie in (0, 1]: " + alpha);
    }
    return alpha;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void observe(Instant time, double value) {
    long second = time.getEpochSecond();
    if (n == 0) {
      level = value;
    } else {
      double dt = Math.max(1, second - lastSecond);
      stepSeconds = Double.isNaN(stepSeconds) ? dt : stepSeconds + alpha * (dt - stepSeconds);
      double error = value - level;
      level += alpha * error;
      variance = (1 - alpha) * (variance + alpha * error * error);
    }
    lastSecond = second;
    n++;
  }

  @Override
  public long observations() {
    return n;
  }

  /** Its quantiles are not calibrated: nothing to track. */
  @Override
  public void track(Duration horizon, double q) {}

  @Override
  public double quantile(Duration horizon, double q) {
    if (n == 0) {
      return Double.NaN;
    }
    double steps =
        Double.isNaN(stepSeconds) ? 1 : Math.max(1, horizon.toMillis() / 1000.0 / stepSeconds);
    double sd = Math.sqrt(variance * (1 + (steps - 1) * alpha * alpha));
    return Math.max(0, level + Gaussian.quantile(q) * sd);
  }
}
