package org.pae.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;

/** The fleet's history as a learner reads it: every host's series, none merged with another's. */
class FleetHistoryTest {
  private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");
  private static final Duration FIVE = Duration.ofMinutes(5);

  private static FleetModels.Series series(
      String host, String workload, Duration step, double... usage) {
    return new FleetModels.Series(
        host, Workload.of(workload, WorkloadKind.CONTAINER), Resource.MEMORY, T, step, usage);
  }

  @Test
  void aNameOnManyHostsIsOneWorkloadPerHostAndAUniqueNameKeepsItsOwn() {
    FleetHistory h =
        new FleetHistory(
            List.of(
                series("a", "db", FIVE, 1, 2),
                series("b", "db", FIVE, 3, 4),
                series("b", "web", FIVE, 5, 6)));
    assertThat(h.workloads())
        .extracting(w -> w.id().value())
        .containsExactlyInAnyOrder("a:db", "b:db", "web");
    assertThat(h.hosts()).containsExactly("a", "b");
    assertThat(h.series(Set.of(Resource.MEMORY))).isEqualTo(3);
    assertThat(h.series(Set.of(Resource.CPU))).isZero();
    assertThat(
            h.usage(
                new SeriesKey(WorkloadId.of("b:db"), Resource.MEMORY),
                T,
                T.plus(FIVE.multipliedBy(3)),
                FIVE))
        .containsExactly(3, 4, Double.NaN);
    assertThat(h.usage(new SeriesKey(WorkloadId.of("db"), Resource.MEMORY), T, T.plus(FIVE), FIVE))
        .as("the shared name alone names nothing")
        .containsExactly(Double.NaN);
  }

  @Test
  void aFinerSeriesIsAveragedIntoTheBucketsAskedForAndWhatWasNotReadStaysUnknown() {
    FleetHistory h =
        new FleetHistory(
            List.of(
                series(
                    "a",
                    "web",
                    Duration.ofMinutes(1),
                    1,
                    2,
                    3,
                    Double.NaN,
                    4,
                    10,
                    10,
                    10,
                    10,
                    10)));
    assertThat(
            h.usage(
                new SeriesKey(WorkloadId.of("web"), Resource.MEMORY),
                T.minus(FIVE),
                T.plus(FIVE.multipliedBy(3)),
                FIVE))
        .containsExactly(Double.NaN, 2.5, 10, Double.NaN);
  }

  @Test
  void aHostUploadsEverySeriesWithASampleInTheSpanOnTheLearnersGrid() {
    FleetHistory local =
        new FleetHistory(
            List.of(
                series("a", "web", FIVE, 1, 2, 3, 4),
                series("a", "idle", FIVE, Double.NaN, Double.NaN, Double.NaN, Double.NaN)));
    Instant now = T.plus(FIVE.multipliedBy(4)).plusSeconds(30);
    List<FleetModels.Series> up =
        FleetHistory.read(
            local,
            "a",
            now,
            new PortableLearner.Reading(FIVE.multipliedBy(3), FIVE, Set.of(Resource.MEMORY)));
    assertThat(up).hasSize(1);
    assertThat(up.getFirst().workload().id().value()).isEqualTo("web");
    assertThat(up.getFirst().from()).isEqualTo(T.plus(FIVE));
    assertThat(up.getFirst().usage()).containsExactly(2, 3, 4);
    assertThat(
            FleetHistory.read(
                local,
                "a",
                now,
                new PortableLearner.Reading(FIVE.multipliedBy(3), FIVE, Set.of(Resource.CPU))))
        .isEmpty();
  }
}
