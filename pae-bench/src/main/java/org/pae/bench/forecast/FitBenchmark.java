package org.pae.bench.forecast;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pae.core.forecast.arima.Arima;
import org.pae.core.forecast.arima.ArimaModel;
import org.pae.core.forecast.arima.ArimaOrder;
import org.pae.core.forecast.ets.Ets;
import org.pae.core.forecast.ets.EtsKind;
import org.pae.core.forecast.period.Periodicity;

/** One fit on 2,000 points of a daily-cycle load at 5-minute steps. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FitBenchmark {
  private final double[] y = SyntheticLoad.series(7, 2000);

  @Benchmark
  public ArimaModel arima211() {
    return Arima.fit(y, new ArimaOrder(2, 1, 1, 0, 0));
  }

  @Benchmark
  public ArimaModel arimaAutoNonSeasonal() {
    return Arima.auto(y, 0, 2, 2);
  }

  @Benchmark
  public ArimaModel arimaAutoSeasonal() {
    return Arima.auto(y, SyntheticLoad.DAY, 2, 2);
  }

  @Benchmark
  public Ets.Fit etsDamped() {
    return Ets.fit(y, EtsKind.DAMPED, 0);
  }

  @Benchmark
  public Ets.Fit holtWintersAdditive() {
    return Ets.fit(y, EtsKind.ADDITIVE, SyntheticLoad.DAY);
  }

  @Benchmark
  public Ets.Fit etsAuto() {
    return Ets.auto(y, SyntheticLoad.DAY);
  }

  @Benchmark
  public boolean periodicity() {
    return Periodicity.isPeriodic(y, SyntheticLoad.DAY);
  }
}
