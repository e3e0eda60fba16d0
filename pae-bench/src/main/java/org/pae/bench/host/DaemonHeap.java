package org.pae.bench.host;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.pae.core.engine.Engine;
import org.pae.core.ports.HistoryStore;
import org.pae.store.JdbcHistoryStore;

/**
 * The live engine's own heap at 1,000 workloads (target: under 200 MB): the daemon's parts over
 * 1,000 real cgroups (root only) plus its DuckDB history, ticked {@code ticks} times; then the heap
 * in use after a full collection, and the time of a tick and of its history write. Run: {@code java
 * -cp pae-bench/target/benchmarks.jar org.pae.bench.host.DaemonHeap [workloads] [ticks]}.
 */
public final class DaemonHeap {
  private DaemonHeap() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = Files.createTempDirectory("pae-heap");
    HistoryStore.Retention retention =
        new HistoryStore.Retention(Duration.ofHours(6), Duration.ofMinutes(1), Duration.ofDays(28));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (HostFleet fleet = new HostFleet(n);
        JdbcHistoryStore store =
            JdbcHistoryStore.duckdb(dir.resolve("history.duckdb"), retention)) {
      Instant now = Instant.parse("2026-01-01T00:00:00Z");
      var threads = ManagementFactory.getThreadMXBean();
      long tickCpuNanos = 0;
      long tickNanos = 0;
      long recordNanos = 0;
      int series = 0;
      for (int i = 0; i < ticks; i++) {
        now = now.plus(Duration.ofSeconds(5));
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Engine.Tick tick = fleet.engine.tick(now);
        long t1 = System.nanoTime();
        long c1 = threads.getCurrentThreadCpuTime();
        store.record(tick.plan());
        long t2 = System.nanoTime();
        store.retain(now);
        if (i >= ticks / 2) {
          tickNanos += t1 - t0;
          tickCpuNanos += c1 - c0;
          recordNanos += t2 - t1;
        }
        series = tick.plan().decisions().size();
      }
      System.gc();
      Thread.sleep(200);
      System.gc();
      long heap = memory.getHeapMemoryUsage().getUsed();
      long rss = 0;
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = 1024 * Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
      int measured = ticks - ticks / 2;
      System.out.printf(
          Locale.ROOT,
          "%d workloads, %d series, %d ticks: heap in use after GC %.1f MB (process RSS %.1f MB,"
              + " DuckDB's native memory included); tick %.1f ms wall, %.1f ms CPU; history write %.1f ms (means over"
              + " the last %d ticks)%n",
          n,
          series,
          ticks,
          heap / 1e6,
          rss / 1e6,
          tickNanos / 1e6 / measured,
          tickCpuNanos / 1e6 / measured,
          recordNanos / 1e6 / measured,
          measured);
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
