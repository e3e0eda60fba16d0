package org.pae.core.forecast;

import java.time.Duration;
import java.time.Instant;

/** The naive model: every quantile at every horizon is the last value seen. */
public final class LastValueForecaster implements Forecaster {
  public static final String NAME = "last-value";
  private double last = Double.NaN;
  private long n;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void observe(Instant time, double value) {
    last = value;
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
    return last;
  }
}
