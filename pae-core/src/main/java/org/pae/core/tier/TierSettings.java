package org.pae.core.tier;

import java.util.Arrays;
import java.util.Map;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;

/**
 * The settings of PAE's tiering policy ({@code tier.*} in {@code pae-defaults.properties}, where
 * every number is explained).
 *
 * @param halfLives the half-lives, in epochs, of the decayed counts a key's rate is read from
 * @param weights how much each decayed count weighs in the forecast (they sum to 1)
 * @param warmHorizon over how many epochs a move into or out of warm is expected to pay back
 * @param hotHorizon the same for hot
 * @param neighbourhoodBits keys whose original values share all but these low bits are peers
 * @param neighbourhoodWeight how much a rarely seen key's forecast borrows from its peers' rate
 * @param fewRequests below this long-term decayed count a key counts as rarely seen
 * @param migrationBudget the most moves per epoch, as a multiple of the hot plus the warm capacity
 *     (at least 16)
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

  /** The defaults file's settings ({@code tier.*}, each number explained there). */
  public static final TierSettings DEFAULTS = from(SettingsSource.of(Map.of()));

  /** Reads the {@code tier.*} keys; a bad value is refused naming its key. */
  public static TierSettings from(SettingsSource s) {
    try {
      return new TierSettings(
          numbers(s, "tier.half-lives"),
          numbers(s, "tier.weights"),
          s.number("tier.warm-horizon"),
          s.number("tier.hot-horizon"),
          (int) Values.whole("tier.neighbourhood-bits", s.get("tier.neighbourhood-bits")),
          s.number("tier.neighbourhood-weight"),
          s.number("tier.few-requests"),
          s.number("tier.migration-budget"),
          (int) Values.whole("tier.tracked-keys", s.get("tier.tracked-keys"), 0),
          (int) Values.whole("tier.sketch-width", s.get("tier.sketch-width"), 64));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tier.*: " + e.getMessage(), e);
    }
  }

  private static double[] numbers(SettingsSource s, String key) {
    return s.list(key).stream().mapToDouble(v -> Values.number(key, v)).toArray();
  }

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
