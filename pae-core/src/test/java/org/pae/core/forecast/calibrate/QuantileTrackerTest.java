package org.pae.core.forecast.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantileTrackerTest {
  @Test
  void coverageTracksTheLevelWhenTheModelUnderstatesItsSpreadAndTheTailsAreHeavy() {
    // The model claims sd 1; the errors are Laplace with sd 3: its Gaussian quantiles would cover
    // far too little. Calibrated, the share at or below each quantile lands on the level.
    Random rnd = new Random(31);
    QuantileTracker t = new QuantileTracker(3, 0.05);
    double[] levels = {0.5, 0.9, 0.99};
    for (double q : levels) {
      t.track(q);
    }
    int n = 40_000;
    int[] covered = new int[levels.length];
    double[] pending = new double[3];
    for (int i = 0; i < n; i++) {
      double mean = 100 + 10 * Math.sin(i / 50.0);
      double u = rnd.nextDouble() - 0.5;
      double y = pending[i % 3] - 3 / Math.sqrt(2) * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
      if (i >= 3) {
        for (int k = 0; k < levels.length; k++) {
          if (y <= t.quantile(pending[i % 3], 1, levels[k])) {
            covered[k]++;
          }
        }
        t.resolve(y);
      }
      pending[i % 3] = mean;
      t.made(mean, 1);
    }
    for (int k = 0; k < levels.length; k++) {
      assertThat(covered[k] / (double) (n - 3)).isCloseTo(levels[k], within(0.01));
    }
    for (double q : levels) {
      assertThat(t.loss(0, t.level(q))).as("loss at %s", q).isPositive();
    }
    assertThat(t.loss(0, t.level(0.99))).isLessThan(t.loss(0, t.level(0.5)));
  }

  @Test
  void aDayAheadMedianStaysStableWhereAnUndelayedStepWouldSwing() {
    // h = 288: a miss is known a day late. On stationary noise around a model that is exactly
    // right, θ_0.5 must stay near 0 (the median is the mean). The undelayed step would move θ by
    // up to 288 η before the first correction arrives.
    Random rnd = new Random(7);
    QuantileTracker t = new QuantileTracker(288, 0.05);
    t.track(0.5);
    t.track(0.99);
    double worst = 0;
    for (int i = 0; i < 20_000; i++) {
      t.resolve(100 + rnd.nextGaussian());
      t.made(100, 1);
      if (i > 2_000) {
        worst = Math.max(worst, Math.abs(t.quantile(100, 1, 0.5) - 100));
      }
    }
    assertThat(worst).isLessThan(0.5);
    assertThat(QuantileTracker.delayed(0.05, 1, 0.5)).isEqualTo(0.05);
    assertThat(QuantileTracker.delayed(0.05, 288, 0.99))
        .isGreaterThan(QuantileTracker.delayed(0.05, 288, 0.5));
  }

  @Test
  void coverageCountsTheQuantileAsItWasIssuedWhenErrorsComeInRuns() {
    // 12 steps ahead, errors that persist (AR(1), φ = 0.97): misses come in runs, and by the time
    // the later forecasts of a run are scored θ has already risen on the earlier ones. Scored with
    // the θ each forecast was made with, the share of actuals at or below the issued quantile
    // still lands on the level.
    Random rnd = new Random(12);
    int h = 12;
    QuantileTracker t = new QuantileTracker(h, 0.05);
    double[] levels = {0.5, 0.9, 0.99};
    for (double q : levels) {
      t.track(q);
    }
    int n = 200_000;
    double[][] issued = new double[levels.length][h];
    int[] covered = new int[levels.length];
    double e = 0;
    for (int i = 0; i < n; i++) {
      e = 0.97 * e + Math.sqrt(1 - 0.97 * 0.97) * rnd.nextGaussian();
      double y = 100 + e;
      if (i >= h) {
        for (int k = 0; k < levels.length; k++) {
          if (y <= issued[k][i % h]) {
            covered[k]++;
          }
        }
        t.resolve(y);
      }
      t.made(100, 1);
      for (int k = 0; k < levels.length; k++) {
        issued[k][i % h] = t.quantile(100, 1, levels[k]);
      }
    }
    for (int k = 0; k < levels.length; k++) {
      assertThat(covered[k] / (double) (n - h))
          .as("level %s", levels[k])
          .isCloseTo(levels[k], within(0.005));
    }
  }

  @Test
  void untrackedLevelsAreTheGaussianQuantile() {
    QuantileTracker t = new QuantileTracker(1, 0.05);
    assertThat(t.quantile(10, 2, 0.5)).isCloseTo(10, within(1e-9));
    assertThat(t.quantile(10, 2, 0.975)).isCloseTo(10 + 2 * 1.959964, within(1e-5));
  }

  @Test
  void theSlotOfTheHourIsItsFiveMinutePartAndExistsOnlyForAStepThatDividesFiveMinutes() {
    long hour = 1_372_629_600_000L;
    assertThat(QuantileTracker.slot(hour, 300_000)).isZero();
    assertThat(QuantileTracker.slot(hour + 299_999, 300_000)).isZero();
    assertThat(QuantileTracker.slot(hour + 300_000, 300_000)).isEqualTo(1);
    assertThat(QuantileTracker.slot(hour + 3_599_000, 5_000)).isEqualTo(11);
    assertThat(QuantileTracker.slot(hour - 1, 60_000)).isEqualTo(11);
    assertThat(QuantileTracker.slot(hour, 420_000)).as("7-minute steps").isEqualTo(-1);
    assertThat(QuantileTracker.slot(hour, 3_600_000)).as("hourly steps").isEqualTo(-1);
    assertThat(QuantileTracker.slot(hour, Double.NaN)).as("no step yet").isEqualTo(-1);
    assertThat(QuantileTracker.slot(hour, 0)).as("no step").isEqualTo(-1);
    assertThat(QuantileTracker.stepsPerSlot(5_000)).isEqualTo(60);
    assertThat(QuantileTracker.stepsPerSlot(300_000)).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({"300000, 12", "300000, 288", "5000, 1", "5000, 12", "5000, 288"})
  void eachSlotOfTheHourIsCoveredAtTheLevelWhenOneSlotMissesMoreThanTheOthers(
      long stepMillis, int horizon) {
    // An hourly job: the first five minutes of each hour vary three times as much as the rest.
    // One θ for all slots covers that slot too little and the others too much; per slot, each
    // lands on the level, and the whole stays there: at five-minute steps (a slot per step) and
    // at five seconds (sixty steps in a row per slot), near and far ahead.
    long hour = 1_372_629_600_000L;
    int perHour = (int) (3_600_000 / stepMillis);
    int n = perHour * 24 * (stepMillis == 300_000 ? 200 : 8);
    for (boolean slotted : new boolean[] {false, true}) {
      Random rnd = new Random(5);
      QuantileTracker t = new QuantileTracker(horizon, 0.05);
      t.track(0.9);
      double step = slotted ? stepMillis : Double.NaN;
      double[] pending = new double[horizon];
      long[] covered = new long[QuantileTracker.SLOTS];
      long[] scored = new long[QuantileTracker.SLOTS];
      for (int i = 0; i < n; i++) {
        long time = hour + i * stepMillis;
        int slot = QuantileTracker.slot(time, stepMillis);
        double y = 100 + (slot == 0 ? 3 : 1) * rnd.nextGaussian();
        if (i >= horizon) {
          if (i > n / 4) {
            scored[slot]++;
            covered[slot] += y <= pending[i % horizon] ? 1 : 0;
          }
          t.resolve(y, time, step);
        }
        t.made(100, 1);
        pending[i % horizon] = t.quantile(100, 1, 0.9, time + horizon * stepMillis, step);
      }
      double all = LongStream.of(covered).sum() / (double) LongStream.of(scored).sum();
      if (slotted) {
        for (int s = 0; s < QuantileTracker.SLOTS; s++) {
          assertThat(covered[s] / (double) scored[s]).as("slot %d", s).isCloseTo(0.9, within(0.02));
        }
        assertThat(all).isCloseTo(0.9, within(0.005));
      } else {
        assertThat(covered[0] / (double) scored[0]).as("one θ for all slots").isLessThan(0.8);
      }
    }
  }

  @Test
  void theModelsOfOneTrackerAreCalibratedEachOnItsOwnErrors() {
    // Two models forecast the same actuals with the same claimed sd of 1: the first is off by
    // noise of sd 3, the second by noise of sd 0.5. Each one's 0.9 covers 0.9 of the actuals.
    Random rnd = new Random(9);
    QuantileTracker t = new QuantileTracker(2, 0.05, 2);
    t.track(0.9);
    double[][] pending = new double[2][2];
    int[] covered = new int[2];
    int n = 40_000;
    for (int i = 0; i < n; i++) {
      double y = 100 + rnd.nextGaussian();
      if (i >= 2) {
        for (int m = 0; m < 2; m++) {
          covered[m] += y <= pending[m][i % 2] ? 1 : 0;
        }
        t.resolve(y);
      }
      double[] means = {100 + 3 * rnd.nextGaussian(), 100 + 0.5 * rnd.nextGaussian()};
      for (int m = 0; m < 2; m++) {
        t.set(m, means[m], 1);
      }
      t.advance();
      for (int m = 0; m < 2; m++) {
        pending[m][i % 2] = t.quantile(m, means[m], 1, 0.9, 0, Double.NaN);
      }
    }
    for (int m = 0; m < 2; m++) {
      assertThat(covered[m] / (double) (n - 2)).as("model %d", m).isCloseTo(0.9, within(0.01));
    }
    assertThat(t.loss(0, 0)).isGreaterThan(t.loss(1, 0));
  }

  @Test
  void theLossIsThePlainMeanOfTheFirstLossesThenRemembersAboutTwentyMissesOfATailLevel() {
    QuantileTracker t = new QuantileTracker(1, 0.05);
    t.track(0.5);
    t.made(10, 1);
    t.resolve(12); // missed by 2: loss 0.5 * 2 = 1, and θ rises by 0.05 * 0.5
    t.made(10, 1);
    t.resolve(10); // covered by 0.025: loss 0.5 * 0.025
    // The mean of the two, where a fixed weight of 1/200 from the start gave 0.995.
    assertThat(t.loss(0, 0)).isCloseTo((1 + 0.0125) / 2, within(1e-12));
    assertThat(QuantileTracker.lossMemory(0.5)).isEqualTo(200);
    assertThat(QuantileTracker.lossMemory(0.9)).isCloseTo(200, within(1e-9));
    assertThat(QuantileTracker.lossMemory(0.99)).isCloseTo(2_000, within(1e-9));
    assertThat(QuantileTracker.lossMemory(0.999)).isCloseTo(20_000, within(1e-6));
    assertThat(QuantileTracker.lossMemory(0.01)).isCloseTo(2_000, within(1e-9));
  }
}
