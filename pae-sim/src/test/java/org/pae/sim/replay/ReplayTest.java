package org.pae.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.LastValueForecaster;
import org.pae.core.model.Resource;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

class ReplayTest {
  static final PolicyCatalog CATALOG = new PolicyCatalog(Map.of(), ForecasterRegistry.standard());

  static WorkloadTrace vm(String id, double[] cpu, double[] cpuProvisioned) {
    long[] t = new long[cpu.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = 1_000 + 300L * i;
    }
    return new WorkloadTrace(
        id, t, Map.of(Resource.CPU, WorkloadTrace.Series.recorded(Unit.MHZ, cpu, cpuProvisioned)));
  }

  static double[] constant(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  static Replay.Options options() {
    return Replay.Options.of(
            Duration.ofMinutes(5), EnumSet.allOf(Resource.class), s -> new LastValueForecaster())
        .keepingChanges(true);
  }

  @Test
  void detectionOnAUsualSeriesChangesNoAllocationAndTheVariantWatchesOnlyWhenAsked() {
    // three days of a daily cycle with a little noise, at 5-minute steps: nothing unusual
    Random random = new Random(5);
    int n = 3 * 288;
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = 1000 + 400 * Math.sin(2 * Math.PI * i / 288) + 10 * random.nextGaussian();
    }
    List<PolicyVariant> variants = CATALOG.parse("pae:anomaly.detector=none,surprise");
    WorkloadResult r = new Replay(variants, options()).replay(vm("a", u, constant(n, 4000)));
    assertThat(r.changes().get(1)).isEqualTo(r.changes().get(0)).isNotEmpty();
    assertThat(variants.get(0).anomalies().apply(null)).isEmpty();
  }

  @Test
  void perfectAllocatesTheNextStepsUsageFromTheRecordedStart() {
    double[] u = {1, 5, 2, 2, 8};
    Replay replay = new Replay(CATALOG.parse("perfect"), options());
    WorkloadResult r = replay.replay(vm("a", u, constant(5, 10)));
    // a = 10 (recorded, step 0), then exactly u from step 1 on: never short, 3 changes (2 = 2)
    Tally t = r.tallies().get(0).get(Resource.CPU);
    Figures f = Figures.of("perfect", Resource.CPU, t);
    assertThat(f.shortRate()).isZero();
    assertThat(f.footprint()).isEqualTo((10.0 + 5 + 2 + 2 + 8) / 50);
    assertThat(r.changes().get(0))
        .containsExactly(
            new Change("a", 1_300, Resource.CPU, 5),
            new Change("a", 1_600, Resource.CPU, 2),
            new Change("a", 2_200, Resource.CPU, 8));
  }

  @Test
  void aDecisionTakesEffectAfterTheActuationDelay() {
    double[] u = {1, 5, 2, 2, 8};
    Replay replay = new Replay(CATALOG.parse("perfect"), options().withActuationDelay(2));
    WorkloadResult r = replay.replay(vm("a", u, constant(5, 10)));
    // decided at t for t + 2: steps 0 and 1 keep the recorded 10; then 2, 2, 8
    assertThat(r.changes().get(0))
        .containsExactly(
            new Change("a", 1_600, Resource.CPU, 2), new Change("a", 2_200, Resource.CPU, 8));
  }

  @Test
  void provisionedReplaysTheRecordedAllocation() {
    double[] u = {1, 1, 1, 1};
    double[] p = {10, 10, 20, 20};
    WorkloadResult r = new Replay(CATALOG.parse("provisioned"), options()).replay(vm("a", u, p));
    assertThat(r.changes().get(0)).containsExactly(new Change("a", 1_600, Resource.CPU, 20));
    assertThat(Figures.of("p", Resource.CPU, r.tallies().get(0).get(Resource.CPU)).footprint())
        .isEqualTo(1.0);
  }

