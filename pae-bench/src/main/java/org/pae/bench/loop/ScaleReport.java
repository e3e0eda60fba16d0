package org.pae.bench.loop;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.pae.core.allocate.Decision;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.past.PastSource;
import org.pae.core.settings.Settings;

/**
 * BENCHMARKS §3 "Scale": the loop of PAE's default engine over N workloads × 5 resources at steady
 * state — wall and CPU time per tick and heap per tracked series. The engine is assembled from the
 * defaults file by {@link Assembly}, as {@code pae run} assembles it (the configured allocation
 * policy, {@code choice}, on the configured model, the ensemble, with its calibration, in the
 * context calendar; the churn budgets of a host's cgroups), at the defaults' {@code loop.interval}.
 * It runs long enough for the refit schedule to come round at full windows: by default 2,592 ticks,
 * the ensemble's 2,016-sample history plus two daily refit cycles of 288 steps; the figures are
 * those of the last 288 ticks, one whole refit cycle (every series refits once in it, a seventh of
 * them a full fit). A report, not a JMH benchmark: one fleet size per run, so that heap figures are
 * not mixed.
 *
 * <p>Usage varies smoothly per series (a level, a 1-hour wave and ±10 % noise, the same in every
 * run). {@code past}: {@code memory} (each series keeps its refit window, as a replay and a host
 * without the store's raw samples do) or {@code store} (refits read their window from a source
 * outside the engine's heap, as {@code pae run} reads the history store by default; here the source
 * recomputes the samples, so it costs no store reads, which the daemon pays on top).
 *
 * <p>It prints a digest of every decision's allocation over the run: an optimisation of the engine
 * must leave it unchanged. Every 100 ticks it prints the CPU time a tick took over those 100 (on
 * standard error); every {@code report-every} ticks (a key=value of the report's own, default 288)
 * a line of the block's mean CPU and wall time per tick and the heap per series after GC then (the
 * GC outside the timed ticks), so that a fleet too large to run to steady state here can be
 * compared tick for tick with a smaller one that was.
 *
 * <p>Run: {@code java -Xmx… -cp pae-bench/target/benchmarks.jar org.pae.bench.loop.ScaleReport
 * [workloads] [ticks] [memory|store] [key=value …]} (defaults 2000, 2592, store; a key=value
 * overrides a setting, e.g. {@code allocate.policy=threshold forecast.model=ewma}).
 */
public final class ScaleReport {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int CYCLE = 288;
  private static final String BLOCK_KEY = "report-every";

  private ScaleReport() {}

