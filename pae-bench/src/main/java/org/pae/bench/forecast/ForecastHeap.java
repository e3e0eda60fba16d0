package org.pae.bench.forecast;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * Heap per tracked series in steady state: 200 series of each model fed three days past a full
 * history, then the retained heap after a full GC, divided by the series count. Run: {@code java
 * -cp pae-bench/target/benchmarks.jar org.pae.bench.forecast.ForecastHeap [models...]}.
 */
public final class ForecastHeap {
  private ForecastHeap() {}

  public static void main(String[] args) throws InterruptedException {
    String[] models =
        args.length > 0
            ? args
            : new String[] {
              "ewma", "naive", "seasonal-naive", "arima", "ets", "holt-winters", "ensemble"
            };
    int n = 200;
    Duration step = Duration.ofMinutes(5);
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    double[] y = SyntheticLoad.series(3, 2016 + 3 * 288);
    for (String model : models) {
      var factory = ForecasterRegistry.standard().factory(model, Map.of());
      long before = used();
      Forecaster[] fs = new Forecaster[n];
      for (int s = 0; s < n; s++) {
        fs[s] = factory.create(new SeriesKey(new WorkloadId("vm-" + s), Resource.MEMORY));
        for (int t = 0; t < y.length; t++) {
          fs[s].observe(t0.plus(step.multipliedBy(t)), y[t]);
          if (t % 12 == 0) {
            fs[s].quantile(step, 0.999);
          }
        }
      }
      long after = used();
      System.out.printf("%s: %.0f bytes per series%n", model, (after - before) / (double) n);
      Reference.reachabilityFence(fs);
    }
  }

  private static long used() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
