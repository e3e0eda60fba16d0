package org.pae.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.PastSource;

class TiersTest {
  private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
  private static final SeriesKey KEY = new SeriesKey(WorkloadId.of("vm"), Resource.CPU);

  private static double daily(int hour) {
    return 100 + 80 * Math.sin(2 * Math.PI * hour / 24.0);
  }

  @Test
  void eachHorizonGoesToTheModelWithTheLowestMeasuredLoss() {
    ForecasterRegistry r = ForecasterRegistry.standard();
    Tiers tiers =
        (Tiers) r.factory(Tiers.NAME, Map.of("models", "last-value,seasonal-naive")).create(KEY);
    Forecaster seasonal = r.factory("seasonal-naive", Map.of()).create(KEY);
    Duration hour = Duration.ofHours(1);
    Duration half = Duration.ofHours(12);
    for (int t = 0; t < 24 * 12; t++) {
      Instant at = START.plus(hour.multipliedBy(t));
      tiers.observe(at, daily(t));
      seasonal.observe(at, daily(t));
      tiers.track(hour, 0.9);
      tiers.track(half, 0.9);
      // The fitted models calibrate the quantiles tracked: track the same in the lone model.
      seasonal.track(hour, 0.9);
      seasonal.track(half, 0.9);
    }
    // Twelve hours ahead of a daily cycle, the last value is as wrong as it gets; a day ago is
    // right.
    assertThat(tiers.chosen(half)).isEqualTo("seasonal-naive");
    assertThat(tiers.quantile(half, 0.9)).isEqualTo(seasonal.quantile(half, 0.9));
    assertThat(tiers.name()).isEqualTo("tiers/seasonal-naive");
    assertThat(tiers.chosen(Duration.ofDays(3))).isEqualTo("last-value");
  }

  @Test
  void membersGetTheirParametersAndUnknownOnesAreRefused() {
    ForecasterRegistry r = ForecasterRegistry.standard();
    assertThatThrownBy(
            () -> r.factory(Tiers.NAME, Map.of("models", "ewma", "ewma.alpha", "7")).create(KEY))
        .hasMessageContaining("forecast.ewma.alpha");
    assertThatThrownBy(() -> r.factory(Tiers.NAME, Map.of("models", "ewma", "cf.model", "x")))
        .hasMessageContaining("unknown parameter forecast.tiers.cf.model");
    assertThatThrownBy(() -> r.factory(Tiers.NAME, Map.of("models", "oracle")))
        .hasMessageContaining("unknown forecaster 'oracle'");
    assertThatThrownBy(() -> r.factory(Tiers.NAME, Map.of("models", "ewma", "rate", "0")))
        .hasMessageContaining("forecast.tiers.rate");
    Forecaster f = r.factory(Tiers.NAME, Map.of("models", "ewma", "ewma.alpha", "1")).create(KEY);
    assertThat(f.quantile(Duration.ofMinutes(1), 0.5)).isNaN();
    f.observe(START, 10);
    f.observe(START.plusSeconds(5), 20);
    assertThat(f.quantile(Duration.ofSeconds(5), 0.5)).isEqualTo(20);
  }

  @Test
  void membersReadTheirRefitHistoryFromTheSourceTheTiersAreGiven() {
    // Issue 16: the tiers' factory dropped reading(source), so refits from the store were off.
    List<Instant> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    int[] reads = {0};
    PastSource source =
        (series, until, count) -> {
          reads[0]++;
          int end = 0;
          while (end < times.size() && !times.get(end).isAfter(until)) {
            end++;
          }
          int start = Math.max(0, end - count);
          long[] t = new long[end - start];
          double[] v = new double[end - start];
          for (int i = start; i < end; i++) {
            t[i - start] = times.get(i).toEpochMilli();
            v[i - start] = values.get(i);
          }
          return new PastSource.Window(t, v);
        };
    Forecaster tiers =
        ForecasterRegistry.standard()
            .factory(Tiers.NAME, Map.of("models", "ensemble"))
            .reading(source)
            .create(KEY);
    Duration step = Duration.ofMinutes(5);
    for (int i = 0; i < 600; i++) {
      Instant at = START.plus(step.multipliedBy(i));
      times.add(at);
      values.add(daily(i / 12));
      tiers.observe(at, daily(i / 12));
      tiers.track(step, 0.9);
    }
    assertThat(reads[0]).isPositive();
  }
}
