package org.pae.core.tier;

import java.util.Arrays;

/**
 * The settings of PAE's tiering policy; every number is explained where {@link #DEFAULTS} sets it.
 *
 * @param halfLives the half-lives, in epochs, of the decayed counts a key's rate is read from
 * @param weights how much each decayed count weighs in the forecast (they sum to 1)
 * @param warmHorizon over how many epochs a move into or out of warm is expected to pay back
 * @param hotHorizon the same for hot
 * @param neighbourhoodBits keys whose original values share all but these low bits are peers
 * @param neighbourhoodWeight how much a rarely seen key's forecast borrows from its peers' rate
 * @param fewRequests below this long-term decayed count a key counts as rarely seen
 * @param migrationBudget the most moves per epoch, as a multiple of the hot capacity (at least 16)
 * @param trackedKeys the most keys with exact state (0: four times hot + warm, at least 65,536)
 * @param sketchWidth the count-min sketch's counters per row, a power of 2
 */
public record TierSettings(
    double[] halfLives,
    double[] weights,
    double warmHorizon,
    double hotHorizon,
    int neighbourhoodBits,
    double neighbourhoodWeight,
    double fewRequests,
    double migrationBudget,
    int trackedKeys,
    int sketchWidth) {

  /**
   * Half-lives of 2, 8 and 32 epochs weighted 0.2 / 0.4 / 0.4: the slow counts carry most of the
   * forecast because a move costs as much as a cold access and a key must stay a while to repay it.
   * A warm move must repay within 5 epochs (a cold-to-warm move pays at 0.22 requests per epoch), a
   * hot move within 200 (hot holds the few keys of highest rate, and those rates hold for long);
   * the horizons were chosen on web07, web12 and cloudphysics and are kept for every trace. Peers
   * are keys within 256 of each other (sequential blocks); a key with fewer than 2 decayed requests
   * takes half its forecast from them. At most 4 × hot capacity moves per epoch.
   */
  public static final TierSettings DEFAULTS =
      new TierSettings(
          new double[] {2, 8, 32}, new double[] {0.2, 0.4, 0.4}, 5, 200, 8, 0.5, 2, 4, 0, 1 << 16);

  public TierSettings {
    halfLives = halfLives.clone();
    weights = weights.clone();
    if (halfLives.length == 0 || halfLives.length != weights.length) {
      throw new IllegalArgumentException(
          "tier half-lives and weights must be as many, at least one; got "
              + Arrays.toString(halfLives)
              + " and "
              + Arrays.toString(weights));
    }
    for (int i = 0; i < halfLives.length; i++) {
      if (!(halfLives[i] > 0) || !(weights[i] >= 0)) {
        throw new IllegalArgumentException(
            "tier half-lives must be > 0 and weights >= 0; got "
                + Arrays.toString(halfLives)
                + " and "
                + Arrays.toString(weights));
      }
    }
    if (!(warmHorizon > 0) || !(hotHorizon > 0) || !(migrationBudget > 0)) {
      throw new IllegalArgumentException(
          "tier horizons and migration budget must be > 0; got warm "
              + warmHorizon
              + ", hot "
              + hotHorizon
              + ", budget "
              + migrationBudget);
    }
    if (neighbourhoodBits < 0 || neighbourhoodBits > 62) {
      throw new IllegalArgumentException(
          "tier neighbourhood bits must be 0..62; got " + neighbourhoodBits);
    }
    if (!(neighbourhoodWeight >= 0 && neighbourhoodWeight <= 1) || !(fewRequests >= 0)) {
      throw new IllegalArgumentException(
          "tier neighbourhood weight must be in [0, 1] and few-requests >= 0; got "
              + neighbourhoodWeight
              + " and "
              + fewRequests);
    }
    if (trackedKeys < 0 || sketchWidth < 64 || Integer.bitCount(sketchWidth) != 1) {
      throw new IllegalArgumentException(
          "tracked keys must be >= 0 and the sketch width a power of 2 >= 64; got "
              + trackedKeys
              + " and "
              + sketchWidth);
    }
  }
}
