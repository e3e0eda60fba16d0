package org.pae.sim.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.tier.TierPolicies;
import org.pae.core.tier.TierSetup;
import org.tukaani.xz.XZInputStream;

/**
 * Recomputes BENCHMARKS §5's figures from an exported moves file and the trace's keys alone, the
 * way anyone outside PAE would, and checks them against the simulator's.
 */
class MovesRescoreTest {
  private static final Path DATA =
      Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "block-traces");

  @TempDir Path dir;

  /** The figures recomputed from the raw keys and an {@code epoch,key,tier} file. */
  record Rescored(double hot, double warm, double cold, long migrations, double total) {}

  static Rescored rescore(long[] keys, Path moves) throws IOException {
    int n = keys.length;
    int e = Math.max(1000, n / 200);
    Map<Integer, Map<Long, String>> byEpoch = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(moves)) {
      assertThat(in.readLine()).isEqualTo("epoch,key,tier");
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",");
        byEpoch
            .computeIfAbsent(Integer.parseInt(f[0]), x -> new HashMap<>())
            .put(Long.parseLong(f[1]), f[2]);
      }
    }
    Map<Long, String> tier = new HashMap<>();
    Map<String, Double> cost = Map.of("hot", 1.0, "warm", 10.0, "cold", 100.0);
    Map<String, Long> served = new HashMap<>();
    long migrations = 0;
    double total = 0;
    long scored = 0;
    for (int epoch = 0; epoch * e < n; epoch++) {
      Map<Long, String> changes = byEpoch.getOrDefault(epoch, Map.of());
      assertThat(epoch > 0 || changes.isEmpty()).isTrue();
      for (Map.Entry<Long, String> c : changes.entrySet()) {
        assertThat(tier.getOrDefault(c.getKey(), "cold")).isNotEqualTo(c.getValue());
        tier.put(c.getKey(), c.getValue());
        migrations++;
        total += 100;
      }
      if (epoch == 0) {
        continue;
      }
      for (int i = epoch * e; i < Math.min(n, (epoch + 1) * e); i++) {
        String t = tier.getOrDefault(keys[i], "cold");
        served.merge(t, 1L, Long::sum);
        total += cost.get(t);
        scored++;
      }
    }
    double s = scored;
    return new Rescored(
        served.getOrDefault("hot", 0L) / s,
        served.getOrDefault("warm", 0L) / s,
        served.getOrDefault("cold", 0L) / s,
        migrations,
        total / s);
  }

  private void checkEveryPolicy(BlockTrace trace, long[] keys) throws IOException {
    TierSetup setup = TierSim.setup(trace);
    for (String name : TierSim.policies().names(TierPolicies.KIND)) {
      Path file = dir.resolve(trace.name() + "-" + name + ".csv");
      TierFigures f;
      try (MovesExport export = new MovesExport(file)) {
        f =
            TierSim.run(
                trace,
                name,
                TierSim.policies().get(TierPolicies.KIND, name).create(setup),
                setup,
                export);
      }
      Rescored r = rescore(keys, file);
      assertThat(r.migrations()).as(name).isEqualTo(f.migrations());
      assertThat(r.hot()).as(name).isCloseTo(f.hotShare(), within(1e-12));
      assertThat(r.warm()).as(name).isCloseTo(f.warmShare(), within(1e-12));
      assertThat(r.cold()).as(name).isCloseTo(f.coldShare(), within(1e-12));
      assertThat(r.total()).as(name).isCloseTo(f.totalPerRequest(), within(1e-9));
    }
  }

  @Test
  void everyPolicysExportRescoresToItsFiguresOnADriftingSkewedStream() throws IOException {
    SplittableRandom rnd = new SplittableRandom(42);
    long[] keys = new long[60_000];
    for (int i = 0; i < keys.length; i++) {
      // A skewed popularity whose hot set drifts every 7,000 requests, keys far apart.
      double u = rnd.nextDouble();
      long rank = (long) Math.floor(Math.pow(5000, u));
      keys[i] = (rank + i / 7000 * 37L) * 1_000_003L;
    }
    checkEveryPolicy(BlockTrace.of("drift", keys), keys);
  }

  @Test
  void onWeb07TheExportRescoresAndTheBaselinesLandOnTheReferenceFigures() throws IOException {
    Path web07 = DATA.resolve("cache2k/web07.trace.xz");
    assumeTrue(
        Files.isRegularFile(web07),
        "skipped: " + web07 + " is absent (see ../shared/data/README.md)");
    LongStream.Builder b = LongStream.builder();
    try (DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(new XZInputStream(Files.newInputStream(web07)), 1 << 16))) {
      while (true) {
        b.add(in.readInt());
      }
    } catch (EOFException end) {
      // the whole file read
    }
    long[] keys = b.build().toArray();
    BlockTrace trace = BlockFormat.load("cache2k:" + web07);
    assertThat(trace.size()).isEqualTo(keys.length);
    checkEveryPolicy(trace, keys);
    // BENCHMARKS §5's reference, from an independent implementation whose ties fall arbitrarily.
    Map<String, Double> reference =
        Map.of("lru", 161.7, "lfu-decay", 139.6, "last-epoch", 172.8, "oracle", 109.4);
    TierSetup setup = TierSim.setup(trace);
    for (Map.Entry<String, Double> ref : reference.entrySet()) {
      TierFigures f =
          TierSim.run(
              trace,
              ref.getKey(),
              TierSim.policies().get(TierPolicies.KIND, ref.getKey()).create(setup),
              setup,
              null);
      assertThat(f.totalPerRequest()).as(ref.getKey()).isCloseTo(ref.getValue(), within(0.15));
    }
  }
}
