package org.pae.bench.vm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.settings.Settings;
import org.pae.prometheus.PrometheusClient;
import org.pae.prometheus.PrometheusSettings;
import org.pae.prometheus.PrometheusSource;

/**
 * The backfill of issue 18: {@code N} series × {@code D} days read from a real Prometheus with
 * {@code query_range} and replayed into a loop with PAE's default engine, timed.
 *
 * <pre>
 * java -cp pae-bench/target/benchmarks.jar org.pae.bench.vm.BackfillBenchmark write FILE [series] [days] [step-seconds]
 * java -cp pae-bench/target/benchmarks.jar org.pae.bench.vm.BackfillBenchmark run URL [days] [step-seconds] [replayed-series]
 * </pre>
 *
 * {@code write} makes the OpenMetrics file that {@code promtool tsdb create-blocks-from
 * openmetrics} turns into blocks (seeded: series {@code w0000} ... with a daily cycle and noise,
 * ending at the last whole hour); {@code tools/backfill-bench.sh} does that, starts a Prometheus on
 * those blocks and runs {@code run}, which prints the wall and CPU time of the range queries over
 * every series (the samples read, the heap they hold, the machine's load average), then of a
 * backfill of the first {@code replayed-series} (20) into PAE's default engine, whose model fits
 * cost far more than the read.
 */
public final class BackfillBenchmark {
  private static final String METRIC = "pae_bench_memory_bytes";

  private BackfillBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("write")) {
      int series = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
      int days = args.length > 3 ? Integer.parseInt(args[3]) : 7;
      int step = args.length > 4 ? Integer.parseInt(args[4]) : 60;
      write(Path.of(args[1]), series, days, step);
    } else if (args.length >= 2 && args[0].equals("run")) {
      int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
      int step = args.length > 3 ? Integer.parseInt(args[3]) : 60;
      int replay = args.length > 4 ? Integer.parseInt(args[4]) : 20;
      run(args[1], Duration.ofDays(days), Duration.ofSeconds(step), replay);
    } else {
      System.err.println(
          "usage: BackfillBenchmark write FILE [series] [days] [step-seconds]"
              + " | run URL [days] [step-seconds] [replayed-series]");
      System.exit(2);
    }
  }

  /** The last whole hour: the data's end and the backfill's {@code now}. */
  static Instant end() {
    long now = Instant.now().getEpochSecond();
    return Instant.ofEpochSecond(now - now % 3600);
  }

  private static void write(Path file, int series, int days, int step) throws IOException {
    Instant end = end();
    long points = Duration.ofDays(days).toSeconds() / step;
    Random random = new Random(42);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("# TYPE " + METRIC + " gauge\n");
      for (int s = 0; s < series; s++) {
        String labels = String.format(Locale.ROOT, "{instance=\"w%04d\"}", s);
        double base = (64 + random.nextInt(4096)) * 1024.0 * 1024.0;
        double phase = random.nextDouble() * 2 * Math.PI;
        for (long i = points; i > 0; i--) {
          long t = end.getEpochSecond() - i * step;
          double day = 1 + 0.3 * Math.sin(2 * Math.PI * t / 86_400.0 + phase);
          double v = Math.round(base * day * (0.97 + 0.06 * random.nextDouble()));
          w.write(METRIC + labels + " " + (long) v + " " + t + "\n");
        }
      }
      w.write("# EOF\n");
    }
    System.out.printf(
        Locale.ROOT,
        "wrote %s: %d series x %d points (%d days every %ds), ending %s%n",
        file,
        series,
        points,
        days,
        step,
        end);
  }

  private static void run(String url, Duration span, Duration step, int replaySeries)
      throws Exception {
    Instant now = end();
    var thread = ManagementFactory.getThreadMXBean();
    System.out.printf(
        Locale.ROOT,
        "load average %.1f, %d processors%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());

    PrometheusSource all = source(url, METRIC, step);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long wall0 = System.nanoTime();
    long cpu0 = thread.getCurrentThreadCpuTime();
    long process0 = os.getProcessCpuTime();
    Map<Resource, Map<Workload, TreeMap<Long, Double>>> range =
        all.range(now.minus(span), now, step);
    long fetchWall = System.nanoTime() - wall0;
    long fetchCpu = thread.getCurrentThreadCpuTime() - cpu0;
    long fetchProcess = os.getProcessCpuTime() - process0;
    long samples = 0;
    int series = 0;
    for (var byWorkload : range.values()) {
      series += byWorkload.size();
      for (var values : byWorkload.values()) {
        samples += values.size();
      }
    }
    Runtime rt = Runtime.getRuntime();
    long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
    range = null;
    System.out.printf(
        Locale.ROOT,
        "range queries: %d series x %s every %ss, %d samples: %.1f s wall, %.1f s CPU parsing"
            + " (this thread), %.1f s CPU in this JVM (GC and the HTTP client included), heap %d"
            + " MiB held, load average %.1f%n",
        series,
        span,
        step.toSeconds(),
        samples,
        fetchWall / 1e9,
        fetchCpu / 1e9,
        fetchProcess / 1e9,
        heap,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // The replay into PAE's default engine, on the first replaySeries series only: it fits the
    // forecasters' models as the samples arrive and costs far more than the read.
    String some = METRIC + "{instance=~\"w(" + ids(replaySeries) + ")\"}";
    PrometheusSource subset = source(url, some, step);
    Assembly assembly = assembly(url, METRIC, step);
    ControlLoop loop =
        assembly.loop(
            assembly.policy("pae", assembly.forecasting(Optional.empty(), Optional.empty()), step),
            assembly.steering(),
            step,
            Settings.CGROUPS);
    long wall1 = System.nanoTime();
    long cpu1 = thread.getCurrentThreadCpuTime();
    long replayed = subset.backfill(loop, now, span, step);
    long wall = System.nanoTime() - wall1;
    long cpu = thread.getCurrentThreadCpuTime() - cpu1;
    System.out.printf(
        Locale.ROOT,
        "backfill (queries and replay) of %d series into the default engine (%s, %s): %d samples,"
            + " %.1f s wall, %.1f s CPU: %.2f s CPU a series, load average %.1f at the end%n",
        replaySeries,
        assembly.parts().allocation(),
        assembly.parts().forecasting(),
        replayed,
        wall / 1e9,
        cpu / 1e9,
        cpu / 1e9 / replaySeries,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** {@code 0000|0001|...} for the first {@code n} series. */
  private static String ids(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : "|").append(String.format(Locale.ROOT, "%04d", i));
    }
    return b.toString();
  }

  private static Assembly assembly(String url, String query, Duration step) {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    return new Assembly(Settings.load(settings(url, query, step), registry), registry);
  }

  private static SettingsSource settings(String url, String query, Duration step) {
    Map<String, String> o = new TreeMap<>();
    o.put("prometheus.url", url);
    o.put("prometheus.workload-labels", "instance");
    o.put("prometheus.query.memory", query);
    o.put("prometheus.timeout", "600s");
    o.put("loop.interval", step.toSeconds() + "s");
    return SettingsSource.of(o);
  }

  private static PrometheusSource source(String url, String query, Duration step) {
    PrometheusSettings s = PrometheusSettings.from(settings(url, query, step));
    return new PrometheusSource(
        new PrometheusClient(URI.create(url), s.timeout()), s, System.err::println);
  }
}
