package org.pae.core.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
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
}
