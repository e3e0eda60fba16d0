package org.pae.bench.loop;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.pae.core.allocate.PolicySettings;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/**
 * BENCHMARKS §3 "Scale": one step of the loop over N workloads × 5 resources — wall time per step
 * and heap per tracked series in steady state. A report, not a JMH benchmark: it measures one fleet
 * size per run so that heap figures are not mixed.
 *
 * <p>Run: {@code java -cp pae-bench/target/benchmarks.jar org.pae.bench.loop.ScaleReport
 * [workloads] [steps] [model]} (defaults 100000, 20, ewma).
 */
public final class ScaleReport {
  private ScaleReport() {}

  public static void main(String[] args) {
    int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    String model = args.length > 2 ? args[2] : "ewma";
    Map<Resource, PolicySettings> settings = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      settings.put(r, PolicySettings.DEFAULTS);
    }
    ForecasterRegistry registry = ForecasterRegistry.standard();
    SplittableRandom random = new SplittableRandom(42);
    List<Observation> obs = new ArrayList<>(workloads * Resource.values().length);
    for (int i = 0; i < workloads; i++) {
      Workload w = Workload.of("w" + i, WorkloadKind.CONTAINER);
      for (Resource r : Resource.values()) {
        obs.add(Observation.of(w, r, 100 + random.nextDouble(100), 200));
      }
    }
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    ControlLoop loop =
        new ControlLoop(
            new ThresholdPolicy("pae", registry.factory(model, Map.of())),
            Steering.uniform(settings, Map.of()),
            Duration.ofSeconds(5));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    long[] nanos = new long[steps];
    for (int s = 0; s < steps; s++) {
      for (int i = 0; i < obs.size(); i++) {
        Observation o = obs.get(i);
        double u = o.usage().getAsDouble() * (0.9 + 0.2 * random.nextDouble());
        obs.set(i, Observation.of(o.workload(), o.resource(), u, 200));
      }
      long t0 = System.nanoTime();
      Plan plan = loop.step(now, obs);
      nanos[s] = System.nanoTime() - t0;
      if (plan.decisions().size() != obs.size()) {
        throw new IllegalStateException("one decision per observation expected");
      }
      now = now.plusSeconds(5);
    }
    long after = usedAfterGc(memory);
    java.util.Arrays.sort(nanos);
    double perSeries = (after - before) / (double) loop.tracked();
    System.out.printf(
        Locale.ROOT,
        "workloads=%d series=%d model=%s steps=%d step_median_ms=%.1f step_max_ms=%.1f"
            + " heap_per_series_bytes=%.0f%n",
        workloads,
        loop.tracked(),
        model,
        steps,
        nanos[steps / 2] / 1e6,
        nanos[steps - 1] / 1e6,
        perSeries);
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
