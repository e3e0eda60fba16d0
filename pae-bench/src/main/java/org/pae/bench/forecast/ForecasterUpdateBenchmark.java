package org.pae.bench.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * One series' cost per tick: take a sample and answer the policy's quantile (0.999 one step ahead),
 * over 256 series each fitted on a week of 5-minute samples. Periodic refits happen inside the
 * measured loop at their real rate (one per model per series per day of samples), so the figure is
 * the amortised steady-state cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForecasterUpdateBenchmark {
  static final int SERIES = 256;
  static final int WARM = 2016;
  static final int SAMPLES = 2016 * 4;
  static final Duration STEP = Duration.ofMinutes(5);

  @Param({"naive", "seasonal-naive", "arima", "ets", "holt-winters", "ensemble"})
  String model;

  private Forecaster[] forecasters;
  private double[][] values;
  private final Instant start = Instant.parse("2026-01-05T00:00:00Z");
  private int next;
  private int series;

  @Setup(Level.Trial)
  public void setUp() {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    forecasters = new Forecaster[SERIES];
    values = new double[SERIES][];
    for (int s = 0; s < SERIES; s++) {
      values[s] = SyntheticLoad.series(s, SAMPLES);
      forecasters[s] =
          registry
              .factory(model, Map.of())
              .create(new SeriesKey(new WorkloadId("vm-" + s), Resource.MEMORY));
      for (int t = 0; t < WARM; t++) {
        forecasters[s].observe(start.plus(STEP.multipliedBy(t)), values[s][t]);
        forecasters[s].track(STEP, 0.999);
        forecasters[s].quantile(STEP, 0.999);
      }
    }
    next = WARM;
  }

  @Benchmark
  public double updateAndForecast() {
    Forecaster f = forecasters[series];
    f.observe(start.plus(STEP.multipliedBy(next)), values[series][next % SAMPLES]);
    f.track(STEP, 0.999);
    double q = f.quantile(STEP, 0.999);
    if (++series == SERIES) {
      series = 0;
      next++;
    }
    return q;
  }
}
