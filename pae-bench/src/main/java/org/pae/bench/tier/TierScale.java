package org.pae.bench.tier;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pae.core.tier.Capacities;
import org.pae.core.tier.PaeTierPolicy;
import org.pae.core.tier.TierCosts;
import org.pae.core.tier.TierSetup;
import org.pae.sim.tier.BlockTrace;
import org.pae.sim.tier.TierFigures;
import org.pae.sim.tier.TierSim;

/**
 * Issue 19's scale targets for PAE's tiering policy: requests per second on one core in {@code
 * tier-sim} (the simulating thread's CPU time, so that a loaded machine does not hide the rate),
 * and the policy's heap as the number of distinct keys grows, on a synthetic stream: one scan over
 * all K keys (so that every key exists), then 4·K draws of a Zipf(0.9) popularity whose ranks are
 * spread over block numbers. Each size runs with BENCHMARKS §5's capacities (K/100 hot, K/10 warm:
 * exact state grows with them) and with fixed capacities (10,000 hot, 100,000 warm: the policy's
 * heap must not grow with K).
 *
 * <p>Run: {@code java -Xmx4g -cp pae-bench/target/benchmarks.jar org.pae.bench.tier.TierScale
 * [keys...]} (default 100000 1000000 10000000). Single-threaded: the rate is per core.
 */
public final class TierScale {
  private TierScale() {}

  public static void main(String[] args) {
    long[] sizes =
        args.length == 0 ? new long[] {100_000, 1_000_000, 10_000_000} : new long[args.length];
    for (int i = 0; i < args.length; i++) {
      sizes[i] = Long.parseLong(args[i].replace("_", ""));
    }
    System.out.printf(
        "%-12s %-10s %12s %10s %12s %12s %14s%n",
        "keys", "capacities", "requests", "cpu s", "Mreq/cpu-s", "policy MB", "bytes/key");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (long k : sizes) {
      BlockTrace trace = zipf((int) k, 42);
      for (boolean fixed : new boolean[] {false, true}) {
        Capacities cap =
            fixed ? new Capacities(10_000, 100_000) : Capacities.forKeys(trace.distinctKeys());
        TierSetup setup = new TierSetup(cap, TierCosts.BENCHMARK);
        long before = usedAfterGc();
        PaeTierPolicy policy = new PaeTierPolicy(setup);
        long cpu = threads.getCurrentThreadCpuTime();
        TierFigures f = TierSim.run(trace, "pae", policy, setup, null);
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        long after = usedAfterGc();
        double mb = (after - before) / 1e6;
        System.out.printf(
            Locale.ROOT,
            "%-12d %-10s %12d %10.2f %12.2f %12.1f %14.1f   (wall %.1f s, total/rq %.1f, hot %.1f %%)%n",
            trace.distinctKeys(),
            fixed ? "fixed" : "K/100,K/10",
            trace.size(),
            cpuSeconds,
            trace.size() / cpuSeconds / 1e6,
            mb,
            (after - before) / (double) trace.distinctKeys(),
            f.seconds(),
            f.totalPerRequest(),
            f.hotShare() * 100);
        // The policy must still be reachable when the heap after the run is measured.
        Reference.reachabilityFence(policy);
      }
    }
  }

  /** One scan over all keys, then 4·K Zipf(0.9) draws; key ids are ranks, originals spread out. */
  static BlockTrace zipf(int keys, long seed) {
    int n = 5 * keys;
    int[] ids = new int[n];
    for (int i = 0; i < keys; i++) {
      ids[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double s = 0.9;
    double top = Math.pow(keys, 1 - s) - 1;
    for (int i = keys; i < n; i++) {
      int rank = (int) Math.pow(top * rnd.nextDouble() + 1, 1 / (1 - s)) - 1;
      ids[i] = Math.min(keys - 1, Math.max(0, rank));
    }
    long[] original = new long[keys];
    for (int i = 0; i < keys; i++) {
      original[i] = (i * 0x9E3779B97F4A7C15L) >>> 20;
    }
    return new BlockTrace("zipf-" + keys, ids, original, null);
  }

  private static long usedAfterGc() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return m.getHeapMemoryUsage().getUsed();
  }
}
