package org.pae.bench.forecast;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.PastSource;
import org.pae.core.settings.Settings;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

/**
 * Heap per tracked series in steady state: 200 series of each model fed three days past a full
 * history, then the retained heap after a full GC, divided by the series count. Each model is
 * measured twice: keeping its refit history itself ({@code kept}), and reading it from a {@link
 * PastSource} at each refit ({@code read}). The source (one recorded series all 200 read, as a
 * replay's trace or the store) is allocated before the first measurement: it is not per-series
 * state. Run: {@code java -cp pae-bench/target/benchmarks.jar org.pae.bench.forecast.ForecastHeap
 * [--step=DURATION] [models...]}: samples 5 minutes apart unless {@code --step} says otherwise (the
 * live engine ticks every 5 s, where no daily season fits in a model's history), each series asked
 * one step ahead, as the loop asks.
 */
public final class ForecastHeap {
  private ForecastHeap() {}

  public static void main(String[] args) throws InterruptedException {
    Duration step = Duration.ofMinutes(5);
    if (args.length > 0 && args[0].startsWith("--step=")) {
      step = Settings.duration("--step", args[0].substring("--step=".length()));
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    String[] models =
        args.length > 0
            ? args
            : new String[] {
              "ewma",
              "naive",
              "seasonal-naive",
              "profile",
              "arima",
              "ets",
              "holt-winters",
              "ensemble"
            };
    int n = 200;
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    double[] y = SyntheticLoad.series(3, 2016 + 3 * 288);
    long[] seconds = new long[y.length];
    for (int t = 0; t < y.length; t++) {
      seconds[t] = t0.plus(step.multipliedBy(t)).getEpochSecond();
    }
    WorkloadTrace recorded =
        new WorkloadTrace(
            "recorded",
            seconds,
            Map.of(Resource.MEMORY, WorkloadTrace.Series.staticPeak(Unit.KB, y)));
    PastSource source = (series, until, count) -> recorded.latest(series.resource(), until, count);
    for (String model : models) {
      ForecasterFactory kept = ForecasterRegistry.standard().factory(model, Map.of());
      double keptBytes = perSeries(kept, n, seconds, y, step);
      double readBytes = perSeries(kept.reading(source), n, seconds, y, step);
      System.out.printf(
          "%s: %.0f bytes per series keeping its history, %.0f reading it from a source%n",
          model, keptBytes, readBytes);
    }
    Reference.reachabilityFence(recorded);
  }

  private static double perSeries(
      ForecasterFactory factory, int n, long[] seconds, double[] y, Duration step)
      throws InterruptedException {
    long before = used();
    Forecaster[] fs = new Forecaster[n];
    for (int s = 0; s < n; s++) {
      fs[s] = factory.create(new SeriesKey(new WorkloadId("vm-" + s), Resource.MEMORY));
      for (int t = 0; t < y.length; t++) {
        fs[s].observe(Instant.ofEpochSecond(seconds[t]), y[t]);
        if (t % 12 == 0) {
          fs[s].track(step, 0.999);
          fs[s].quantile(step, 0.999);
        }
      }
    }
    long after = used();
    Reference.reachabilityFence(fs);
    return (after - before) / (double) n;
  }

  private static long used() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
