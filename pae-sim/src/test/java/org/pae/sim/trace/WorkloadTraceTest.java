package org.pae.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Resource;
import org.pae.core.ports.past.PastSource;

class WorkloadTraceTest {
  private static final WorkloadTrace TRACE =
      new WorkloadTrace(
          "17",
          new long[] {1000, 1300, 1600, 2200, 2500, 2800},
          Map.of(
              Resource.CPU,
              WorkloadTrace.Series.recorded(
                  Unit.MHZ,
                  new double[] {1, 2, Double.NaN, 4, 5, 6},
                  new double[] {9, 9, 9, 9, 9, 9})));

  private static PastSource.Window latest(long untilMillis, int count) {
    return TRACE.latest(Resource.CPU, Instant.ofEpochMilli(untilMillis), count);
  }

  @Test
  void theLatestMeasuredSamplesAtOrBeforeTheTimeAsked() {
    PastSource.Window w = latest(2_500_000, 3);
    assertThat(w.epochMillis()).containsExactly(1_300_000, 2_200_000, 2_500_000);
    assertThat(w.values()).containsExactly(2, 4, 5);
  }

  @Test
  void aTimeBetweenStepsReadsUpToTheStepBeforeIt() {
    PastSource.Window w = latest(2_499_999, 2);
    assertThat(w.values()).containsExactly(2, 4);
  }

  @Test
  void aShortHistoryGivesWhatThereIs() {
    assertThat(latest(1_600_000, 5).values()).containsExactly(1, 2);
    assertThat(latest(999_999, 5).size()).isZero();
    assertThat(latest(9_999_000, 100).values()).containsExactly(1, 2, 4, 5, 6);
    assertThat(latest(9_999_000, 0).size()).isZero();
  }
}
