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
      f.track(STEP, 0.9);
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
      f.track(STEP, 0.9);
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
      f.track(STEP, 0.9);
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
    OnlineForecaster.Config config = new OnlineForecaster.Config(2016, 288, 7, 0, 0.05, 0.1, 2016);
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

  /** Records each call of a fitter: "fit" or "refit", the period it saw, and what it was given. */
  private static final class Recording implements Fitter {
    final List<String> calls = new java.util.ArrayList<>();
    final List<Integer> periods = new java.util.ArrayList<>();
    final List<Predictor> given = new java.util.ArrayList<>();
    final List<Predictor> returned = new java.util.ArrayList<>();

    @Override
    public Predictor fit(double[] history, int period, int day) {
      return record("fit", period, null, history);
    }

    @Override
    public Predictor refit(double[] history, int period, int day, Predictor previous) {
      return record("refit", period, previous, history);
    }

    private Predictor record(String call, int period, Predictor previous, double[] history) {
      calls.add(call);
      periods.add(period);
      given.add(previous);
      Predictor p = NaivePredictor.fit(history);
      returned.add(p);
      return p;
    }
  }

  private static OnlineForecaster recorded(Recording... fitters) {
    List<OnlineForecaster.Member> members = new java.util.ArrayList<>();
    for (int i = 0; i < fitters.length; i++) {
      members.add(new OnlineForecaster.Member("m" + i, fitters[i], 3));
    }
    return new OnlineForecaster(
        "recorded", members, new OnlineForecaster.Config(2016, 288, 7, 0, 0.05, 0.1, 2016));
  }

  @Test
  void aGrownModelIsChosenAfreshEveryReselectEveryRefitsAndRefittedFromItsLastFitBetween() {
    Recording r = new Recording();
    OnlineForecaster f = recorded(r);
    feed(f, Series.arma(51, 288 * 40, new double[] {0.5}, new double[0], 100));
    for (int k = 0; k < r.calls.size(); k++) {
      if (r.calls.get(k).equals("refit")) {
        assertThat(r.given.get(k)).as("the last fit's predictor").isSameAs(r.returned.get(k - 1));
      }
    }
    // Young models fit on a growing history; from the first refit on, a grown model's refits
    // run in weeks: one full fit, then six refits.
    List<String> grown = r.calls.subList(r.calls.indexOf("refit"), r.calls.size());
    assertThat(grown).hasSizeGreaterThanOrEqualTo(30);
    int full = grown.indexOf("fit");
    assertThat(full).isBetween(1, 6);
    for (int k = full; k < grown.size(); k++) {
      assertThat(grown.get(k))
          .as("grown refit " + k)
          .isEqualTo((k - full) % 7 == 0 ? "fit" : "refit");
    }
  }

  @Test
  void aChangeOfTheDetectedPeriodMakesEveryModelsNextRefitAFullFit() {
    Recording first = new Recording();
    Recording second = new Recording();
    OnlineForecaster f = recorded(first, second);
    double[] noise = Series.arma(52, 288 * 14, new double[] {0.5}, new double[0], 100);
    double[] daily = Series.seasonal(53, 288 * 14, 288, 100, 40, 1);
    double[] y = new double[noise.length + daily.length];
    System.arraycopy(noise, 0, y, 0, noise.length);
    System.arraycopy(daily, 0, y, noise.length, daily.length);
    feed(f, y);
    assertThat(f.period()).isEqualTo(288);
    for (Recording r : new Recording[] {first, second}) {
      int seasonal = r.periods.indexOf(288);
      assertThat(seasonal).isPositive();
      assertThat(r.periods.subList(0, seasonal)).containsOnly(0);
      assertThat(r.calls.get(seasonal)).as("the first refit after the change").isEqualTo("fit");
      assertThat(r.calls.subList(seasonal + 1, r.calls.size())).contains("refit");
    }
  }

  @Test
  void aConstantWindowIsAlwaysAFullFit() {
    Recording r = new Recording();
    OnlineForecaster f = recorded(r);
    double[] y = new double[288 * 30];
    java.util.Arrays.fill(y, 42);
    feed(f, y);
    assertThat(r.calls).hasSizeGreaterThan(20).containsOnly("fit");
  }

  @Test
  void everyRefitIsAFullFitAtReselectEveryOne() {
    Recording r = new Recording();
    OnlineForecaster f =
        new OnlineForecaster(
            "recorded",
            List.of(new OnlineForecaster.Member("m", r, 3)),
            new OnlineForecaster.Config(2016, 288, 1, 0, 0.05, 0.1, 2016));
    feed(f, Series.arma(54, 288 * 20, new double[] {0.5}, new double[0], 100));
    assertThat(r.calls).hasSizeGreaterThan(20).containsOnly("fit");
    assertThatThrownBy(
            () -> ForecasterRegistry.standard().factory("ets", Map.of("reselect-every", "0")))
        .hasMessageContaining("reselect-every >= 1")
        .hasMessageContaining("got history=2016, refit-every=288, reselect-every=0");
  }

  /**
   * The last value plus an offset (plus a jitter that changes every step), sd {@code s} per step.
   */
  private record Shifted(double offset, double jitter, double s) implements Fitter {
    @Override
    public Predictor fit(double[] history, int period, int day) {
      Predictor p =
          new Predictor() {
            double last = history[history.length - 1];
            long n;

            @Override
            public void update(double y) {
              last = y;
              n++;
            }

            @Override
            public double mean(int h) {
              return last + offset + jitter * Math.sin(1.7 * n);
            }

            @Override
            public double variance(int h) {
              return h * s * s;
            }
          };
      return p;
    }
  }

  /** An ensemble of these members (member i at slot i of the refit cycle from {@code phase}). */
  private static OnlineForecaster shifted(int phase, Shifted... fitters) {
    List<OnlineForecaster.Member> members = new java.util.ArrayList<>();
    for (Shifted s : fitters) {
      members.add(new OnlineForecaster.Member("m" + members.size(), s, 3));
    }
    return new OnlineForecaster(
        "shifted", members, new OnlineForecaster.Config(2016, 288, 7, phase, 0.05, 0.1, 2016));
  }

  @Test
  void aTailLevelAnswersWithTheMeanOfTheCloseModelsAndTheMedianWithOne() {
    // Two models a little below and above the last value, their losses close: 12 steps ahead the
    // 0.99 is the mean of the two models' own 0.99 (each run alone, at its slot of the refit
    // cycle), the median one model's.
    Shifted low = new Shifted(-1, 0, 1);
    Shifted high = new Shifted(1, 0, 2);
    OnlineForecaster both = shifted(0, low, high);
    OnlineForecaster lowAlone = shifted(0, low);
    OnlineForecaster highAlone = shifted(1, high);
    Duration ahead = STEP.multipliedBy(12);
    double[] y = Series.arma(61, 3000, new double[] {0.9}, new double[0], 100);
    for (OnlineForecaster f : List.of(both, lowAlone, highAlone)) {
      feedTracking(f, y, ahead);
    }
    double a = lowAlone.quantile(ahead, 0.99);
    double b = highAlone.quantile(ahead, 0.99);
    assertThat(Math.abs(a - b)).isGreaterThan(0.1);
    assertThat(both.quantile(ahead, 0.99)).isCloseTo((a + b) / 2, within(1e-9));
    assertThat(both.quantile(ahead, 0.5))
        .isIn(lowAlone.quantile(ahead, 0.5), highAlone.quantile(ahead, 0.5));
  }

  @Test
  void oneStepAheadATailLevelAnswersWithTheModelWhoseLossIsClearlyLowest() {
    // The second model's mean jumps by up to 20 every step: its calibrated 0.99 is far wider and
    // its loss far higher, so the first model's 0.99 is the answer alone.
    Shifted steady = new Shifted(0, 0, 1);
    Shifted jumpy = new Shifted(0, 20, 1);
    OnlineForecaster both = shifted(0, steady, jumpy);
    OnlineForecaster steadyAlone = shifted(0, steady);
    double[] y = Series.arma(62, 3000, new double[] {0.9}, new double[0], 100);
    feedTracking(both, y, STEP);
    feedTracking(steadyAlone, y, STEP);
    assertThat(both.quantile(STEP, 0.99)).isEqualTo(steadyAlone.quantile(STEP, 0.99));
  }

  private static void feedTracking(Forecaster f, double[] y, Duration ahead) {
    for (int t = 0; t < y.length; t++) {
      f.observe(T0.plus(STEP.multipliedBy(t)), y[t]);
      f.track(ahead, 0.5);
      f.track(ahead, 0.99);
    }
  }
}
