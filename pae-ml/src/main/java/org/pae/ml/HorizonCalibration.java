package org.pae.ml;

import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.calibrate.QuantileTracker;

/**
 * The quantile calibration of one series of a learned model: one {@link QuantileTracker} per
 * horizon tracked (the ensemble's adaptive conformal rule on the model's own errors), made on first
 * use. The model calls {@link #resolve} with each sample, then {@code made} on every tracker with
 * its forecast for that horizon, once per sample, in that order.
 */
public final class HorizonCalibration {
  /** Horizons calibrated per series (a policy asks one or two, an evaluation three). */
  public static final int MAX_HORIZONS = 4;

  /**
   * η of the trackers, in standard deviations per miss: the ensemble's default ({@code
   * forecast.ensemble.calibration-rate}).
   */
  public static final double RATE =
      Double.parseDouble(SettingsSource.defaultOf("forecast.ensemble.calibration-rate"));

  private final long[] horizons = new long[MAX_HORIZONS];
  private final QuantileTracker[] trackers = new QuantileTracker[MAX_HORIZONS];
  private int count;

  /** How many horizons have a tracker. */
  public int size() {
    return count;
  }

  /** The horizon of tracker {@code j}, in milliseconds. */
  public long horizon(int j) {
    return horizons[j];
  }

  public QuantileTracker tracker(int j) {
    return trackers[j];
  }

  /**
   * Scores every tracker's forecast due now against the sample {@code actual}, taken at {@code
   * epochMillis} on a grid of {@code stepMillis} (0 while unknown): the trackers calibrate per slot
   * of the hour where the step gives slots ({@link QuantileTracker#slot}).
   */
  public void resolve(double actual, long epochMillis, long stepMillis) {
    for (int j = 0; j < count; j++) {
      trackers[j].resolve(actual, epochMillis, stepMillis);
    }
  }

  /** The tracker of a horizon {@code millis} ahead; null when none was made ({@link #at}). */
  public QuantileTracker of(long millis) {
    for (int j = 0; j < count; j++) {
      if (horizons[j] == millis) {
        return trackers[j];
      }
    }
    return null;
  }

  /**
   * The tracker of a horizon {@code millis} ahead for samples {@code stepMillis} apart, made on
   * first use; null while the step is unknown (0) or when every slot is taken.
   */
  public QuantileTracker at(long millis, long stepMillis) {
    QuantileTracker made = of(millis);
    if (made != null) {
      return made;
    }
    if (stepMillis <= 0 || count == MAX_HORIZONS) {
      return null;
    }
    int steps = (int) Math.max(1, Math.round(millis / (double) stepMillis));
    horizons[count] = millis;
    trackers[count] = new QuantileTracker(steps, RATE);
    return trackers[count++];
  }
}
