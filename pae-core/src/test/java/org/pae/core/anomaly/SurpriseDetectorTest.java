package org.pae.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

class SurpriseDetectorTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final int DAY = 288;
  private static final SeriesKey KEY = new SeriesKey(new WorkloadId("w"), Resource.CPU);

  /** The detector as on NAB, whose 5-minute steps these series have: Numenta's range tolerance. */
  private static AnomalyDetector detector() {
    return AnomalyRegistry.standard()
        .factory(
            AnomalyRegistry.SURPRISE,
            Map.of("range-tolerance", "0.05"),
            ForecasterRegistry.standard().factory("ensemble", Map.of()))
        .create(SeriesSpec.of(KEY));
  }

  /** A daily cycle with noise at 5-minute steps, and a batch job at 02:00 for half an hour. */
  private static double usage(int step, Random random) {
    int slot = step % DAY;
    double batch = slot >= 24 && slot < 30 ? 40 : 0;
    return 50 + 20 * Math.sin(2 * Math.PI * slot / DAY) + batch + random.nextGaussian();
  }

  /** Scores steps [from, to) of the usual series into {@code scores}, its maximum returned. */
  private static double feed(AnomalyDetector d, int from, int to, Random random, double[] scores) {
    double max = 0;
    for (int i = from; i < to; i++) {
      scores[i] = d.score(T0.plusSeconds(300L * i), usage(i, random)).value();
      assertThat(scores[i]).isBetween(0.0, 1.0);
      max = Math.max(max, scores[i]);
    }
    return max;
  }

  @Test
  void aSpikeScoresFarAboveAQuietWeekAndTheDailyBatchJobDoesNot() {
    Random random = new Random(42);
    AnomalyDetector d = detector();
    double[] scores = new double[9 * DAY];
    feed(d, 0, 7 * DAY, random, scores);
    // The eighth day: as usual, batch job included.
    double usual = feed(d, 7 * DAY, 8 * DAY, random, scores);
    int spike = 8 * DAY + 150;
    feed(d, 8 * DAY, spike, random, scores);
    Score spikedScore = d.score(T0.plusSeconds(300L * spike), 300);
    double spiked = spikedScore.value();
    // The band it broke is the forecast's for that time: about the usual level, far below 300.
    assertThat(spikedScore.band()).isPresent();
    assertThat(spikedScore.band().get().high()).isBetween(30.0, 150.0);
    assertThat(spikedScore.band().get().low()).isLessThan(spikedScore.band().get().median());
    assertThat(usual).isLessThan(0.5);
    assertThat(spiked).isGreaterThan(0.9).isGreaterThan(usual + 0.3);
  }

  @Test
  void theBatchJobAtAnUnusualHourIsAnAnomaly() {
    Random random = new Random(7);
    AnomalyDetector d = detector();
    double[] scores = new double[8 * DAY];
    double usual = 0;
    feed(d, 0, 7 * DAY, random, scores);
    // At 14:00 on the eighth day, the half-hour job runs again, hours off its schedule.
    int odd = 7 * DAY + 168;
    feed(d, 7 * DAY, odd, random, scores);
    double max = 0;
    for (int i = odd; i < odd + 6; i++) {
      max = Math.max(max, d.score(T0.plusSeconds(300L * i), usage(i, random) + 40).value());
    }
    for (int i = 6 * DAY; i < 7 * DAY; i++) {
      usual = Math.max(usual, scores[i]);
    }
    assertThat(max).isGreaterThan(usual + 0.3);
  }

  @Test
  void aValueThatIsNotFiniteOrARepeatedTimeScoresZeroAndIsNotLearnt() {
    Random random = new Random(1);
    AnomalyDetector d = detector();
    double[] scores = new double[2 * DAY];
    feed(d, 0, 2 * DAY, random, scores);
    Instant last = T0.plusSeconds(300L * (2 * DAY - 1));
    assertThat(d.score(last, 1e6)).isEqualTo(Score.NONE);
    assertThat(d.score(last.plusSeconds(300), Double.NaN)).isEqualTo(Score.NONE);
    assertThat(d.score(last.plusSeconds(300), Double.POSITIVE_INFINITY)).isEqualTo(Score.NONE);
  }

  /**
   * Issue 17: with a least change (here 50 millicores), a very steady series (23 millicores, +-1 %)
   * moving by less than it scores nothing, however far outside its narrow band; by more, it scores
   * as without.
   */
  @Test
  void aChangeSmallerThanTheLeastChangeIsNoSurprise() {
    var forecasts = ForecasterRegistry.standard().factory("ensemble", Map.of());
    for (double least : new double[] {0, 50}) {
      AnomalyDetector d =
          AnomalyRegistry.standard()
              .factory(
                  AnomalyRegistry.SURPRISE,
                  Map.of(
                      "warmup",
                      "24",
                      "range-tolerance",
                      "0.05",
                      AnomalyRegistry.LEAST_CHANGE + "cpu",
                      "" + least),
                  forecasts)
              .create(SeriesSpec.of(KEY));
      Random random = new Random(5);
      int i = 0;
      for (; i < 200; i++) {
        d.score(T0.plusSeconds(5L * i), 23 * (1 + 0.01 * random.nextGaussian()));
      }
      double small = 0;
      for (int k = 0; k < 6; k++, i++) {
        small = Math.max(small, d.score(T0.plusSeconds(5L * i), 27).value());
      }
      double large = d.score(T0.plusSeconds(5L * i), 400).value();
      if (least == 0) {
        assertThat(small).as("+4 millicores, no least change").isGreaterThan(0.8);
      } else {
        assertThat(small).as("+4 millicores, least change 50").isLessThan(0.1);
        assertThat(large).as("+377 millicores").isGreaterThan(0.8);
      }
    }
    assertThatThrownBy(
            () ->
                AnomalyRegistry.standard()
                    .factory(
                        AnomalyRegistry.SURPRISE,
                        Map.of(AnomalyRegistry.LEAST_CHANGE + "cpus", "1"),
                        forecasts))
        .hasMessageContaining("unknown resource 'cpus'");
  }

  @Test
  void settingsOutOfRangeAndUnknownNamesAreRefused() {
    var forecasts = ForecasterRegistry.standard().factory("naive", Map.of());
    AnomalyRegistry r = AnomalyRegistry.standard();
    assertThatThrownBy(() -> r.factory("nope", Map.of(), forecasts))
        .hasMessageContaining("unknown anomaly detector 'nope'")
        .hasMessageContaining("known: surprise");
    assertThatThrownBy(() -> r.factory("surprise", Map.of("windows", "3"), forecasts))
        .hasMessageContaining("unknown parameter anomaly.surprise.windows");
    assertThatThrownBy(() -> r.factory("surprise", Map.of("horizons", "12,1"), forecasts))
        .hasMessageContaining("horizons=[12, 1]");
    assertThatThrownBy(() -> r.factory("surprise", Map.of("short-window", "2.5"), forecasts))
        .hasMessageContaining("anomaly.surprise.short-window = 2.5 is not a whole number");
    assertThatThrownBy(() -> r.factory("surprise", Map.of("band", "1"), forecasts))
        .hasMessageContaining("band=1.0");
  }

  /**
   * Climbs of up to 5 % a step, then falls, on 20 seeded series: the ensemble's levels each have
   * their own model and calibration, and before the forecaster rearranged them 312 of these 20,160
   * bands had their lower quantile above the median (a band "outside [188.8, 91.54]" in the live
   * test), which made any value a surprise.
   */
  @Test
  void theBandsQuantilesNeverCrossInSteepClimbs() {
    int bands = 0;
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      AnomalyDetector d =
          AnomalyRegistry.standard()
              .factory(
                  AnomalyRegistry.SURPRISE,
                  Map.of(),
                  ForecasterRegistry.standard().factory("ensemble", Map.of()))
              .create(SeriesSpec.of(new SeriesKey(new WorkloadId("w" + seed), Resource.CPU)));
      double level = 50;
      for (int i = 0; i < 4 * DAY; i++) {
        if (i > 2 * DAY && i % 200 < 30) {
          level *= 1 + 0.05 * random.nextDouble();
        } else if (i % 200 >= 30 && level > 60) {
          level *= 0.9;
        }
        Score s = d.score(T0.plusSeconds(300L * i), level + random.nextGaussian() * 2);
        if (s.band().isPresent()) {
          bands++;
          Band b = s.band().get();
          assertThat(b.low())
              .as("step %d of seed %d: %s", i, seed, b)
              .isLessThanOrEqualTo(b.median());
          assertThat(b.median())
              .as("step %d of seed %d: %s", i, seed, b)
              .isLessThanOrEqualTo(b.high());
        }
      }
    }
    // Scored bands, not an empty check: each series' steps after its warm-up.
    assertThat(bands).isGreaterThan(10 * 4 * DAY);
  }

  /**
   * A parameter not given is the defaults file's: before, the detector fell back on literals of its
   * own, among them NAB's range tolerance (0.05) where the file says 0.5 for the engine.
   */
  @Test
  void aParameterNotGivenIsTheDefaultsFilesOne() {
    Map<String, String> file = new java.util.HashMap<>();
    String prefix = "anomaly." + AnomalyRegistry.SURPRISE + ".";
    SettingsSource.defaults()
        .forEach(
            (k, v) -> {
              if (k.startsWith(prefix)) {
                file.put(k.substring(prefix.length()), v);
              }
            });
    assertThat(file).containsKey("range-tolerance");
    double[] none = rangeScores(Map.of());
    assertThat(none).containsExactly(rangeScores(file));
    assertThat(rangeScores(Map.of("range-tolerance", "0.05")))
        .as("the range tolerance tells on this series")
        .isNotEqualTo(none);
  }

  /** Scores of steady noise then values a little beyond the range seen, step by step. */
  private static double[] rangeScores(Map<String, String> params) {
    AnomalyDetector d =
        AnomalyRegistry.standard()
            .factory(
                AnomalyRegistry.SURPRISE,
                params,
                ForecasterRegistry.standard().factory("naive", Map.of()))
            .create(SeriesSpec.of(KEY));
    Random random = new Random(9);
    double[] scores = new double[320];
    for (int i = 0; i < scores.length; i++) {
      double v = 50 + random.nextGaussian() + (i >= 300 ? 0.5 * (i - 299) : 0);
      scores[i] = d.score(T0.plusSeconds(300L * i), v).value();
    }
    return scores;
  }
}
