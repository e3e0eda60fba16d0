package org.pae.core.tier;

import java.util.Arrays;

/** Baseline {@code last-epoch} (BENCHMARKS §5): the score is the key's requests in the epoch. */
public final class LastEpochPolicy implements TierPolicy {
  private final ScoreRanking ranking;
  private final EpochCounts counts = new EpochCounts();
  private double[] score = new double[0];

  public LastEpochPolicy(TierSetup setup) {
    this.ranking = new ScoreRanking(setup.capacities(), "last-epoch");
  }

  @Override
  public Placement place(Epoch e) {
    Arrays.fill(score, 0);
    if (score.length < e.knownKeys()) {
      score = new double[Math.max(e.knownKeys(), score.length * 2)];
    }
    counts.count(e);
    for (int i = 0; i < counts.size(); i++) {
      int k = counts.distinct()[i];
      score[k] = counts.count(k);
    }
    return ranking.place(e, counts.distinct(), counts.size(), score);
  }
}
