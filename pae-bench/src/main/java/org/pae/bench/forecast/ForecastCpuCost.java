package org.pae.bench.forecast;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
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
 * Cost per update + forecast in thread CPU time, which a loaded machine does not inflate the way it
 * inflates JMH's wall-clock figures: 64 series per model fitted on a week of 5-minute samples, then
 * a further week; each single operation is timed. Prints the median (the O(1) update between
 * refits), the 99th percentile, and the mean (refits included, amortised), for each model keeping
 * its refit history and reading it from a {@link PastSource} (the series held in memory, as a
 * replay holds its trace; the read is timed with the refit). Run: {@code java -cp
 * pae-bench/target/benchmarks.jar org.pae.bench.forecast.ForecastCpuCost [--step=DURATION]
 * [models...]}: samples 5 minutes apart unless {@code --step} says otherwise (the live engine ticks
 * every 5 s, where no daily season fits in a model's history).
 */
public final class ForecastCpuCost {
  private ForecastCpuCost() {}

  public static void main(String[] args) {
    Duration step = Duration.ofMinutes(5);
    if (args.length > 0 && args[0].startsWith("--step=")) {
      step = Settings.duration("--step", args[0].substring("--step=".length()));
      args = Arrays.copyOfRange(args, 1, args.length);
    }
    String[] models =
        args.length > 0
            ? args
            : new String[] {"naive", "seasonal-naive", "arima", "ets", "holt-winters", "ensemble"};
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    int series = 64;
    int warm = 2016;
    int measured = 2016;
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    long overhead = timerOverhead(bean);
    double[][] ys = new double[series][];
    long[] seconds = new long[warm + measured];
    for (int t = 0; t < seconds.length; t++) {
      seconds[t] = t0.plus(step.multipliedBy(t)).getEpochSecond();
    }
    Map<WorkloadId, WorkloadTrace> recorded = new HashMap<>();
    for (int s = 0; s < series; s++) {
      ys[s] = SyntheticLoad.series(s, warm + measured);
      recorded.put(
          new WorkloadId("vm-" + s),
          new WorkloadTrace(
              "vm-" + s,
              seconds,
              Map.of(Resource.MEMORY, WorkloadTrace.Series.staticPeak(Unit.KB, ys[s]))));
    }
    PastSource source =
        (key, until, count) -> recorded.get(key.workload()).latest(key.resource(), until, count);
    for (String model : models) {
      var kept = ForecasterRegistry.standard().factory(model, Map.of());
      measure(model + " (kept)", kept, ys, step, bean, overhead);
      measure(model + " (read)", kept.reading(source), ys, step, bean, overhead);
    }
  }

  private static void measure(
      String model,
      ForecasterFactory factory,
      double[][] ys,
      Duration step,
      ThreadMXBean bean,
      long overhead) {
    int series = ys.length;
    int warm = 2016;
    int measured = ys[0].length - warm;
    Instant t0 = Instant.parse("2026-01-05T00:00:00Z");
    Forecaster[] fs = new Forecaster[series];
    for (int s = 0; s < series; s++) {
      fs[s] = factory.create(new SeriesKey(new WorkloadId("vm-" + s), Resource.MEMORY));
      for (int t = 0; t < warm; t++) {
        fs[s].observe(t0.plus(step.multipliedBy(t)), ys[s][t]);
        fs[s].track(step, 0.999);
        fs[s].quantile(step, 0.999);
      }
    }
    long[] cost = new long[series * measured];
    int k = 0;
    double sink = 0;
    for (int t = warm; t < warm + measured; t++) {
      Instant now = t0.plus(step.multipliedBy(t));
      for (int s = 0; s < series; s++) {
        long c0 = bean.getCurrentThreadCpuTime();
        fs[s].observe(now, ys[s][t]);
        fs[s].track(step, 0.999);
        sink += fs[s].quantile(step, 0.999);
        cost[k++] = Math.max(0, bean.getCurrentThreadCpuTime() - c0 - overhead);
      }
    }
    double mean = Arrays.stream(cost).average().orElse(Double.NaN);
    Arrays.sort(cost);
    System.out.printf(
        "%s: update+forecast CPU median %d ns, p99 %d ns, mean with refits %.0f ns (%s)%n",
        model,
        cost[cost.length / 2],
        cost[(int) (cost.length * 0.99)],
        mean,
        sink > 0 ? "ok" : "no forecast");
  }

  private static long timerOverhead(ThreadMXBean bean) {
    long[] d = new long[10_000];
    for (int i = 0; i < d.length; i++) {
      long c0 = bean.getCurrentThreadCpuTime();
      d[i] = bean.getCurrentThreadCpuTime() - c0;
    }
    Arrays.sort(d);
    return d[d.length / 2];
  }
}
