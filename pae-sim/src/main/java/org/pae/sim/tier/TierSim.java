package org.pae.sim.tier;

import org.pae.core.registry.Registry;
import org.pae.core.tier.Capacities;
import org.pae.core.tier.Epoch;
import org.pae.core.tier.Move;
import org.pae.core.tier.Placement;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierCosts;
import org.pae.core.tier.TierPolicies;
import org.pae.core.tier.TierPolicy;
import org.pae.core.tier.TierSetup;

/**
 * Replays a block trace through a tiering policy as BENCHMARKS §5 defines it: epochs of E requests;
 * at the end of epoch e the policy, seeing the requests up to there, names the hot and warm keys of
 * epoch e + 1; every request of epochs 1 … end costs its key's tier, every change of tier one
 * migration. The simulator keeps its own record of the tiers and checks the policy's stated moves
 * against it.
 */
public final class TierSim {
  private static final Tier[] TIERS = Tier.values();
  private static final byte COLD = (byte) Tier.COLD.ordinal();

  /** Receives every change of tier: the key's original value and the first epoch in its tier. */
  @FunctionalInterface
  public interface MoveSink {
    void moved(int epoch, long key, Tier tier);
  }

  private TierSim() {}

  /** The setup of BENCHMARKS §5 for this trace: capacities from K, the benchmark's costs. */
  public static TierSetup setup(BlockTrace trace) {
    return new TierSetup(Capacities.forKeys(trace.distinctKeys()), TierCosts.BENCHMARK);
  }

  /** The name under which {@link #register} is included in a registry. */
  public static final String CONTRIBUTION = "pae-sim tier oracle";

  /** Registers the clairvoyant {@code oracle} among the tier policies. */
  public static void register(Registry r) {
    r.register(
        TierPolicies.KIND,
        "oracle",
        "score: the key's requests in the next epoch (clairvoyant)",
        NextEpochOracle::new);
  }

  /** A registry of the core's tier policies and the oracle. */
  public static Registry policies() {
    return TierPolicies.registry().include(CONTRIBUTION, TierSim::register);
  }

  /** Runs one policy over the whole trace; {@code sink} may be null. */
  public static TierFigures run(
      BlockTrace trace, String label, TierPolicy policy, TierSetup setup, MoveSink sink) {
    long started = System.nanoTime();
    int[] req = trace.requests();
    long[] keys = trace.keys();
    int k = trace.distinctKeys();
    int len = trace.epochLength();
    int epochs = trace.epochs();
    TierCosts costs = setup.costs();
    Capacities cap = setup.capacities();
    double[] access = {costs.hot(), costs.warm(), costs.cold()};
    byte[] tier = new byte[k];
    java.util.Arrays.fill(tier, COLD);
    byte[] next = tier.clone();
    int[] placed = new int[0];
    // The highest id first requested up to each epoch's end, so a policy sees only known keys.
    int known = 0;
    long[] served = new long[3];
    double accessSum = 0;
    long migrations = 0;
    double[] epochTotal = new double[epochs];
    long[] epochServed = new long[3];
    for (int e = 0; e < epochs; e++) {
      int from = e * len;
      int to = Math.min(req.length, from + len);
      for (int i = from; i < to; i++) {
        known = Math.max(known, req[i] + 1);
      }
      if (e >= 1) {
        epochServed[0] = epochServed[1] = epochServed[2] = 0;
        for (int i = from; i < to; i++) {
          epochServed[tier[req[i]]]++;
        }
        double a = 0;
        for (int t = 0; t < 3; t++) {
          served[t] += epochServed[t];
          a += epochServed[t] * access[t];
        }
        accessSum += a;
        epochTotal[e] += a / (to - from);
      }
      if (e == epochs - 1) {
        break;
      }
      Placement p =
          policy.place(new Epoch(e, req, from, to, from, trace.times(), known, id -> keys[id]));
      int moved = apply(p, tier, next, placed, cap, label, e);
      for (Move m : p.moves()) {
        tier[m.key()] = (byte) m.to().ordinal();
        if (sink != null) {
          sink.moved(e + 1, keys[m.key()], m.to());
        }
      }
      placed = concat(p.hot(), p.warm());
      migrations += moved;
      int nextTo = Math.min(req.length, to + len);
      epochTotal[e + 1] += moved * costs.migration() / (nextTo - to);
    }
    long scored = served[0] + served[1] + served[2];
    return new TierFigures(
        trace.name(),
        label,
        scored,
        Math.max(0, epochs - 1),
        cap.hot(),
        served[0],
        served[1],
        served[2],
        migrations,
        accessSum,
        migrations * costs.migration(),
        (System.nanoTime() - started) / 1e9,
        epochTotal);
  }

  /**
   * Checks a placement against the capacities and the simulator's own record of the tiers, and that
   * its moves are exactly the changes; returns the number of changes.
   */
  private static int apply(
      Placement p,
      byte[] tier,
      byte[] next,
      int[] placed,
      Capacities cap,
      String label,
      int epoch) {
    if (p.hot().length > cap.hot() || p.warm().length > cap.warm()) {
      throw new IllegalStateException(
          label
              + " placed "
              + p.hot().length
              + " hot and "
              + p.warm().length
              + " warm keys at"
              + " the end of epoch "
              + epoch
              + "; the capacities are "
              + cap);
    }
    for (int id : placed) {
      next[id] = COLD;
    }
    mark(p.hot(), Tier.HOT, next, label, epoch);
    mark(p.warm(), Tier.WARM, next, label, epoch);
    int changes = 0;
    for (int id : placed) {
      if (next[id] != tier[id]) {
        changes++;
      }
    }
    changes += countNew(p.hot(), tier);
    changes += countNew(p.warm(), tier);
    if (changes != p.moves().size()) {
      throw new IllegalStateException(
          label
              + " stated "
              + p.moves().size()
              + " moves at the end of epoch "
              + epoch
              + " but its placement changes "
              + changes
              + " keys");
    }
    for (Move m : p.moves()) {
      if (tier[m.key()] != m.from().ordinal() || next[m.key()] != m.to().ordinal()) {
        throw new IllegalStateException(
            label
                + " stated "
                + m
                + " at the end of epoch "
                + epoch
                + " but the key goes from "
                + TIERS[tier[m.key()]]
                + " to "
                + TIERS[next[m.key()]]);
      }
    }
    for (int id : placed) {
      next[id] = COLD;
    }
    for (int id : p.hot()) {
      next[id] = COLD;
    }
    for (int id : p.warm()) {
      next[id] = COLD;
    }
    return changes;
  }

  private static void mark(int[] ids, Tier t, byte[] next, String label, int epoch) {
    for (int id : ids) {
      if (id < 0 || id >= next.length) {
        throw new IllegalStateException(
            label
                + " placed key id "
                + id
                + " at the end of epoch "
                + epoch
                + ", not a key of the trace");
      }
      if (next[id] != COLD) {
        throw new IllegalStateException(
            label + " placed key id " + id + " twice at the end of epoch " + epoch);
      }
      next[id] = (byte) t.ordinal();
    }
  }

  /** Keys placed now that were cold: their tier changes. */
  private static int countNew(int[] ids, byte[] tier) {
    int n = 0;
    for (int id : ids) {
      if (tier[id] == COLD) {
        n++;
      }
    }
    return n;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
