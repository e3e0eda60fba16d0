package org.pae.core.tier;

import java.util.Arrays;

/** Baseline {@code lru} (BENCHMARKS §5): the score is the position of the key's last request. */
public final class LruPolicy implements TierPolicy {
  private final ScoreRanking ranking;
  private double[] last = new double[0];
  private int[] seen = new int[0];

  public LruPolicy(TierSetup setup) {
    this.ranking = new ScoreRanking(setup.capacities(), "lru");
  }

  @Override
  public Placement place(Epoch e) {
    if (last.length < e.knownKeys()) {
      int n = Math.max(e.knownKeys(), last.length * 2);
      last = Arrays.copyOf(last, n);
      seen = new int[n];
    }
    int[] r = e.requests();
    for (int i = e.from(); i < e.to(); i++) {
      // Positions from 1, so that a key never requested keeps score 0.
      last[r[i]] = e.firstPosition() + (i - e.from()) + 1;
    }
    for (int k = 0; k < e.knownKeys(); k++) {
      seen[k] = k;
    }
    return ranking.place(e, seen, e.knownKeys(), last);
  }
}
