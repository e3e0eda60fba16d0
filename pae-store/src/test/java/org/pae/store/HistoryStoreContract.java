package org.pae.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.HistoryStore;
import org.pae.core.ports.HistoryStore.Sample;
import org.pae.core.ports.past.TrainingHistory;

/** What every history store does, whatever database is behind it. */
abstract class HistoryStoreContract {
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  static final HistoryStore.Retention RETENTION =
      new HistoryStore.Retention(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofDays(7));
  static final SeriesKey VM_MEMORY = new SeriesKey(WorkloadId.of("vm1"), Resource.MEMORY);

  /** A fresh, empty store. */
  abstract JdbcHistoryStore open();

  /** The store {@link #open} opened last, opened again as a restarting daemon does. */
  abstract JdbcHistoryStore reopen();

  @Test
  void keepsWhatOperatorsSetAcrossAReopenUntilRemoved() {
    try (JdbcHistoryStore store = open()) {
      store.put("account", "acme", Optional.of("{\"quotas\":{\"memory\":1.0E9}}"));
      store.put("account", "globex", Optional.of("{}"));
      store.put("account", "acme", Optional.of("{\"quotas\":{\"memory\":2.0E9}}"));
      store.put("pin", "vm/1", Optional.of("x"));
      store.put("pin", "vm/1", Optional.empty());
      store.put("pin", "never-set", Optional.empty());
    }
    try (JdbcHistoryStore store = reopen()) {
      assertThat(store.all())
          .isEqualTo(
              java.util.Map.of(
                  "account",
                  java.util.Map.of("acme", "{\"quotas\":{\"memory\":2.0E9}}", "globex", "{}")));
    }
  }

  static Plan tick(Instant at, double usage, double allocation) {
    Reason seen =
        new Reason(Rule.WITHIN_BAND, OptionalDouble.of(usage), Optional.empty(), Set.of());
    Reason missing = new Reason(Rule.NO_DATA, OptionalDouble.empty(), Optional.empty(), Set.of());
    return new Plan(
        at,
        List.of(
            new Decision.Hold(VM_MEMORY, allocation, seen),
            new Decision.Hold(new SeriesKey(WorkloadId.of("vm1"), Resource.CPU), 500, missing)));
  }

  /**
   * Issue 17: a sample the anomaly watch held out of the forecasts is history like any other, but
   * not in what a forecaster refits on; a store written before the column existed reads as usual.
   */
  @Test
  void keepsWhichSamplesWereHeldOutOfTheForecastsAndLeavesThemOutOfTheUsualHistory() {
    try (JdbcHistoryStore store = open()) {
      for (int i = 0; i < 6; i++) {
        Plan p = tick(T0.plusSeconds(5L * i), 100 + i, 200);
        if (i == 2 || i == 3) {
          Decision d = p.decisions().getFirst();
          Reason held =
              new Reason(
                  Rule.WITHIN_BAND,
                  d.reason().usage(),
                  Optional.empty(),
                  Set.of(Cap.ANOMALY_HELD_OUT));
          p = new Plan(p.time(), List.of(new Decision.Hold(VM_MEMORY, 200, held)));
        }
        store.record(p);
      }
      Instant end = T0.plusSeconds(60);
      assertThat(store.history(VM_MEMORY, T0, end, Duration.ZERO))
          .extracting(Sample::usage)
          .containsExactly(100.0, 101.0, 102.0, 103.0, 104.0, 105.0);
      assertThat(store.usualHistory(VM_MEMORY, T0, end))
          .extracting(Sample::usage)
          .containsExactly(100.0, 101.0, 104.0, 105.0);
    }
  }

  @Test
  void keepsWorkloadMetadataAndUpdatesIt() {
    try (JdbcHistoryStore store = open()) {
      Workload vm =
          new Workload(
              WorkloadId.of("vm1"),
              WorkloadKind.VM,
              Optional.empty(),
              new ProgramCode("postgres:16", List.of("disk", "dns"), List.of("business-hours")),
              new AccountId("team-a"),
              Criticality.CRITICAL);
      Workload box = Workload.of("vm1/c1", WorkloadKind.CONTAINER).withParent(vm.id());
      store.describe(vm);
      store.describe(box);
      store.describe(box.withAccount(new AccountId("team-b")));

      assertThat(store.workloads()).containsExactly(vm, box.withAccount(new AccountId("team-b")));
    }
  }

  @Test
  void returnsRawSamplesWithMissingUsageAsNaN() {
    try (JdbcHistoryStore store = open()) {
      for (int i = 0; i < 10; i++) {
        store.record(tick(T0.plusSeconds(5L * i), 100 + i, 200));
      }
      List<Sample> raw = store.history(VM_MEMORY, T0, T0.plusSeconds(50), Duration.ZERO);
      assertThat(raw).hasSize(10);
      assertThat(raw.get(3)).isEqualTo(new Sample(T0.plusSeconds(15), 103, 103, 200, 1));
      List<Sample> cpu =
          store.history(
              new SeriesKey(WorkloadId.of("vm1"), Resource.CPU),
              T0,
              T0.plusSeconds(50),
              Duration.ZERO);
      assertThat(cpu).hasSize(10).allSatisfy(s -> assertThat(s.usage()).isNaN());
    }
  }

