package org.pae.core.forecast.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Series;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

class OnlineForecasterTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);
  private static final SeriesKey KEY = new SeriesKey(new WorkloadId("vm-1"), Resource.MEMORY);

  private static Forecaster model(String name) {
    return ForecasterRegistry.standard().factory(name, Map.of()).create(KEY);
  }

  private static void feed(Forecaster f, double[] y) {
    for (int t = 0; t < y.length; t++) {
      f.observe(T0.plus(STEP.multipliedBy(t)), y[t]);
    }
  }

  @Test
  void everyFittedModelIsRegisteredAndForecastsASeasonalSeries() {
    double[] y = Series.seasonal(41, 288 * 4, 288, 100, 30, 2);
    for (String name :
        new String[] {
          "naive", "seasonal-naive", "profile", "arima", "ets", "holt-winters", "ensemble"
        }) {
      Forecaster f = model(name);
      feed(f, y);
      double median = f.quantile(STEP, 0.5);
      double upper = f.quantile(STEP, 0.99);
      assertThat(median).as(name).isBetween(60.0, 140.0);
      assertThat(upper).as(name).isGreaterThan(median);
      assertThat(f.name()).as(name).startsWith(name);
    }
  }

  @Test
  void theEnsembleNamesTheModelItChoseAndPrefersTheSeasonOnASeasonalSeries() {
    Forecaster f = model("ensemble");
    double[] y = Series.seasonal(42, 288 * 6, 288, 100, 30, 1);
    for (int t = 0; t < y.length; t++) {
      f.observe(T0.plus(STEP.multipliedBy(t)), y[t]);
      f.quantile(STEP, 0.9);
    }
    assertThat(f.name()).startsWith("ensemble/").isNotEqualTo("ensemble/naive");
    assertThat(((OnlineForecaster) f).period()).isEqualTo(288);
  }

  @Test
  void calibratedCoverageTracksTheLevelOnAnAr1() {
    Forecaster f = model("arima");
    double[] y = Series.arma(43, 6000, new double[] {0.8}, new double[0], 50);
    int covered = 0;
    int scored = 0;
    double pending = Double.NaN;
    for (int t = 0; t < y.length; t++) {
      if (t > 1000 && y[t] <= pending) {
        covered++;
      }
      if (t > 1000) {
        scored++;
      }
      f.observe(T0.plus(STEP.multipliedBy(t)), y[t]);
      pending = f.quantile(STEP, 0.9);
    }
    assertThat(covered / (double) scored).isCloseTo(0.9, within(0.015));
  }

  @Test
  void theTopOfTheHourIsCoveredAtTheLevelWhereAnHourlyJobRunsThen() {
    // Noise around 50, and an hourly job that adds 0 to 20 during the first five minutes of each
    // hour: calibrated per slot of the hour, that slot's 0.9 covers 0.9 like the rest.
    java.util.Random rnd = new java.util.Random(17);
    Forecaster f = model("arima");
    int n = 12 * 24 * 40;
    int covered = 0;
    int scored = 0;
    double pending = Double.NaN;
    for (int t = 0; t < n; t++) {
      boolean top = t % 12 == 0;
      double y = 50 + rnd.nextGaussian() + (top ? 20 * rnd.nextDouble() : 0);
      if (top && t > n / 4) {
        scored++;
        covered += y <= pending ? 1 : 0;
      }
      f.observe(T0.plus(STEP.multipliedBy(t)), y);
      pending = f.quantile(STEP, 0.9);
    }
    assertThat(covered / (double) scored).isCloseTo(0.9, within(0.03));
  }

  @Test
  void badInputHasDefinedBehaviour() {
    OnlineForecaster f = (OnlineForecaster) model("ensemble");
    assertThat(f.quantile(STEP, 0.9)).isNaN();
    f.observe(T0, 10);
    f.observe(T0.plus(STEP), Double.NaN);
    f.observe(T0.plus(STEP), Double.POSITIVE_INFINITY);
    assertThat(f.skipped()).isEqualTo(2);
    f.observe(T0.plus(STEP), 12);
    f.observe(T0.plus(STEP), 99);
    f.observe(T0, 99);
    assertThat(f.skipped()).isEqualTo(4);
    assertThat(f.observations()).isEqualTo(2);
    assertThat(f.stepSeconds()).isEqualTo(300);
    // Three points of history: a random walk on the last value, spread from the changes seen.
    f.observe(T0.plus(STEP.multipliedBy(2)), -5);
    assertThat(f.quantile(STEP, 0.5)).isZero();
    assertThat(f.quantile(STEP, 0.99)).isPositive();
    // A gap of four steps is filled with the last value (0): the random walk is at 20 afterwards,
    // its median moved a little by the calibration of the misses around the jump.
    f.observe(T0.plus(STEP.multipliedBy(7)), 20);
    assertThat(f.observations()).isEqualTo(4);
    assertThat(f.quantile(STEP, 0.5)).isCloseTo(20, within(0.5));
  }

  @Test
  void aConstantSeriesForecastsItselfAtEveryLevelAndHorizon() {
    for (String name : new String[] {"arima", "ets", "ensemble", "seasonal-naive"}) {
      Forecaster f = model(name);
      double[] y = new double[600];
      java.util.Arrays.fill(y, 42);
      feed(f, y);
      assertThat(f.quantile(STEP, 0.5)).as(name).isCloseTo(42, within(1e-6));
      assertThat(f.quantile(Duration.ofHours(1), 0.999)).as(name).isCloseTo(42, within(1.0));
    }
  }

  @Test
  void unknownParametersAndModelsAreRefusedByName() {
    ForecasterRegistry r = ForecasterRegistry.standard();
    assertThatThrownBy(() -> r.factory("arima", Map.of("max-r", "2")))
        .hasMessageContaining("forecast.arima.max-r");
    assertThatThrownBy(() -> r.factory("ensemble", Map.of("models", "arima,prophet")))
        .hasMessageContaining("prophet");
    assertThatThrownBy(() -> r.factory("holt-winters", Map.of("seasonality", "cubic")))
        .hasMessageContaining("additive, multiplicative");
    assertThatThrownBy(() -> r.factory("ets", Map.of("history", "4")))
        .hasMessageContaining("history >= 16");
  }

  @Test
  void aFleetStartedTogetherSpreadsItsDailyRefitsOverTheDay() {
    int fleet = 288;
    int[] refitsAtTick = new int[288 * 8];
    int[] tick = {0};
    OnlineForecaster.Member counted =
        new OnlineForecaster.Member(
            "counted",
            (y, period, day) -> {
              refitsAtTick[tick[0]]++;
              return NaivePredictor.fit(y);
            },
            3);
    OnlineForecaster.Config config = new OnlineForecaster.Config(2016, 288, 0, 0.05, 0.1, 2016);
    OnlineForecaster[] fs = new OnlineForecaster[fleet];
    for (int s = 0; s < fleet; s++) {
      fs[s] = new OnlineForecaster("counted", List.of(counted), config.withPhase(s * 7919));
    }
    for (tick[0] = 0; tick[0] < refitsAtTick.length; tick[0]++) {
      for (OnlineForecaster f : fs) {
        f.observe(T0.plus(STEP.multipliedBy(tick[0])), 100 + tick[0] % 10);
      }
    }
    int busiest = 0;
    int total = 0;
    for (int t = 288 * 6; t < refitsAtTick.length; t++) {
      busiest = Math.max(busiest, refitsAtTick[t]);
      total += refitsAtTick[t];
    }
    assertThat(total).as("one refit per series per day").isEqualTo(2 * fleet);
    assertThat(busiest).as("refits in the busiest tick").isLessThanOrEqualTo(3);
  }
}
