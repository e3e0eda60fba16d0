package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

class BudgetFeedbackTest {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Outlook OUTLOOK = new Outlook(Duration.ofMinutes(5));

  private static double predictedAfter(boolean feedback, double usage, double allocated, int n) {
    SeriesPolicy s =
        new ThresholdPolicy(
                "pae",
                series -> new LastValueForecaster(),
                PolicyKeys.uniform(ThresholdSettings.DEFAULTS.withRiskBudget(0.01)),
                feedback)
            .open(Workload.of("vm-1", WorkloadKind.VM), Resource.MEMORY);
    Proposal p = null;
    for (int t = 0; t < n; t++) {
      s.observe(T0.plusSeconds(300L * t), 100);
      p = s.propose(T0.plusSeconds(300L * t), usage, allocated, OUTLOOK);
    }
    return p.evidence().orElseThrow().predicted();
  }

  @Test
  void shortfallsRaiseThePredictionAndAQuietSeriesLowersIt() {
    assertThat(predictedAfter(false, 150, 120, 10)).isEqualTo(100);
    // Ten shortfalls in a row: exp(10 × 0.05 × 0.99) ≈ 1.64.
    assertThat(predictedAfter(true, 150, 120, 10)).isBetween(163.0, 165.0);
    // 200 intervals without one at a 1 % budget: exp(−200 × 0.05 × 0.01) ≈ 0.905.
    assertThat(predictedAfter(true, 100, 500, 200)).isBetween(90.0, 91.0);
  }

  @Test
  void theMultiplierIsBounded() {
    assertThat(predictedAfter(true, 150, 120, 1000)).isLessThanOrEqualTo(100 * Math.exp(1.5));
  }
}
