package org.pae.sim.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.sim.replay.TraceView;
import org.pae.sim.trace.Unit;

class HistogramPolicyTest {
  /** A trace view that only knows units: MHz for CPU, KB for memory (as Bitbrains). */
  static final TraceView UNITS =
      new TraceView() {
        @Override
        public double usageWhenEffective(WorkloadId w, Resource r) {
          return Double.NaN;
        }

        @Override
        public double allocationWhenEffective(WorkloadId w, Resource r) {
          return Double.NaN;
        }

        @Override
        public Unit unit(WorkloadId w, Resource r) {
          return r == Resource.MEMORY ? Unit.KB : Unit.MHZ;
        }
      };

  static final Outlook OUTLOOK = new Outlook(Duration.ofMinutes(5), PolicyCatalog.EMULATED);

  static SeriesPolicy open(HistogramPolicy.Config c, Resource r) {
    return new HistogramPolicy(c, UNITS).open(Workload.of("vm", WorkloadKind.VM), r);
  }

  static Proposal feed(SeriesPolicy s, long second, double usage, double allocated) {
    Instant t = Instant.ofEpochSecond(second);
    s.observe(t, usage);
    return s.propose(t, usage, allocated, OUTLOOK);
  }

  @Test
  void vpaCpuIsP90EndOfBucketPlusFifteenPercentRecomputedHourly() {
    SeriesPolicy s = open(HistogramPolicy.VPA, Resource.CPU);
    // one sample of 15 MHz: P90 = end of [10, 20.5) = 20.5; × 1.15
    Proposal first = feed(s, 0, 15, 1000);
    assertThat(first.rule()).isEqualTo(Rule.RECOMPUTED);
    assertThat(first.target().getAsDouble()).isCloseTo(20.5 * 1.15, within(1e-9));
    // within the hour: hold whatever the usage
    for (int i = 1; i < 12; i++) {
      assertThat(feed(s, 300L * i, 500, 23.575).rule()).isEqualTo(Rule.POLICY_HOLD);
    }
    // an hour later it recomputes: 11 of 13 samples at 500
    Proposal later = feed(s, 3600, 500, 23.575);
    assertThat(later.rule()).isEqualTo(Rule.RECOMPUTED);
    assertThat(later.target().getAsDouble()).isGreaterThan(500 * 1.15);
  }

  @Test
  void appliedOnlyWhenItMovesTheAllocationByMoreThanTenPercent() {
    SeriesPolicy s = open(HistogramPolicy.VPA, Resource.CPU);
    double target = 20.5 * 1.15;
    assertThat(feed(s, 0, 15, target * 1.099).target()).isEmpty();
    SeriesPolicy t = open(HistogramPolicy.VPA, Resource.CPU);
    assertThat(feed(t, 0, 15, target * 1.12).target()).isPresent();
  }

  @Test
  void vpaMemoryUsesOnePeakPerDayOverTheLastEightDays() {
    SeriesPolicy s = open(HistogramPolicy.VPA, Resource.MEMORY);
    long day = 86_400;
    // day 0: a peak of 1e6 KB at noon among small samples; days 1..8: at most 2e4 KB
    feed(s, 0, 1e4, 1e9);
    feed(s, day / 2, 1e6, 1e9);
    for (int d = 1; d <= 8; d++) {
      feed(s, d * day, 2e4, 1e9);
    }
    // nine windows seen: day 0's peak has left the last eight, so P90 sits near 2e4, not 1e6
    Proposal p = feed(s, 8 * day + 3600, 2e4, 1e9);
    assertThat(p.target().getAsDouble()).isBetween(2e4 * 1.15, 2e4 * 1.05 * 1.15 * 1.01);
    // with every sample instead of peaks (autopilot style), small samples would dominate too
    SeriesPolicy all = open(HistogramPolicy.AUTOPILOT, Resource.MEMORY);
    assertThat(feed(all, 0, 1e6, 1e9).target().getAsDouble()).isGreaterThan(1e6 * 1.1);
  }

  @Test
  void autopilotUsesP95ForCpuAndP98ForMemoryWithTenPercent() {
    SeriesPolicy cpu = open(HistogramPolicy.AUTOPILOT, Resource.CPU);
    for (int i = 0; i < 95; i++) {
      cpu.observe(Instant.ofEpochSecond(i), 1);
    }
    for (int i = 95; i < 100; i++) {
      cpu.observe(Instant.ofEpochSecond(i), 15);
    }
    // equal weights (seconds apart, half-life 12 h): ~95 % in bucket 0 → P95 ≈ end of bucket 0
    Proposal p = cpu.propose(Instant.ofEpochSecond(100), 15, 1e6, OUTLOOK);
    assertThat(p.target().getAsDouble()).isCloseTo(20.5 * 1.1, within(1e-9));
    assertThat(p.evidence().orElseThrow().quantile()).isEqualTo(0.95);
    SeriesPolicy mem = open(HistogramPolicy.AUTOPILOT, Resource.MEMORY);
    assertThat(feed(mem, 0, 1e5, 1e9).evidence().orElseThrow().quantile()).isEqualTo(0.98);
  }
}
