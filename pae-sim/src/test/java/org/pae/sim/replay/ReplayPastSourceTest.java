package org.pae.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

/** The replay's trace as the forecasters' {@link org.pae.core.ports.past.PastSource}. */
class ReplayPastSourceTest {
  /**
   * Two days and a half of a daily cycle in whole numbers, each 32-step block of the forecaster's
   * grid spanning exactly 65,535 (so its kept history holds it without loss), with gaps in the
   * trace's clock (the grid fills them with the value before, which the series repeats there) and
   * unmeasured samples.
   */
  private static WorkloadTrace lossless(long seed) {
    int n = 288 * 5 / 2;
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] grid = new double[n];
    boolean[] gap = new boolean[n];
    for (int t = 0; t < n; t++) {
      grid[t] =
          Math.rint(300_000 + 60_000 * Math.sin(2 * Math.PI * t / 288) + rnd.nextInt(-900, 900));
    }
    for (int t = 50; t < n; t += 61) {
      if (t % 32 != 7) {
        grid[t] = grid[t - 1];
        gap[t] = true;
      }
    }
    for (int start = 0; start + 32 <= n; start += 32) {
      double lo = Double.POSITIVE_INFINITY;
      for (int t = start; t < start + 32; t++) {
        if (t % 32 != 7) {
          lo = Math.min(lo, grid[t]);
        }
      }
      grid[start + 7] = lo + 65_535;
    }
    List<Long> times = new ArrayList<>();
    List<Double> usage = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      if (gap[t] && t % 2 == 0) {
        continue; // the trace has no row: a gap in its clock
      }
      times.add(1_000 + 300L * t);
      usage.add(gap[t] ? Double.NaN : grid[t]); // a row without a measurement
    }
    long[] ts = times.stream().mapToLong(Long::longValue).toArray();
    double[] u = usage.stream().mapToDouble(Double::doubleValue).toArray();
    double[] provisioned = new double[u.length];
    Arrays.fill(provisioned, 1e6);
    return new WorkloadTrace(
        "lossless",
        ts,
        Map.of(Resource.MEMORY, WorkloadTrace.Series.recorded(Unit.KB, u, provisioned)));
  }

  /**
   * Resizes whenever the forecast leaves [0.95, 1] of the allocation: many decisions to compare.
   */
  private static final ThresholdSettings TRACKING = new ThresholdSettings(1, 0.95, 0, 0.01);

  @Test
  void forecastersReadingTheTraceDecideAsThoseKeepingTheirHistory() {
    ForecasterFactory ensemble = ForecasterRegistry.standard().factory("ensemble", Map.of());
    List<PolicyVariant> variants =
        List.of(
            PolicyVariant.uniform(
                "kept",
                view -> new ThresholdPolicy("kept", ensemble, TRACKING),
                PolicyCatalog.EMULATED),
            PolicyVariant.uniform(
                "read",
                view -> new ThresholdPolicy("read", ensemble.reading(view), TRACKING),
                PolicyCatalog.EMULATED));
    WorkloadResult r = new Replay(variants, ReplayTest.options()).replay(lossless(3));
    assertThat(r.changes().get(0)).hasSizeGreaterThan(100);
    assertThat(r.changes().get(1)).containsExactlyElementsOf(r.changes().get(0));
  }
}
