package org.pae.ml.cf;

import java.time.Duration;

/**
 * How the collaborative-filtering model is fitted and how fast a workload's own history takes over
 * from what similar workloads suggest.
 *
 * @param rank latent factors per workload and per hour of the week
 * @param lambda ALS ridge weight on the factors (the profile cells are ratios near 1)
 * @param iterations ALS alternations
 * @param ridge ridge weight of the side-feature regression (features → level and factors)
 * @param priorSamples a workload's own samples count as much as the prior after this many
 * @param levelHalfLife how fast a workload's own level estimate forgets
 * @param seed ALS initialisation
 */
public record CfConfig(
    int rank,
    double lambda,
    int iterations,
    double ridge,
    int priorSamples,
    Duration levelHalfLife,
    long seed) {
  public CfConfig {
    if (rank < 1 || !(lambda > 0) || iterations < 1 || !(ridge > 0) || priorSamples < 1) {
      throw new IllegalArgumentException(
          "cf needs rank, iterations, prior samples >= 1 and lambda, ridge > 0");
    }
    if (levelHalfLife.isZero() || levelHalfLife.isNegative()) {
      throw new IllegalArgumentException("cf level half-life must be positive: " + levelHalfLife);
    }
  }

  /** Rank 6, λ 0.5, 12 iterations; an hour of five-minute samples outweighs the prior. */
  public static CfConfig standard(long seed) {
    return new CfConfig(6, 0.5, 12, 1.0, 12, Duration.ofHours(12), seed);
  }
}