  @Test
  void reactiveResizesToUsageOverPointSixOutsideItsBand() {
    // a = 100: u = 50 is within [30, 80]: hold; u = 90 > 80: 150; u = 40 < 45: 66.67
    double[] u = {50, 90, 100, 40, 40};
    WorkloadResult r =
        new Replay(CATALOG.parse("reactive"), options()).replay(vm("a", u, constant(5, 100)));
    List<Change> c = r.changes().get(0);
    assertThat(c).hasSize(2);
    assertThat(c.get(0).time()).isEqualTo(1_600);
    assertThat(c.get(0).allocated()).isCloseTo(150, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(c.get(1).time()).isEqualTo(2_200);
    assertThat(c.get(1).allocated())
        .isCloseTo(40 / 0.6, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void resultsDoNotDependOnTheThreadCountAndMemoryIsDroppedPerWorkload() {
    Random rnd = new Random(42);
    List<WorkloadTrace> vms = new ArrayList<>();
    for (int v = 0; v < 12; v++) {
      double[] u = new double[400];
      for (int i = 0; i < u.length; i++) {
        u[i] = 50 + 40 * Math.sin(i / 20.0) + rnd.nextDouble() * 10;
      }
      vms.add(vm("vm" + v, u, constant(u.length, 200)));
    }
    List<PolicyVariant> all = CATALOG.parse("provisioned,reactive,vpa,autopilot,perfect,pae");
    Replay.Summary one = new Replay(all, options()).run(vms.stream(), r -> {}, (n, s) -> {});
    List<String> order = new ArrayList<>();
    Replay.Summary two =
        new Replay(all, options().withThreads(2))
            .run(vms.stream(), r -> order.add(r.workload()), (n, s) -> {});
    assertThat(two.figures()).isEqualTo(one.figures());
    assertThat(order).containsExactlyElementsOf(vms.stream().map(WorkloadTrace::id).toList());
    assertThat(one.workloads()).isEqualTo(12);
    assertThat(one.steps()).isEqualTo(12 * 400);
    assertThat(one.figures()).hasSize(6);
  }

  @Test
  void aFleetWidePolicyStepsEveryWorkloadInOneTimeOrderWithoutChangingTheOthers() {
    Random rnd = new Random(11);
    List<WorkloadTrace> vms = new ArrayList<>();
    for (int v = 0; v < 6; v++) {
      int n = 300 + 40 * v;
      double[] u = new double[n];
      long[] t = new long[n];
      for (int i = 0; i < n; i++) {
        u[i] = 50 + 40 * Math.sin(i / 15.0 + v) + rnd.nextDouble() * 10;
        // Workloads start at different times and sample at different offsets.
        t[i] = 1_000 + 7_000L * v + 13L * v + 300L * i;
      }
      vms.add(
          new WorkloadTrace(
              "vm" + v,
              t,
              Map.of(Resource.CPU, WorkloadTrace.Series.recorded(Unit.MHZ, u, constant(n, 200)))));
    }
    Map<String, String> ewma = Map.of("forecast.model", "ewma");
    PolicyCatalog catalog = new PolicyCatalog(ewma, ForecasterRegistry.standard());
    List<PolicyVariant> baselines = catalog.parse("provisioned,reactive,vpa,perfect");
    List<PolicyVariant> withPae = catalog.parse("provisioned,reactive,vpa,perfect,pae");
    Replay.Summary alone =
        new Replay(baselines, options()).run(vms.stream(), r -> {}, (n, s) -> {});
    List<String> order = new ArrayList<>();
    Replay.Summary fleet =
        new Replay(withPae, options().withThreads(2))
            .run(vms.stream(), r -> order.add(r.workload()), (n, s) -> {});
    assertThat(fleet.figures().subList(0, alone.figures().size())).isEqualTo(alone.figures());
    assertThat(order).containsExactlyElementsOf(vms.stream().map(WorkloadTrace::id).toList());
    Replay.Summary again = new Replay(withPae, options()).run(vms.stream(), r -> {}, (n, s) -> {});
    assertThat(again.figures()).isEqualTo(fleet.figures());
  }

  @Test
  void plotsKeepUsageBandAndEveryPolicysAllocation() {
    double[] u = IntStream.range(0, 50).mapToDouble(i -> 10 + i % 7).toArray();
    Replay replay =
        new Replay(CATALOG.parse("provisioned,perfect"), options().plotting(Set.of("a")));
    Trajectory t = replay.replay(vm("a", u, constant(50, 100))).trajectory().orElseThrow();
    assertThat(t.labels()).containsExactly("provisioned", "perfect");
    assertThat(t.allocation().get("perfect").get(Resource.CPU)[10]).isEqualTo(u[10]);
    assertThat(t.allocation().get("provisioned").get(Resource.CPU)).containsOnly(100);
    assertThat(t.bandLow().get(Resource.CPU)[0]).isNaN();
    assertThat(t.bandHigh().get(Resource.CPU)[10]).isEqualTo(u[9]);
    assertThat(replay.replay(vm("b", u, constant(50, 100))).trajectory()).isEmpty();
  }

  @Test
  void theRunStopsAtAFailingWorkloadWithItsMessage() {
    Replay replay = new Replay(CATALOG.parse("perfect"), options().withThreads(2));
    Stream<WorkloadTrace> broken =
        Stream.of(1, 2, 3)
            .map(
                i -> {
                  if (i == 2) {
                    throw new IllegalStateException("file 2 is broken");
                  }
                  return vm("v" + i, new double[] {1, 2}, new double[] {3, 3});
                });
    assertThatThrownBy(() -> replay.run(broken, r -> {}, (n, s) -> {}))
        .hasMessage("file 2 is broken");
    assertThatThrownBy(() -> new Replay(CATALOG.parse("vpa,vpa"), options()))
        .hasMessageContaining("two policies are labelled vpa");
  }
}
