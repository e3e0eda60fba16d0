package org.pae.core.allocate;

/**
 * The cheapest of a series' candidates at each of a few prices, where a candidate's cost at price
 * {@code p} is {@code fixed + p * perPrice / weight}: the same choice, to the last bit and the
 * lowest-numbered of equals, as scanning every candidate at every price with that expression.
 *
 * <p>A judged series' record has a weight of 1, and the division by 1 being exact, its costs are
 * scanned price by price, the least kept in a register. A young series' record divides by its
 * weight: the division per candidate and price was the scan's largest cost. A first pass ranks the
 * candidates at each price by {@code fixed + p × slope}, the slope {@code perPrice / weight}
 * divided once per candidate. With nothing negative, the ranking cost and the cost each lie within
 * three roundings of the exact {@code fixed + p × perPrice / weight}, so a candidate whose ranking
 * cost exceeds the least ranking cost at a price by more than {@link #SLACK} costs more, in the
 * expression itself, than the candidate of that least ranking cost, and cannot be chosen. A second
 * pass costs the few others by the expression itself, in candidate order, as the scan would. Inputs
 * that the bound does not hold for (a negative or huge value) are scanned as they are.
 *
 * <p>Holds scratch: one per policy, confined to its loop's thread.
 */
final class CheapestCandidates {
  /**
   * The relative margin of the ranking: far above the ~12 roundings (12 × 2⁻⁵³ ≈ 1.3e-15) that
   * separate the ranking cost from the exact one; a wider margin only costs more exact costings.
   */
  static final double SLACK = 1e-14;

  /** An absolute margin for costs near zero, whose roundings are absolute (subnormal). */
  private static final double TINY = 1e-300;

  /** Values above this would let a cost overflow, where the relative bound ends. */
  private static final double LIMIT = 1e100;

  /** Nor may the weight lie beyond this or its inverse. */
  private static final double WEIGHTS = 1e50;

  private double[] slopes = new double[0];

  /**
   * For each price {@code prices[k]}, {@code k < n}, the candidate of least cost into {@code
   * picks[k]}, the lowest-numbered of equal costs; -1 where no cost is below infinity. Candidate
   * {@code c < candidates} costs {@code fixed[c] + prices[k] * perPrice[c] / weight}; a NaN {@code
   * fixed[c]} leaves it out.
   */
  void choose(
      int candidates,
      double[] fixed,
      double[] perPrice,
      double weight,
      double[] prices,
      int n,
      int[] picks) {
    if (weight == 1 || !bounded(candidates, fixed, perPrice, weight, prices, n)) {
      scan(candidates, fixed, perPrice, weight, prices, n, picks);
      return;
    }
    if (slopes.length < candidates) {
      slopes = new double[candidates];
    }
    for (int c = 0; c < candidates; c++) {
      slopes[c] = perPrice[c] / weight;
    }
    for (int k = 0; k < n; k++) {
      double p = prices[k];
      double least = Double.POSITIVE_INFINITY;
      for (int c = 0; c < candidates; c++) {
        // A NaN (unknown) candidate is not less than any.
        double ranked = fixed[c] + p * slopes[c];
        if (ranked < least) {
          least = ranked;
        }
      }
      // Only a candidate within the bound can be chosen; it is costed as the scan would.
      double bound = least * (1 + SLACK) + TINY;
      least = Double.POSITIVE_INFINITY;
      int pick = -1;
      for (int c = 0; c < candidates; c++) {
        if (fixed[c] + p * slopes[c] <= bound) {
          double cost = fixed[c] + p * perPrice[c] / weight;
          if (cost < least) {
            least = cost;
            pick = c;
          }
        }
      }
      picks[k] = pick;
    }
  }

  /** Whether every value is finite, not negative and small enough for the ranking's bound. */
  private static boolean bounded(
      int candidates, double[] fixed, double[] perPrice, double weight, double[] prices, int n) {
    if (!(weight >= 1 / WEIGHTS && weight <= WEIGHTS)) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if (!(prices[k] >= 0 && prices[k] <= LIMIT)) {
        return false;
      }
    }
    for (int c = 0; c < candidates; c++) {
      if (!Double.isNaN(fixed[c])
          && !(fixed[c] >= 0 && fixed[c] <= LIMIT && perPrice[c] >= 0 && perPrice[c] <= LIMIT)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every candidate at every price, as the costs are defined, the least kept in a register: without
   * the division where the weight is 1, since dividing by 1 is exact.
   */
  private static void scan(
      int candidates,
      double[] fixed,
      double[] perPrice,
      double weight,
      double[] prices,
      int n,
      int[] picks) {
    for (int k = 0; k < n; k++) {
      double p = prices[k];
      double best = Double.POSITIVE_INFINITY;
      int pick = -1;
      for (int c = 0; c < candidates; c++) {
        double priced = p * perPrice[c];
        double cost = fixed[c] + (weight == 1 ? priced : priced / weight);
        if (cost < best) {
          best = cost;
          pick = c;
        }
      }
      picks[k] = pick;
    }
  }
}
