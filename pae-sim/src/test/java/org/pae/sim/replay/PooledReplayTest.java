package org.pae.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

/**
 * A fleet replayed by replicas, each a share of its workloads on its own thread, that pool their
 * shortfall prices every interval gives exactly the figures and the allocation changes of one
 * replay of the whole fleet.
 */
class PooledReplayTest {
  private static final PolicyCatalog CATALOG =
      new PolicyCatalog(Map.of("forecast.model", "ewma"), ForecasterRegistry.standard());
  private static final String POLICIES = "provisioned,vpa,pae";

  /** Spiky VMs whose memory is rarely short: the price of one fleet differs from a share's. */
  static List<WorkloadTrace> fleet() {
    Random rnd = new Random(17);
    List<WorkloadTrace> vms = new ArrayList<>();
    for (int v = 0; v < 8; v++) {
      int n = 3 * 288 - 20 * v;
      long[] t = new long[n];
      double[] cpu = new double[n];
      double[] mem = new double[n];
      for (int i = 0; i < n; i++) {
        // later VMs start later and sample at other offsets
        t[i] = 1_000 + 3_000L * v + 7L * v + 300L * i;
        cpu[i] = 200 + 150 * Math.sin(i / 40.0 + v) + (rnd.nextDouble() < 0.03 * v ? 600 : 0);
        mem[i] = 1_000 + 50 * v + 20 * rnd.nextGaussian() + (rnd.nextDouble() < 0.01 ? 800 : 0);
      }
      vms.add(
          new WorkloadTrace(
              "vm" + v,
              t,
              Map.of(
                  Resource.CPU,
                  WorkloadTrace.Series.recorded(Unit.MHZ, cpu, ReplayTest.constant(n, 2_000)),
                  Resource.MEMORY,
                  WorkloadTrace.Series.recorded(Unit.KB, mem, ReplayTest.constant(n, 4_000)))));
    }
    return vms;
  }

  static Replay replay() {
    return new Replay(CATALOG.parse(POLICIES), ReplayTest.options());
  }

  /** Threads that gather every replica's message, in replica order, at a barrier. */
  static final class Replicas {
    private final byte[][] slots;
    private final CyclicBarrier barrier;

    Replicas(int n) {
      slots = new byte[n][];
      barrier = new CyclicBarrier(n);
    }

    Pooling replica(int i) {
      return new Pooling() {
        @Override
        public int replica() {
          return i;
        }

        @Override
        public List<byte[]> gather(byte[] mine) {
          slots[i] = mine;
          await();
          List<byte[]> all = Arrays.asList(slots.clone());
          await();
          return all;
        }
      };
    }

    private void await() {
      try {
        barrier.await();
      } catch (InterruptedException | BrokenBarrierException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * The fleet cut at {@code cut}, the two shares replayed side by side, pooling their prices {@code
   * every} so often (zero: never); the figures summed.
   */
  static List<Figures> pooled(List<WorkloadTrace> all, int cut, Duration every) {
    Replay.Totals totals = new Replay.Totals(replay().labels());
    pooledResults(all, cut, every).forEach(totals::add);
    return totals.figures();
  }

  /** The same, every workload's result in trace order. */
  static List<WorkloadResult> pooledResults(List<WorkloadTrace> all, int cut, Duration every) {
    Replicas replicas = new Replicas(2);
    List<List<WorkloadTrace>> shares = List.of(all.subList(0, cut), all.subList(cut, all.size()));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    List<CompletableFuture<List<WorkloadResult>>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int r = i;
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<WorkloadResult> out = new ArrayList<>();
                if (!every.isZero()) {
                  replay()
                      .run(
                          shares.get(r).stream(),
                          out::add,
                          (n, s) -> {},
                          replicas.replica(r),
                          every);
                } else {
                  replay().run(shares.get(r).stream(), out::add, (n, s) -> {});
                }
                return out;
              },
              threads));
    }
    List<WorkloadResult> results = new ArrayList<>();
    try {
      runs.forEach(f -> results.addAll(f.join()));
    } finally {
      threads.shutdownNow();
    }
    return results;
  }

  /** Every workload's allocation changes under every policy, in trace order. */
  private static List<List<Change>> changes(List<WorkloadResult> results) {
    List<List<Change>> changes = new ArrayList<>();
    results.forEach(r -> changes.addAll(r.changes()));
    return changes;
  }

  private static double largestGap(List<Figures> a, List<Figures> b, String policy) {
    double gap = 0;
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).policy().equals(policy)) {
        Figures x = a.get(i);
        Figures y = b.get(i);
        double[] xs = {x.footprint(), x.relSlack(), x.shortRate(), x.shortVol()};
        double[] ys = {y.footprint(), y.relSlack(), y.shortRate(), y.shortVol()};
        for (int k = 0; k < xs.length; k++) {
          gap = Math.max(gap, Math.abs(ys[k] - xs[k]) / Math.abs(xs[k]));
        }
      }
    }
    return gap;
  }

  @Test
  void replicasThatPoolThePriceEveryIntervalGiveTheWholeFleetsFiguresAndChangesExactly() {
    List<WorkloadTrace> all = fleet();
    List<WorkloadResult> wholeResults = new ArrayList<>();
    List<Figures> whole = replay().run(all.stream(), wholeResults::add, (n, s) -> {}).figures();
    for (int cut : new int[] {1, 3, 6}) {
      List<WorkloadResult> everyInterval = pooledResults(all, cut, Duration.ofMinutes(5));
      Replay.Totals totals = new Replay.Totals(replay().labels());
      everyInterval.forEach(totals::add);
      assertThat(totals.figures()).as("cut at " + cut).isEqualTo(whole);
      assertThat(changes(everyInterval)).as("cut at " + cut).isEqualTo(changes(wholeResults));
    }
    assertThat(changes(wholeResults).get(2)).as("pae's changes of vm0").isNotEmpty();
    assertThat(largestGap(whole, pooled(all, 3, Duration.ZERO), "pae")).isGreaterThan(0.01);
  }

  /**
   * Pooled hourly, each replica steers between poolings on its own series and the others' as last
   * pooled: an approximation (this small fleet of three days, young throughout, moves by 2 % on
   * footprint), closer to the whole fleet than replicas that never pool.
   */
  @Test
  void replicasThatPoolHourlyComeCloserToTheWholeFleetThanReplicasThatNeverPool() {
    List<WorkloadTrace> all = fleet();
    List<Figures> whole = replay().run(all.stream(), r -> {}, (n, s) -> {}).figures();
    List<Figures> hourly = pooled(all, 3, Duration.ofHours(1));
    assertThat(hourly.subList(0, 4)).isEqualTo(whole.subList(0, 4));
    double unpooled = largestGap(whole, pooled(all, 3, Duration.ZERO), "pae");
    assertThat(largestGap(whole, hourly, "pae")).isLessThan(unpooled);
  }
}