  public static void main(String[] args) {
    int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 2016 + 2 * CYCLE;
    String past = args.length > 2 ? args[2] : "store";
    if (!past.equals("memory") && !past.equals("store")) {
      throw new IllegalArgumentException("past must be memory or store: " + past);
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("expected key=value: " + args[i]);
      }
      overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    String every = overrides.remove(BLOCK_KEY);
    int block = every == null ? CYCLE : Integer.parseInt(every);
    if (block < 1) {
      throw new IllegalArgumentException(BLOCK_KEY + " must be at least 1: " + block);
    }
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Settings settings = Settings.load(overrides, registry);
    Duration interval = settings.interval();
    Resource[] resources = Resource.values();
    List<Observation> obs = new ArrayList<>(workloads * resources.length);
    Map<SeriesKey, Integer> index = new HashMap<>();
    for (int i = 0; i < workloads; i++) {
      Workload w = Workload.of("w" + i, WorkloadKind.CONTAINER);
      for (Resource r : resources) {
        index.put(new SeriesKey(w.id(), r), obs.size());
        obs.add(Observation.of(w, r, usage(obs.size(), 0), 2 * usage(obs.size(), 0)));
      }
    }
    double[] allocated = new double[obs.size()];
    for (int i = 0; i < allocated.length; i++) {
      allocated[i] = obs.get(i).allocated();
    }
    PastSource source = (series, until, count) -> window(index.get(series), until, count, interval);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long before = usedAfterGc(memory);
    Assembly assembly = new Assembly(settings, registry);
    ForecasterFactory forecasting =
        assembly.forecasting(
            past.equals("store") ? Optional.of(source) : Optional.empty(), Optional.empty());
    ControlLoop loop =
        assembly.loop(
            assembly.policy("pae", forecasting, interval),
            assembly.steering(),
            interval,
            Settings.CGROUPS);
    int measured = Math.min(CYCLE, ticks);
    long[] wall = new long[measured];
    long cpu = 0;
    long cpuSinceReport = 0;
    long blockCpu = 0;
    long blockWall = 0;
    long digest = 0;
    long started = System.nanoTime();
    for (int s = 0; s < ticks; s++) {
      for (int i = 0; i < obs.size(); i++) {
        Observation o = obs.get(i);
        obs.set(i, Observation.of(o.workload(), o.resource(), usage(i, s), allocated[i]));
      }
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Plan plan = loop.step(START.plus(interval.multipliedBy(s)), obs);
      long t1 = System.nanoTime();
      long tickCpu = threads.getCurrentThreadCpuTime() - c0;
      cpuSinceReport += tickCpu;
      blockCpu += tickCpu;
      blockWall += t1 - t0;
      if (s >= ticks - measured) {
        wall[s - (ticks - measured)] = t1 - t0;
        cpu += tickCpu;
      }
      List<Decision> decisions = plan.decisions();
      if (decisions.size() != obs.size()) {
        throw new IllegalStateException("one decision per observation expected");
      }
      for (int i = 0; i < allocated.length; i++) {
        allocated[i] = decisions.get(i).allocation();
        digest = 31 * digest + Double.doubleToLongBits(allocated[i]);
      }
      if ((s + 1) % 100 == 0) {
        System.err.printf(
            Locale.ROOT,
            "ScaleReport: tick %d/%d, %.0f s, last tick %.1f ms, CPU %.1f ms a tick over the last"
                + " 100%n",
            s + 1,
            ticks,
            (System.nanoTime() - started) / 1e9,
            (t1 - t0) / 1e6,
            cpuSinceReport / 100 / 1e6);
        cpuSinceReport = 0;
      }
      if ((s + 1) % block == 0) {
        System.out.printf(
            Locale.ROOT,
            "block ticks=%d..%d tick_cpu_mean_ms=%.1f tick_mean_ms=%.1f heap_per_series_bytes=%.0f"
                + " load=%.1f%n",
            s + 1 - block,
            s,
            blockCpu / (double) block / 1e6,
            blockWall / (double) block / 1e6,
            (usedAfterGc(memory) - before) / (double) loop.tracked(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        blockCpu = 0;
        blockWall = 0;
      }
    }
    long after = usedAfterGc(memory);
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    long[] sorted = wall.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "workloads=%d series=%d allocation=%s model=%s past=%s ticks=%d measured=%d"
            + " tick_median_ms=%.1f tick_mean_ms=%.1f tick_p99_ms=%.1f tick_max_ms=%.1f"
            + " tick_cpu_mean_ms=%.1f heap_per_series_bytes=%.0f max_heap_mib=%d"
            + " load=%.1f..%.1f decisions_digest=%016x%n",
        workloads,
        loop.tracked(),
        settings.allocation(),
        settings.forecastModel(),
        past,
        ticks,
        measured,
        sorted[measured / 2] / 1e6,
        Arrays.stream(wall).average().orElse(0) / 1e6,
        sorted[Math.min(measured - 1, (int) Math.ceil(0.99 * measured) - 1)] / 1e6,
        sorted[measured - 1] / 1e6,
        cpu / (double) measured / 1e6,
        (after - before) / (double) loop.tracked(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadBefore,
        loadAfter,
        digest);
  }

  /** Series {@code i}'s usage at tick {@code tick}: a level, a 1-hour wave, ±10 % noise. */
  static double usage(int i, long tick) {
    double level = 100 + 100 * noise(i, -1);
    double wave = 1 + 0.3 * Math.sin(2 * Math.PI * (tick + i % 720) / 720.0);
    return level * wave * (0.9 + 0.2 * noise(i, tick));
  }

  /** The latest {@code count} samples of series {@code i} at or before {@code until}. */
  private static PastSource.Window window(int i, Instant until, int count, Duration interval) {
    long last = Duration.between(START, until).toMillis() / interval.toMillis();
    long first = Math.max(0, last - count + 1);
    int n = (int) Math.max(0, last - first + 1);
    long[] millis = new long[n];
    double[] values = new double[n];
    for (int k = 0; k < n; k++) {
      millis[k] = START.toEpochMilli() + (first + k) * interval.toMillis();
      values[k] = usage(i, first + k);
    }
    return new PastSource.Window(millis, values);
  }

  /** A uniform number in [0, 1) fixed by (series, tick): SplitMix64's finaliser. */
  private static double noise(long series, long tick) {
    long z = series * 0x9E3779B97F4A7C15L + tick * 0xD1B54A32D192ED03L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
