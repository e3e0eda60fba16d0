package org.pae.sim.nab;

/**
 * One of NAB's application profiles ({@code config/profiles.json}): what a detection inside a label
 * window earns, what a detection outside one costs, and what a window missed costs.
 *
 * @param name {@code standard}, {@code reward_low_FP_rate} or {@code reward_low_FN_rate}
 * @param tpWeight the reward of a detection at the very start of a window
 * @param fpWeight the cost of a detection far from any window
 * @param fnWeight the cost of a window with no detection
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
  public NabProfile {
    if (!(tpWeight > 0) || !(fpWeight >= 0) || !(fnWeight >= 0)) {
      throw new IllegalArgumentException(
          "profile "
              + name
              + ": tpWeight must be > 0 and fpWeight, fnWeight >= 0, found "
              + tpWeight
              + ", "
              + fpWeight
              + ", "
              + fnWeight);
    }
  }
}
