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
import org.pae.core.model.SeriesKey;
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
        public Duration step() {
          return Duration.ofMinutes(5);
        }

        @Override
        public Unit unit(WorkloadId w, Resource r) {
          return r == Resource.MEMORY ? Unit.KB : Unit.MHZ;
        }

        @Override
        public Window latest(SeriesKey series, Instant until, int count) {
          return new Window(new long[0], new double[0]);
        }
      };

  static final Outlook OUTLOOK = new Outlook(Duration.ofMinutes(5));
  static final double END_OF_10_2 = 10.5; // 10.2 MHz lies in [10, 10.5)

  static SeriesPolicy open(HistogramPolicy.Config c, Resource r) {
    return new HistogramPolicy(c, UNITS).open(Workload.of("vm", WorkloadKind.VM), r);
  }

  static Proposal feed(SeriesPolicy s, long second, double usage, double allocated) {
    Instant t = Instant.ofEpochSecond(second);
    s.observe(t, usage);
    return s.propose(t, usage, allocated, OUTLOOK);
  }

  @Test
  void vpaCpuIsP90EndOfBucketPlusFifteenPercentFirstAfterAnHourThenHourly() {
    SeriesPolicy s = open(HistogramPolicy.VPA, Resource.CPU);
    // the first hour keeps the recorded allocation
    for (int i = 0; i < 12; i++) {
      assertThat(feed(s, 300L * i, 10.2, 1000).rule()).isEqualTo(Rule.POLICY_HOLD);
    }
    Proposal first = feed(s, 3600, 10.2, 1000);
    assertThat(first.rule()).isEqualTo(Rule.RECOMPUTED);
    assertThat(first.target().getAsDouble()).isCloseTo(END_OF_10_2 * 1.15, within(1e-9));
    // within the next hour: hold whatever the usage
    for (int i = 13; i < 24; i++) {
      assertThat(feed(s, 300L * i, 500, 12).rule()).isEqualTo(Rule.POLICY_HOLD);
    }
    // an hour later it recomputes: 11 of 25 samples at 500 lie above P90's share
    Proposal later = feed(s, 7200, 500, 12);
    assertThat(later.rule()).isEqualTo(Rule.RECOMPUTED);
    assertThat(later.target().getAsDouble()).isGreaterThan(500 * 1.15);
  }

  @Test
  void appliedOnlyWhenItMovesTheAllocationByMoreThanTenPercent() {
    double target = END_OF_10_2 * 1.15;
    SeriesPolicy s = open(HistogramPolicy.VPA, Resource.CPU);
    feed(s, 0, 10.2, target * 1.099);
    assertThat(feed(s, 3600, 10.2, target * 1.099).target()).isEmpty();
    SeriesPolicy t = open(HistogramPolicy.VPA, Resource.CPU);
    feed(t, 0, 10.2, target * 1.12);
    assertThat(feed(t, 3600, 10.2, target * 1.12).target()).isPresent();
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
    assertThat(p.target().getAsDouble()).isBetween(2e4 * 1.15, 2e4 * 1.05 * 1.15);
    // autopilot feeds every sample: its P98 of one day with a 1e6 peak among 1e4s
    SeriesPolicy all = open(HistogramPolicy.AUTOPILOT, Resource.MEMORY);
    feed(all, 0, 1e6, 1e9);
    assertThat(feed(all, 3600, 1e6, 1e9).target().getAsDouble()).isGreaterThan(1e6 * 1.1);
  }

  @Test
  void autopilotUsesP95ForCpuAndP98ForMemoryWithTenPercent() {
    SeriesPolicy cpu = open(HistogramPolicy.AUTOPILOT, Resource.CPU);
    cpu.propose(Instant.ofEpochSecond(0), 1, 1e6, OUTLOOK);
    for (int i = 0; i < 95; i++) {
      cpu.observe(Instant.ofEpochSecond(i), 1);
    }
    for (int i = 95; i < 100; i++) {
      cpu.observe(Instant.ofEpochSecond(i), 10.2);
    }
    // near-equal weights (seconds apart, half-life 12 h): ~95 % in bucket 0, the rest in bucket 1
    Proposal p = cpu.propose(Instant.ofEpochSecond(3600), 10.2, 1e6, OUTLOOK);
    assertThat(p.target().getAsDouble()).isCloseTo(END_OF_10_2 * 1.1, within(1e-9));
    assertThat(p.evidence().orElseThrow().quantile()).isEqualTo(0.95);
    SeriesPolicy mem = open(HistogramPolicy.AUTOPILOT, Resource.MEMORY);
    feed(mem, 0, 1e5, 1e9);
    assertThat(feed(mem, 3600, 1e5, 1e9).evidence().orElseThrow().quantile()).isEqualTo(0.98);
  }
}
