package org.pae.bench.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.anomaly.AnomalyRegistry;
import org.pae.core.anomaly.AnomalySettings;
import org.pae.core.anomaly.AnomalyWatch;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.EwmaForecaster;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/**
 * {@code ControlLoop.step} over a fleet of workloads × 5 resources with PAE's threshold policy on
 * the EWMA model: the cost of one tick. Usage follows a random walk so that decisions vary. With
 * {@code detector=surprise}, every sample is also scored by the anomaly watch of the defaults
 * file's {@code anomaly.*} on the same model: the cost detection adds to a step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ControlLoopBenchmark {
  @Param({"1000", "10000"})
  int workloads;

  @Param({"none", "surprise"})
  String detector;

  private ControlLoop loop;
  private List<Observation> observations;
  private final SplittableRandom random = new SplittableRandom(42);
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Setup(Level.Trial)
  public void setUp() {
    Map<Resource, LoopBounds> bounds = new java.util.EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      bounds.put(r, LoopBounds.DEFAULTS);
    }
    AnomalySettings anomaly =
        AnomalySettings.load(SettingsSource.of(Map.of("anomaly.detector", detector)));
    Optional<AnomalyWatch> watch =
        anomaly.enabled()
            ? Optional.of(
                new AnomalyWatch(
                    AnomalyRegistry.standard()
                        .factory(
                            anomaly.detector(),
                            anomaly.detectorParams(),
                            series -> new EwmaForecaster(0.3)),
                    anomaly))
            : Optional.empty();
    loop =
        new ControlLoop(
            new ThresholdPolicy(
                "pae", series -> new EwmaForecaster(0.3), ThresholdSettings.DEFAULTS),
            Steering.uniform(bounds, Map.of()),
            Duration.ofSeconds(5),
            Map.of(),
            watch);
    observations = new ArrayList<>(workloads * Resource.values().length);
    for (int i = 0; i < workloads; i++) {
      Workload w = Workload.of("w" + i, WorkloadKind.CONTAINER);
      for (Resource r : Resource.values()) {
        observations.add(Observation.of(w, r, 100, 200));
      }
    }
  }

  @Setup(Level.Invocation)
  public void nextSamples() {
    now = now.plusSeconds(5);
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      double u = Math.max(0, o.usage().getAsDouble() * (0.9 + 0.2 * random.nextDouble()));
      observations.set(i, Observation.of(o.workload(), o.resource(), u, 200));
    }
  }

  @Benchmark
  public Plan step() {
    return loop.step(now, observations);
  }
}
