package org.pae.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Resource;

class SyntheticReaderTest {
  private static final int DAY = 288;

  private static List<WorkloadTrace> read(String spec) {
    Trace t = TraceFormat.open(spec, ParseIssues.strict());
    try (Stream<WorkloadTrace> s = t.workloads()) {
      return s.toList();
    }
  }

  @Test
  void nSeededWorkloadsOfFiveMinuteStepsWithARecordedAllocation() {
    Trace t = TraceFormat.open("synthetic:20:days=14", ParseIssues.strict());
    assertThat(t.expectedWorkloads()).contains(20);
    List<WorkloadTrace> all = read("synthetic:20:days=14");
    assertThat(all).hasSize(20);
    assertThat(all.get(0).id()).isEqualTo("syn-000");
    assertThat(all.get(19).id()).isEqualTo("syn-019");
    for (WorkloadTrace w : all) {
      assertThat(w.steps()).isEqualTo(14 * DAY);
      assertThat(w.times()[1] - w.times()[0]).isEqualTo(300);
      assertThat(w.resources()).containsExactlyInAnyOrder(Resource.CPU, Resource.MEMORY);
      for (Resource r : w.resources()) {
        WorkloadTrace.Series s = w.series(r);
        assertThat(s.recorded()).isTrue();
        for (int i = 0; i < w.steps(); i++) {
          assertThat(s.usage()[i]).isPositive().isLessThanOrEqualTo(s.allocation()[i]);
        }
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() {
    WorkloadTrace a = read("synthetic:2:seed=7:days=2").get(1);
    WorkloadTrace b = read("synthetic:5:seed=7:days=2").get(1);
    WorkloadTrace c = read("synthetic:2:seed=8:days=2").get(1);
    assertThat(b.series(Resource.CPU).usage()).isEqualTo(a.series(Resource.CPU).usage());
    assertThat(b.series(Resource.MEMORY).usage()).isEqualTo(a.series(Resource.MEMORY).usage());
    assertThat(c.series(Resource.CPU).usage()).isNotEqualTo(a.series(Resource.CPU).usage());
  }

  @Test
  void workloadsHaveDailyCyclesBurstsAndGrowth() {
    List<WorkloadTrace> all = read("synthetic:20:days=14");
    int cyclic = 0;
    int bursty = 0;
    int growing = 0;
    for (WorkloadTrace w : all) {
      double[] cpu = w.series(Resource.CPU).usage();
      if (correlation(cpu, DAY) > 0.5 && correlation(cpu, DAY) > correlation(cpu, DAY / 2) + 0.3) {
        cyclic++;
      }
      boolean burst = false;
      for (int i = DAY; i + DAY < cpu.length; i++) {
        burst |= cpu[i] > 2.5 * cpu[i - DAY] && cpu[i] > 2.5 * cpu[i + DAY];
      }
      bursty += burst ? 1 : 0;
      // the same weekday a week apart: the week's growth without the weekend's dip
      growing += mean(cpu, 7 * DAY, 8 * DAY) > 1.1 * mean(cpu, 0, DAY) ? 1 : 0;
    }
    assertThat(cyclic).as("workloads with a daily cycle").isGreaterThanOrEqualTo(15);
    assertThat(bursty).as("workloads with bursts").isGreaterThanOrEqualTo(14);
    assertThat(growing).as("workloads growing 10 % in a week").isBetween(4, 18);
  }

  @Test
  void aBadSpecSaysWhatASyntheticTraceTakes() {
    assertThatThrownBy(() -> TraceFormat.open("synthetic:many", ParseIssues.strict()))
        .hasMessage("synthetic:N[:seed=S][:days=D]: N is a whole number; got 'many'");
    assertThatThrownBy(() -> TraceFormat.open("synthetic:5:sed=1", ParseIssues.strict()))
        .hasMessage(
            "synthetic:N takes seed=S and days=D, e.g. synthetic:40:seed=7:days=14; got 'sed=1'");
    assertThatThrownBy(() -> TraceFormat.open("synthetic:0", ParseIssues.strict()))
        .hasMessage("synthetic:N takes N from 1 to 100000 workloads; got 0");
  }

  private static double mean(double[] x, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += x[i];
    }
    return s / (to - from);
  }

  private static double correlation(double[] x, int lag) {
    double m = mean(x, 0, x.length);
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      den += (x[i] - m) * (x[i] - m);
      if (i + lag < x.length) {
        num += (x[i] - m) * (x[i + lag] - m);
      }
    }
    return num / den;
  }
}
