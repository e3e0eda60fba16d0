package org.pae.sim.tier;

import java.util.Arrays;
import org.pae.core.tier.Epoch;
import org.pae.core.tier.EpochCounts;
import org.pae.core.tier.Placement;
import org.pae.core.tier.ScoreRanking;
import org.pae.core.tier.TierPolicy;
import org.pae.core.tier.TierSetup;

/**
 * Baseline {@code oracle} (BENCHMARKS §5): the score is the key's requests in the next epoch, read
 * from the trace ahead of time (the simulator hands every policy the whole trace's requests, and
 * this one alone reads past the epoch's end). Clairvoyant but blind to migration cost, so not a
 * bound on the total.
 */
public final class NextEpochOracle implements TierPolicy {
  private final ScoreRanking ranking;
  private final EpochCounts counts = new EpochCounts();
  private double[] score = new double[0];

  public NextEpochOracle(TierSetup setup) {
    this.ranking = new ScoreRanking(setup.capacities(), "oracle");
  }

  @Override
  public Placement place(Epoch e) {
    int[] r = e.requests();
    // Epochs are equally long, but for the last: the next one is as long as this one, or shorter.
    int to = Math.min(r.length, e.to() + e.size());
    int highest = 0;
    for (int i = e.to(); i < to; i++) {
      highest = Math.max(highest, r[i] + 1);
    }
    int size = Math.max(highest, e.knownKeys());
    Arrays.fill(score, 0);
    if (score.length < size) {
      score = new double[Math.max(size, score.length * 2)];
    }
    counts.count(r, e.to(), to, size);
    for (int i = 0; i < counts.size(); i++) {
      int k = counts.distinct()[i];
      score[k] = counts.count(k);
    }
    return ranking.place(e, counts.distinct(), counts.size(), score);
  }
}
