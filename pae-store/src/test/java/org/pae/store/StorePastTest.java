package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.Plan;
import org.pae.core.ports.past.PastSource;

/** The daemon's history store as the source of its forecasters' refit windows, on DuckDB. */
class StorePastTest {
  private static final Duration TICK = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void answersTheLatestMeasuredSamplesUpToTheTimeAskedOldestFirst() {
    try (JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(dir.resolve("h.duckdb"), HistoryStoreContract.RETENTION)) {
      for (int i = 0; i < 100; i++) {
        store.record(
            HistoryStoreContract.tick(HistoryStoreContract.T0.plus(TICK.multipliedBy(i)), i, 500));
      }
      List<String> logged = new ArrayList<>();
      StorePast past = new StorePast(store, TICK, logged::add);
      Instant at50 = HistoryStoreContract.T0.plus(TICK.multipliedBy(50));
      PastSource.Window w = past.latest(HistoryStoreContract.VM_MEMORY, at50, 10);
      assertThat(w.values()).containsExactly(41, 42, 43, 44, 45, 46, 47, 48, 49, 50);
      assertThat(w.epochMillis()[9]).isEqualTo(at50.toEpochMilli());
      assertThat(past.latest(HistoryStoreContract.VM_MEMORY, at50, 0).size()).isZero();
      assertThat(
              past.latest(
                      HistoryStoreContract.VM_MEMORY, HistoryStoreContract.T0.minusSeconds(1), 5)
                  .size())
          .isZero();
      // The CPU series of these ticks was never read (NaN usage): nothing measured.
      assertThat(
              past.latest(
                      new org.pae.core.model.SeriesKey(
                          org.pae.core.model.WorkloadId.of("vm1"), org.pae.core.model.Resource.CPU),
                      at50,
                      10)
                  .size())
          .isZero();
      assertThat(logged).isEmpty();
    }
  }

  /** Issue 17: samples held out of the forecasts as anomalous are left out of refit windows. */
  @Test
  void leavesTheSamplesHeldOutAsAnomalousOutOfTheWindows() {
    try (JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(dir.resolve("h.duckdb"), HistoryStoreContract.RETENTION)) {
      for (int i = 0; i < 20; i++) {
        Plan p =
            HistoryStoreContract.tick(HistoryStoreContract.T0.plus(TICK.multipliedBy(i)), i, 500);
        if (i == 17) {
          Decision d = p.decisions().getFirst();
          p =
              new Plan(
                  p.time(),
                  List.of(
                      new Decision.Hold(
                          d.series(),
                          500,
                          new Reason(
                              Rule.WITHIN_BAND,
                              OptionalDouble.of(1e6),
                              Optional.empty(),
                              Set.of(Cap.ANOMALY_HELD_OUT)))));
        }
        store.record(p);
      }
      StorePast past = new StorePast(store, TICK, m -> {});
      Instant at19 = HistoryStoreContract.T0.plus(TICK.multipliedBy(19));
      assertThat(past.latest(HistoryStoreContract.VM_MEMORY, at19, 4).values())
          .containsExactly(15, 16, 18, 19);
    }
  }

  @Test
  void aStoreThatCannotBeReadAnswersNothingAndSaysWhy() {
    JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(dir.resolve("closed.duckdb"), HistoryStoreContract.RETENTION);
    store.close();
    List<String> logged = new ArrayList<>();
    StorePast past = new StorePast(store, TICK, logged::add);
    assertThat(past.latest(HistoryStoreContract.VM_MEMORY, HistoryStoreContract.T0, 10).size())
        .isZero();
    assertThat(logged).singleElement().asString().contains("refit window", "vm1");
  }

  @Test
  void aForecasterReadingItsWindowsFromTheStoreForecastsAsOneKeepingThem() {
    // The daemon's order: the forecaster sees a tick's sample, then the tick is recorded, so every
    // refit inside a tick reads a window one sample short and completes it from its kept past.
    try (JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(dir.resolve("f.duckdb"), HistoryStoreContract.RETENTION)) {
      ForecasterFactory factory = ForecasterRegistry.standard().factory("ensemble", Map.of());
      Forecaster kept = factory.create(HistoryStoreContract.VM_MEMORY);
      Forecaster read =
          factory
              .reading(new StorePast(store, TICK, m -> {}))
              .create(HistoryStoreContract.VM_MEMORY);
      Random rnd = new Random(3);
      double worst = 0;
      for (int i = 0; i < 600; i++) {
        Instant t = HistoryStoreContract.T0.plus(TICK.multipliedBy(i));
        double y = 1000 + 200 * Math.sin(i / 20.0) + 20 * rnd.nextGaussian();
        kept.observe(t, y);
        read.observe(t, y);
        store.record(HistoryStoreContract.tick(t, y, 5000));
        for (Duration h : new Duration[] {TICK, Duration.ofMinutes(1)}) {
          for (double q : new double[] {0.5, 0.9, 0.99}) {
            kept.track(h, q);
            read.track(h, q);
            double a = kept.quantile(h, q);
            worst = Math.max(worst, Math.abs(a - read.quantile(h, q)) / a);
          }
        }
      }
      // The kept history rounds each sample to 1/131,070 of its block's range; the store does not
      // (so the forecasts differ, a little, once the models refit).
      assertThat(worst).isPositive().isCloseTo(0, within(1e-3));
    }
  }
}
