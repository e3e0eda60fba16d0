package org.pae.core.forecast.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Series;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.PastSource;

/** A forecaster reading its refit history from a {@link PastSource} against one keeping it. */
class PastSourceForecasterTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final long STEP = Duration.ofMinutes(5).toMillis();
  private static final SeriesKey KEY = new SeriesKey(new WorkloadId("vm-1"), Resource.MEMORY);

  /** The samples a series was fed, answering from those at or before the time asked. */
  private static final class Recorded implements PastSource {
    final List<Long> times = new ArrayList<>();
    final List<Double> values = new ArrayList<>();
    int reads;

    void add(long millis, double value) {
      times.add(millis);
      values.add(value);
    }

    @Override
    public Window latest(SeriesKey series, Instant until, int count) {
      assertThat(series).isEqualTo(KEY);
      reads++;
      long[] t = new long[count];
      double[] v = new double[count];
      int n = 0;
      for (int i = times.size() - 1; i >= 0 && n < count; i--) {
        if (times.get(i) <= until.toEpochMilli() && !Double.isNaN(values.get(i))) {
          t[count - 1 - n] = times.get(i);
          v[count - 1 - n] = values.get(i);
          n++;
        }
      }
      return new Window(
          Arrays.copyOfRange(t, count - n, count), Arrays.copyOfRange(v, count - n, count));
    }
  }

  /**
   * A daily-seasonal series of whole numbers in which every block of {@link CompactHistory#BLOCK}
   * steps spans exactly 65,535 (one spike per block), so the kept history codes it without loss and
   * the two forecasters must agree to the bit; with gaps of one and two steps (the grid fills them
   * with the value before, which the series repeats there), an unmeasured sample and a sample at a
   * repeated time.
   */
  private static double[] lossless(long seed, int n, boolean[] gap) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = Math.rint(200_000 + 40_000 * Math.sin(2 * Math.PI * t / 288) + rnd.nextInt(-900, 900));
    }
    for (int t = 40; t + 2 < n; t += 97) {
      int len = 1 + (t / 97) % 2;
      for (int k = 0; k < len; k++) {
        int at = t + k;
        if (at % CompactHistory.BLOCK != 7) {
          y[at] = y[t - 1];
          gap[at] = true;
        }
      }
    }
    int b = CompactHistory.BLOCK;
    for (int start = 0; start + b <= n; start += b) {
      double lo = Double.POSITIVE_INFINITY;
      for (int t = start; t < start + b; t++) {
        if (t % b != 7) {
          lo = Math.min(lo, y[t]);
        }
      }
      y[start + 7] = lo + 65_535;
    }
    return y;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ensemble", "holt-winters"})
  void forecastsExactlyAsTheForecasterKeepingItsHistory(String model) {
    int n = 288 * 9;
    boolean[] gap = new boolean[n];
    double[] y = lossless(7, n, gap);
    ForecasterFactory factory = ForecasterRegistry.standard().factory(model, Map.of());
    Recorded source = new Recorded();
    Forecaster kept = factory.create(KEY);
    Forecaster read = factory.reading(source).create(KEY);
    assertThat(read).isNotSameAs(kept);
    Duration[] horizons = {Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofDays(1)};
    for (int t = 0; t < n; t++) {
      if (gap[t]) {
        continue;
      }
      long millis = T0.toEpochMilli() + t * STEP;
      source.add(millis, y[t]);
      kept.observe(Instant.ofEpochMilli(millis), y[t]);
      read.observe(Instant.ofEpochMilli(millis), y[t]);
      if (t == 500) {
        source.add(millis, y[t] + 5);
        kept.observe(Instant.ofEpochMilli(millis), y[t] + 5);
        read.observe(Instant.ofEpochMilli(millis), y[t] + 5);
        source.add(millis + STEP / 2, Double.NaN);
        kept.observe(Instant.ofEpochMilli(millis + STEP / 2), Double.NaN);
        read.observe(Instant.ofEpochMilli(millis + STEP / 2), Double.NaN);
      }
      for (Duration h : horizons) {
        for (double q : new double[] {0.5, 0.99}) {
          read.track(h, q);
          kept.track(h, q);
          assertThat(read.quantile(h, q))
              .as("step %d, %s, q %s", t, h, q)
              .isEqualTo(kept.quantile(h, q));
        }
      }
      assertThat(read.name()).isEqualTo(kept.name());
    }
    assertThat(((OnlineForecaster) read).period()).isEqualTo(288);
    assertThat(source.reads).isGreaterThan(9);
  }

  @Test
  void aSourceThatLagsOneSampleBehindIsCompletedFromTheKeptPast() {
    // The daemon writes a tick's samples to its store after the tick, so a refit inside the tick
    // reads a window one sample short: the forecaster adds the step it keeps itself (the kept past
    // codes this series without loss, so the forecasts are those of the forecaster keeping all).
    int n = 288 * 9;
    boolean[] gap = new boolean[n];
    double[] y = lossless(11, n, gap);
    ForecasterFactory factory = ForecasterRegistry.standard().factory("ensemble", Map.of());
    Recorded source = new Recorded();
    Forecaster kept = factory.create(KEY);
    Forecaster read = factory.reading(source).create(KEY);
    List<long[]> pending = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      if (gap[t]) {
        continue;
      }
      long millis = T0.toEpochMilli() + t * STEP;
      pending.add(new long[] {millis, Double.doubleToLongBits(y[t])});
      while (pending.size() > 1) {
        long[] p = pending.removeFirst();
        source.add(p[0], Double.longBitsToDouble(p[1]));
      }
      kept.observe(Instant.ofEpochMilli(millis), y[t]);
      read.observe(Instant.ofEpochMilli(millis), y[t]);
      for (double q : new double[] {0.5, 0.99}) {
        read.track(Duration.ofHours(1), q);
        kept.track(Duration.ofHours(1), q);
        assertThat(read.quantile(Duration.ofHours(1), q))
            .as("step %d, q %s", t, q)
            .isEqualTo(kept.quantile(Duration.ofHours(1), q));
      }
    }
    assertThat(((OnlineForecaster) read).period()).isEqualTo(288);
  }

  @Test
  void refitsWhileALongGapIsFilledReadTheSourceAndFillTheRest() {
    // After 100 steps, a sample every 40: most refits fall while a gap is being filled, where the
    // window is the source's samples and then the filled steps (the value before), however few
    // past samples the models keep.
    double[] y = Series.arma(5, 4000, new double[] {0.7}, new double[0], 100);
    Recorded source = new Recorded();
    ForecasterFactory factory = ForecasterRegistry.standard().factory("arima", Map.of());
    Forecaster kept = factory.create(KEY);
    Forecaster read = factory.reading(source).create(KEY);
    double worst = 0;
    for (int t = 0; t < y.length; t += t < 100 ? 1 : 40) {
      long millis = T0.toEpochMilli() + t * STEP;
      source.add(millis, y[t]);
      kept.observe(Instant.ofEpochMilli(millis), y[t]);
      read.observe(Instant.ofEpochMilli(millis), y[t]);
      kept.track(Duration.ofMinutes(5), 0.9);
      read.track(Duration.ofMinutes(5), 0.9);
      double a = kept.quantile(Duration.ofMinutes(5), 0.9);
      worst = Math.max(worst, Math.abs(a - read.quantile(Duration.ofMinutes(5), 0.9)) / a);
    }
    // The kept history's 16-bit rounding is all that differs.
    assertThat(worst).isLessThan(1e-4);
  }

  @Test
  void aSourceThatHoldsTooLittleLeavesTheModelsAsTheyAre() {
    PastSource empty = (series, until, count) -> new PastSource.Window(new long[0], new double[0]);
    Forecaster f =
        ForecasterRegistry.standard().factory("ensemble", Map.of()).reading(empty).create(KEY);
    for (int t = 0; t < 288 * 3; t++) {
      f.observe(Instant.ofEpochMilli(T0.toEpochMilli() + t * STEP), 100 + t % 288);
      assertThat(f.quantile(Duration.ofMinutes(5), 0.9)).isFinite();
    }
    // No model was fitted: the period is found at a fit.
    assertThat(((OnlineForecaster) f).period()).isZero();
  }

  @Test
  void theGridOfAWindowIsTheGridObserveBuilds() {
    long[] t = {0, 300, 600, 1500, 1500, 1800, 2100, 2400};
    double[] v = {1, 2, Double.NaN, 4, 9, -3, 6, 7};
    assertThat(OnlineForecaster.grid(t, v, 300, 2016, 100))
        .containsExactly(1, 2, 2, 2, 2, 4, 0, 6, 7);
    assertThat(OnlineForecaster.grid(t, v, 300, 2016, 3)).containsExactly(0, 6, 7);
    assertThat(OnlineForecaster.grid(t, v, 300, 2, 100)).containsExactly(1, 2, 2, 4, 0, 6, 7);
    assertThat(OnlineForecaster.grid(t, v, 300, 2016, 0)).isEmpty();
  }
}
