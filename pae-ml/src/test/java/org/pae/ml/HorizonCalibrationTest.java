package org.pae.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.calibrate.QuantileTracker;

class HorizonCalibrationTest {
  private static final long HOUR = 1_372_629_600_000L;
  private static final long STEP = 300_000;

  /**
   * The share of the first five minutes of the hour at or below a learned model's calibrated 0.9
   * one step ahead, on noise that is three times as wide then as in the rest of the hour.
   */
  private static double topOfTheHour(boolean timed) {
    Random rnd = new Random(3);
    HorizonCalibration c = new HorizonCalibration();
    QuantileTracker t = c.at(STEP, STEP);
    t.track(0.9);
    double pending = Double.NaN;
    int covered = 0;
    int scored = 0;
    int n = 12 * 24 * 60;
    for (int i = 0; i < n; i++) {
      long time = HOUR + i * STEP;
      boolean top = QuantileTracker.slot(time, STEP) == 0;
      double y = 50 + (top ? 3 : 1) * rnd.nextGaussian();
      if (top && i > n / 4) {
        scored++;
        covered += y <= pending ? 1 : 0;
      }
      c.resolve(y, timed ? time : 0, timed ? STEP : 0);
      t.made(50, 1);
      pending = t.quantile(50, 1, 0.9, time + STEP, timed ? STEP : 0);
    }
    return covered / (double) scored;
  }

  @Test
  void aLearnedModelsQuantilesAreCalibratedPerSlotOfTheHourWhenItsSamplesAreTimed() {
    assertThat(topOfTheHour(true)).isCloseTo(0.9, within(0.02));
    assertThat(topOfTheHour(false)).as("untimed: one θ for the hour").isLessThan(0.8);
  }
}
