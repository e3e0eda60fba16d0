package org.pae.bench.sim;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.replay.Replay;
import org.pae.sim.replay.WorkloadResult;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

/**
 * The replay's cost per policy: one VM-month (8,640 five-minute steps, CPU and memory) replayed
 * through the control loop. 400 VMs × 6 policies cost 400 × the sum of the six rows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReplayBenchmark {
  @Param({"provisioned", "reactive", "vpa", "autopilot", "perfect", "pae"})
  String policy;

  private Replay replay;
  private WorkloadTrace vm;

  @Setup
  public void setUp() {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    PolicyCatalog catalog = new PolicyCatalog(Map.of(), registry);
    replay =
        new Replay(
            catalog.parse(policy),
            Replay.Options.of(
                Duration.ofMinutes(5),
                EnumSet.of(Resource.CPU, Resource.MEMORY),
                catalog.assembly(Map.of()).forecasting(Optional.empty(), Optional.empty())));
    int n = 8_640;
    SplittableRandom random = new SplittableRandom(42);
    long[] t = new long[n];
    double[] cpu = new double[n];
    double[] memory = new double[n];
    double c = 200;
    double m = 1e6;
    for (int i = 0; i < n; i++) {
      t[i] = 1_372_629_804L + 300L * i;
      c = Math.max(1, c * Math.exp(random.nextGaussian() * 0.2));
      m = Math.max(1e4, m * Math.exp(random.nextGaussian() * 0.05));
      cpu[i] = c;
      memory[i] = m;
    }
    vm =
        new WorkloadTrace(
            "vm",
            t,
            Map.of(
                Resource.CPU,
                WorkloadTrace.Series.recorded(Unit.MHZ, cpu, filled(n, 5_000)),
                Resource.MEMORY,
                WorkloadTrace.Series.recorded(Unit.KB, memory, filled(n, 8e6))));
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Benchmark
  public WorkloadResult oneVmMonth() {
    return replay.replay(vm);
  }
}
