package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pae.core.model.Criticality;

class BudgetTest {
  @Test
  void grantsEverythingWhenTheBudgetSuffices() {
    double[] g =
        Budget.share(
            100,
            List.of(
                new Budget.Claim(40, 10, Criticality.NORMAL),
                new Budget.Claim(60, 10, Criticality.NORMAL)));
    assertThat(g).containsExactly(40, 60);
  }

  @Test
  void servesFloorsThenTiersFromTheMostCritical() {
    double[] g =
        Budget.share(
            100,
            List.of(
                new Budget.Claim(80, 20, Criticality.BEST_EFFORT),
                new Budget.Claim(50, 20, Criticality.CRITICAL),
                new Budget.Claim(40, 10, Criticality.NORMAL)));
    // floors 50; 50 left: critical takes 30, normal 20 of its 30, best effort nothing more.
    assertThat(g[0]).isCloseTo(20, within(1e-9));
    assertThat(g[1]).isCloseTo(50, within(1e-9));
    assertThat(g[2]).isCloseTo(30, within(1e-9));
  }

  @Test
  void sharesProportionallyWithinATier() {
    double[] g =
        Budget.share(
            60,
            List.of(
                new Budget.Claim(50, 0, Criticality.NORMAL),
                new Budget.Claim(150, 0, Criticality.NORMAL)));
    assertThat(g[0]).isCloseTo(15, within(1e-9));
    assertThat(g[1]).isCloseTo(45, within(1e-9));
  }

  @Test
  void theBudgetIsHardEvenBelowTheFloors() {
    double[] g =
        Budget.share(
            30,
            List.of(
                new Budget.Claim(50, 40, Criticality.CRITICAL),
                new Budget.Claim(50, 20, Criticality.NORMAL)));
    assertThat(g[0] + g[1]).isCloseTo(30, within(1e-9));
    assertThat(g[0]).isCloseTo(20, within(1e-9));
  }

  @Test
  void refusesAFloorAboveTheDemand() {
    assertThatThrownBy(() -> new Budget.Claim(10, 20, Criticality.NORMAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floor=20");
  }

  @Test
  void twoClaimsOfTheLargestSizesLeaveTheOthersTheirFloorsAndTheBudgetWhole() {
    double[] g =
        Budget.share(
            1e9,
            List.of(
                new Budget.Claim(1e308, 1e8, Criticality.NORMAL),
                new Budget.Claim(1e308, 1e8, Criticality.NORMAL),
                new Budget.Claim(3e8, 2e8, Criticality.NORMAL)));
    assertThat(java.util.Arrays.stream(g).allMatch(Double::isFinite)).isTrue();
    assertThat(g[2]).isGreaterThanOrEqualTo(2e8);
    assertThat(g[0] + g[1] + g[2]).isCloseTo(1e9, within(1.0));
  }

  /** Values from everyday sizes to the edges of a double: what an API caller may send. */
  private static double extreme(java.util.Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Double.MAX_VALUE;
      case 2 -> 1e308 * r.nextDouble();
      case 3 -> Double.MIN_VALUE * r.nextInt(10);
      case 4 -> Math.pow(10, r.nextInt(40) - 10) * r.nextDouble();
      default -> 1e9 * r.nextDouble();
    };
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 42})
  void grantsAreFiniteWithinTheBudgetAndTheirClaimsWhateverTheyAreGiven(long seed) {
    java.util.Random r = new java.util.Random(seed);
    for (int round = 0; round < 500; round++) {
      int n = 1 + r.nextInt(6);
      List<Budget.Claim> claims = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        double a = r.nextInt(8) == 0 ? Double.POSITIVE_INFINITY : extreme(r);
        double b = extreme(r);
        claims.add(
            new Budget.Claim(
                Math.max(a, b),
                Math.min(a, b),
                Criticality.values()[r.nextInt(Criticality.values().length)]));
      }
      double budget =
          switch (r.nextInt(5)) {
            case 0 -> Double.POSITIVE_INFINITY;
            case 1 -> Double.NaN;
            case 2 -> -extreme(r);
            default -> extreme(r);
          };
      double[] g = Budget.share(budget, claims);
      String what = "seed " + seed + " round " + round + ": budget " + budget + ", " + claims;
      double room = budget >= 0 ? Math.min(budget, Double.MAX_VALUE) : 0;
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      for (int i = 0; i < n; i++) {
        assertThat(g[i]).as(what).isFinite().isGreaterThanOrEqualTo(0);
        assertThat(g[i]).as(what).isLessThanOrEqualTo(claims.get(i).desired());
        sum = sum.add(new java.math.BigDecimal(g[i]));
      }
      // Exactly summed; each grant may round up by an ulp of its own.
      java.math.BigDecimal most =
          new java.math.BigDecimal(room)
              .multiply(new java.math.BigDecimal("1.000000000001"))
              .add(new java.math.BigDecimal(Double.MIN_VALUE).multiply(java.math.BigDecimal.TEN));
      assertThat(sum).as(what).isLessThanOrEqualTo(most);
    }
  }
}
