package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CheapestCandidatesTest {
  private static final int CANDIDATES = 60;
  private static final int PRICES = ShortfallPrice.SPAN * 2 + 2;

  /** The definition: every candidate at every price, the first of the least costs. */
  private static int[] scan(double[] fixed, double[] perPrice, double weight, double[] prices) {
    int[] picks = new int[prices.length];
    for (int k = 0; k < prices.length; k++) {
      double least = Double.POSITIVE_INFINITY;
      picks[k] = -1;
      for (int c = 0; c < fixed.length; c++) {
        double cost = fixed[c] + prices[k] * perPrice[c] / weight;
        if (cost < least) {
          least = cost;
          picks[k] = c;
        }
      }
    }
    return picks;
  }

  private static int[] choose(
      CheapestCandidates cheapest,
      double[] fixed,
      double[] perPrice,
      double weight,
      double[] prices) {
    int[] picks = new int[PRICES];
    Arrays.fill(picks, -2);
    cheapest.choose(fixed.length, fixed, perPrice, weight, prices, prices.length, picks);
    return Arrays.copyOf(picks, prices.length);
  }

  /** How many candidates share the least cost at each price, by the definition. */
  private static int tied(double[] fixed, double[] perPrice, double weight, double[] prices) {
    int tied = 0;
    for (double p : prices) {
      double least = Double.POSITIVE_INFINITY;
      int count = 0;
      for (int c = 0; c < fixed.length; c++) {
        double cost = fixed[c] + p * perPrice[c] / weight;
        if (cost < least) {
          least = cost;
          count = 1;
        } else if (cost == least) {
          count++;
        }
      }
      tied += count > 1 ? 1 : 0;
    }
    return tied;
  }

  @Test
  void choosesAsTheScanOnRandomCandidatesTiesAndNearTiesIncluded() {
    Random random = new Random(20);
    CheapestCandidates cheapest = new CheapestCandidates();
    int ties = 0;
    int nearTies = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      int kind = trial % 5;
      int n = 1 + random.nextInt(PRICES);
      double weight =
          switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> 1 + random.nextInt(300);
            default -> 1 + random.nextDouble() * 20_000;
          };
      double[] prices = new double[n];
      double anchor = Math.pow(10, random.nextInt(16) - 4);
      for (int k = 0; k < n; k++) {
        prices[k] =
            kind == 0
                ? random.nextInt(4) * 0.5
                : anchor * Math.pow(1.5, random.nextInt(9) - 4 + random.nextDouble());
      }
      double[] fixed = new double[CANDIDATES];
      double[] perPrice = new double[CANDIDATES];
      for (int c = 0; c < CANDIDATES; c++) {
        switch (kind) {
          case 0 -> {
            // Small grids: many exactly equal costs.
            fixed[c] = random.nextInt(6) * 0.25;
            perPrice[c] = random.nextInt(6) * weight / 4;
          }
          case 1 -> {
            // A few distinct candidates, repeated and moved by an ulp or two.
            double f = 1 + random.nextInt(3) * 1e-3;
            double s = 1 + random.nextInt(3) * 1e-3;
            for (int u = random.nextInt(5) - 2; u != 0; u += u > 0 ? -1 : 1) {
              f = u > 0 ? Math.nextUp(f) : Math.nextDown(f);
            }
            fixed[c] = f * 1e3;
            perPrice[c] = random.nextBoolean() ? s : Math.nextUp(s);
          }
          case 2 -> {
            // As a young series' record: a sum divided by its weight, a count plus borrowed rates.
            double record = 1 + random.nextInt(2_000);
            fixed[c] = (random.nextInt(40) * 0.1 + 1) * 100 * record / record;
            perPrice[c] = random.nextInt(30) + (weight - record) * random.nextInt(10) / 10.0;
            perPrice[c] = Math.max(0, perPrice[c]);
          }
          case 3 -> {
            fixed[c] = random.nextDouble() * Math.pow(10, random.nextInt(20) - 5);
            perPrice[c] = random.nextDouble() * Math.pow(10, random.nextInt(20) - 5);
          }
          default -> {
            // Lines along one chain, as one base's margins are: more spent, fewer shortfalls.
            fixed[c] = c % 12 * (1 + random.nextDouble() * 1e-15) + random.nextInt(3);
            perPrice[c] = (12 - c % 12) * 0.5 * weight / 12;
          }
        }
        if (random.nextInt(10) == 0) {
          fixed[c] = Double.NaN;
        }
      }
      if (random.nextInt(50) == 0) {
        // Outside the ranking's bound: scanned as they are.
        fixed[random.nextInt(CANDIDATES)] = -random.nextDouble();
      }
      int[] expected = scan(fixed, perPrice, weight, prices);
      assertThat(choose(cheapest, fixed, perPrice, weight, prices))
          .as(
              "trial %d: fixed %s, per price %s, weight %s, prices %s",
              trial,
              Arrays.toString(fixed),
              Arrays.toString(perPrice),
              weight,
              Arrays.toString(prices))
          .containsExactly(expected);
      ties += tied(fixed, perPrice, weight, prices);
      if (kind == 1) {
        nearTies++;
      }
    }
    assertThat(ties)
        .as("prices at which several candidates share the least cost")
        .isGreaterThan(5_000);
    assertThat(nearTies).isPositive();
  }

  @Test
  void leavesOutUnknownCandidatesAndPicksNoneWhenAllAre() {
    CheapestCandidates cheapest = new CheapestCandidates();
    double[] fixed = {Double.NaN, 2, 1, 1};
    double[] perPrice = {0, 0, 3, 3};
    double[] prices = {0.1, 1, 10};
    assertThat(choose(cheapest, fixed, perPrice, 2, prices)).containsExactly(2, 1, 1);
    Arrays.fill(fixed, Double.NaN);
    assertThat(choose(cheapest, fixed, perPrice, 2, prices)).containsExactly(-1, -1, -1);
  }
}
