package org.pae.bench.host;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pae.core.engine.Engine;

/**
 * One tick of the live engine over real cgroups of this host (root only): read memory, CPU and
 * block I/O of each, decide, write the resizes. Target: under 100 ms at 1,000 cgroups. Run: {@code
 * java -jar pae-bench/target/benchmarks.jar HostTickBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HostTickBenchmark {
  @Param({"1000"})
  int cgroups;

  private HostFleet fleet;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fleet = new HostFleet(cgroups);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fleet.close();
  }

  @Benchmark
  public Engine.Tick tick() {
    now = now.plus(Duration.ofSeconds(5));
    return fleet.engine.tick(now);
  }
}
