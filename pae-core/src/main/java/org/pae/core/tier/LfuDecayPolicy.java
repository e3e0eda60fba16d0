package org.pae.core.tier;

import java.util.Arrays;

/**
 * Baseline {@code lfu-decay} (BENCHMARKS §5): score × 0.5^(1/4) + requests in the epoch, a decayed
 * count with a half-life of 4 epochs.
 */
public final class LfuDecayPolicy implements TierPolicy {
  private static final double DECAY = Math.pow(0.5, 1.0 / 4);
  private final ScoreRanking ranking;
  private final EpochCounts counts = new EpochCounts();
  private double[] score = new double[0];
  private int[] seen = new int[0];

  public LfuDecayPolicy(TierSetup setup) {
    this.ranking = new ScoreRanking(setup.capacities(), "lfu-decay");
  }

  @Override
  public Placement place(Epoch e) {
    if (score.length < e.knownKeys()) {
      int n = Math.max(e.knownKeys(), score.length * 2);
      score = Arrays.copyOf(score, n);
      seen = new int[n];
    }
    counts.count(e);
    for (int k = 0; k < e.knownKeys(); k++) {
      score[k] = score[k] * DECAY + counts.count(k);
      seen[k] = k;
    }
    return ranking.place(e, seen, e.knownKeys(), score);
  }
}
