package org.pae.core.forecast.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Series;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

class EnsemblePolicyTest {
  @Test
  void paesPolicyOnTheEnsembleNamesTheChosenModelAndAllocatesAtOneMinusTheRiskBudget() {
    ThresholdPolicy policy =
        new ThresholdPolicy(
            "pae",
            ForecasterRegistry.standard().factory("ensemble", Map.of()),
            ThresholdSettings.DEFAULTS.withRiskBudget(0.001));
    SeriesPolicy series = policy.open(Workload.of("vm-1", WorkloadKind.VM), Resource.MEMORY);
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    Duration step = Duration.ofMinutes(5);
    double[] y = Series.seasonal(51, 288 * 3, 288, 1000, 200, 10);
    Proposal last = null;
    for (int t = 0; t < y.length; t++) {
      Instant now = t0.plus(step.multipliedBy(t));
      series.observe(now, y[t]);
      last = series.propose(now, y[t], 5000, new Outlook(step));
    }
    assertThat(last.evidence()).isPresent();
    assertThat(last.evidence().get().model()).startsWith("ensemble/");
    assertThat(last.evidence().get().quantile()).isEqualTo(0.999);
    assertThat(last.evidence().get().predicted()).isGreaterThan(y[y.length - 1] - 200);
  }
}