  @Test
  void downsamplesTheSameBeforeAndAfterRetentionDropsRawSamples() {
    try (JdbcHistoryStore store = open()) {
      // Three hours at one sample every 10 s; usage climbs by 1 per sample.
      for (int i = 0; i < 3 * 360; i++) {
        store.record(tick(T0.plusSeconds(10L * i), i, 2 * i + 1));
      }
      Instant end = T0.plus(Duration.ofHours(3));
      List<Sample> before = store.history(VM_MEMORY, T0, end, Duration.ofMinutes(10));
      assertThat(before).hasSize(18);
      Sample first = before.getFirst();
      assertThat(first.samples()).isEqualTo(60);
      assertThat(first.usage()).isCloseTo(29.5, within(1e-9));
      assertThat(first.peak()).isEqualTo(59);
      assertThat(first.allocation()).isCloseTo(60, within(1e-9));

      store.retain(end);
      long[] counts = store.counts();
      // Only the last hour stays raw (two series), the rest lives on in one-minute buckets.
      assertThat(counts[0]).isEqualTo(2 * 360);
      assertThat(counts[1]).isEqualTo(2 * 180);

      List<Sample> after = store.history(VM_MEMORY, T0, end, Duration.ofMinutes(10));
      assertThat(after).hasSize(before.size());
      for (int i = 0; i < after.size(); i++) {
        Sample a = after.get(i);
        Sample b = before.get(i);
        assertThat(a.time()).isEqualTo(b.time());
        assertThat(a.samples()).isEqualTo(b.samples());
        assertThat(a.usage()).isCloseTo(b.usage(), within(1e-9));
        assertThat(a.peak()).isEqualTo(b.peak());
        assertThat(a.allocation()).isCloseTo(b.allocation(), within(1e-9));
      }
      assertThat(store.history(VM_MEMORY, T0, end, Duration.ZERO))
          .as("raw samples are kept for the raw retention only")
          .hasSize(360);

      store.describe(Workload.of("vm1", WorkloadKind.VM));
      store.retain(end.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(90)));
      assertThat(store.history(VM_MEMORY, T0, end, Duration.ofMinutes(10)))
          .as("beyond the downsampled retention, nothing")
          .isEmpty();
      assertThat(store.workloads()).as("nor the metadata of a workload with no history").isEmpty();
    }
  }

  @Test
  void retentionTwiceInABucketCountsEverySampleOnce() {
    try (JdbcHistoryStore store = open()) {
      List<Instant> times = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        times.add(T0.plusSeconds(10L * i));
      }
      for (Instant t : times.subList(0, 15)) {
        store.record(tick(t, 10, 20));
      }
      store.retain(T0.plusSeconds(150));
      for (Instant t : times.subList(15, 30)) {
        store.record(tick(t, 10, 20));
      }
      store.retain(T0.plusSeconds(300));
      long total =
          store.history(VM_MEMORY, T0, T0.plusSeconds(300), Duration.ofMinutes(5)).stream()
              .mapToLong(Sample::samples)
              .sum();
      assertThat(total).isEqualTo(30);
    }
  }

  @Test
  void servesTrainingHistoryOnAGridWithGapsAsNaN() {
    try (JdbcHistoryStore store = open()) {
      // Two hours at one sample every 10 s, usage climbing by 1 per sample; then nothing.
      for (int i = 0; i < 2 * 360; i++) {
        store.record(tick(T0.plusSeconds(10L * i), i, 1000));
      }
      store.retain(T0.plus(Duration.ofHours(3)));
      TrainingHistory history = new StoreTrainingHistory(store);
      double[] hourly =
          history.usage(
              VM_MEMORY,
              T0.minus(Duration.ofHours(1)),
              T0.plus(Duration.ofHours(3)),
              Duration.ofHours(1));
      assertThat(hourly).hasSize(4);
      assertThat(hourly[0]).isNaN();
      assertThat(hourly[1]).isCloseTo(179.5, within(1e-9));
      assertThat(hourly[2]).isCloseTo(539.5, within(1e-9));
      assertThat(hourly[3]).isNaN();
      SeriesKey cpu = new SeriesKey(WorkloadId.of("vm1"), Resource.CPU);
      assertThat(history.usage(cpu, T0, T0.plus(Duration.ofHours(2)), Duration.ofHours(1)))
          .as("a series whose usage was never read")
          .containsOnly(Double.NaN);
    }
  }
}
