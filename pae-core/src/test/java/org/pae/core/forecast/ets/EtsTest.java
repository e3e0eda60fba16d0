package org.pae.core.forecast.ets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.Series;

class EtsTest {
  @Test
  void simpleSmoothingRecoversAlphaOfALocalLevelModel() {
    // y = ℓ + e, ℓ ← ℓ + α e: the innovations form of simple exponential smoothing, α = 0.3.
    Random rnd = new Random(11);
    double[] y = new double[3000];
    double level = 50;
    for (int t = 0; t < y.length; t++) {
      double e = rnd.nextGaussian();
      y[t] = level + e;
      level += 0.3 * e;
    }
    Ets.Fit f = Ets.fit(y, EtsKind.SIMPLE, 0);
    assertThat(f.params()[0]).isCloseTo(0.3, within(0.04));
    assertThat(f.sigma2()).isCloseTo(1, within(0.08));
  }

  @Test
  void dampedHoltFollowsATrendThatFlattens() {
    double[] y = new double[400];
    for (int t = 0; t < y.length; t++) {
      y[t] = 10 + 0.5 * t;
    }
    Ets.Fit f = Ets.fit(y, EtsKind.DAMPED, 0);
    double phi = f.params()[2];
    double expected = y[399] + 0.5 * (phi + phi * phi);
    assertThat(f.end().mean(2)).isCloseTo(expected, within(0.2));
    assertThat(f.end().mean(1000)).isLessThan(y[399] + 0.5 * 1000);
  }

  @Test
  void holtWintersBeatsSimpleSmoothingOnASeasonAndAutoPicksIt() {
    double[] y = Series.seasonal(12, 24 * 20, 24, 100, 20, 1);
    Ets.Fit simple = Ets.fit(y, EtsKind.SIMPLE, 0);
    Ets.Fit additive = Ets.fit(y, EtsKind.ADDITIVE, 24);
    Ets.Fit multiplicative = Ets.fit(y, EtsKind.MULTIPLICATIVE, 24);
    assertThat(additive.sigma2()).isLessThan(simple.sigma2() / 10);
    assertThat(multiplicative.sigma2()).isLessThan(simple.sigma2() / 10);
    assertThat(Ets.auto(y, 24).kind()).isIn(EtsKind.ADDITIVE, EtsKind.MULTIPLICATIVE);
    int n = y.length;
    for (int h = 1; h <= 24; h++) {
      double truth = 100 + 20 * Math.sin(2 * Math.PI * (n - 1 + h) / 24);
      assertThat(additive.end().mean(h)).isCloseTo(truth, within(2.0));
    }
  }

  @Test
  void varianceGrowsWithTheHorizonAsTheFormulaSays() {
    double[] y = Series.arma(13, 500, new double[0], new double[0], 20);
    Ets.Fit f = Ets.fit(y, EtsKind.SIMPLE, 0);
    double a = f.params()[0];
    assertThat(f.end().variance(1)).isCloseTo(f.sigma2(), within(1e-12));
    assertThat(f.end().variance(4)).isCloseTo(f.sigma2() * (1 + 3 * a * a), within(1e-9));
  }

  @Test
  void aRefitKeepsTheMethodAndLandsWhereAFullFitOfItDoes() {
    double[] y = Series.seasonal(14, 24 * 25, 24, 100, 20, 1);
    Ets.Fit yesterday = Ets.fit(java.util.Arrays.copyOfRange(y, 0, 24 * 20), EtsKind.ADDITIVE, 24);
    double[] today = java.util.Arrays.copyOfRange(y, 24 * 5, y.length);
    Ets.Fit refit = Ets.refit(today, 24, yesterday.end());
    Ets.Fit full = Ets.fit(today, EtsKind.ADDITIVE, 24);
    assertThat(refit.kind()).isEqualTo(EtsKind.ADDITIVE);
    for (int i : new int[] {0, 3}) {
      assertThat(refit.params()[i]).isCloseTo(full.params()[i], within(0.01));
    }
    assertThat(refit.sigma2()).isCloseTo(full.sigma2(), within(0.01 * full.sigma2()));
    Ets.Fit damped = Ets.fit(today, EtsKind.DAMPED, 0, yesterday.end());
    assertThat(damped.params())
        .as("another method starts afresh")
        .containsExactly(Ets.fit(today, EtsKind.DAMPED, 0).params());
  }

  @Test
  void aRefitChoosesAgainWhereTheSeasonNoLongerApplies() {
    double[] y = Series.seasonal(15, 24 * 20, 24, 100, 20, 1);
    Ets.Fit seasonal = Ets.fit(y, EtsKind.ADDITIVE, 24);
    assertThat(Ets.refit(y, 0, seasonal.end()).kind())
        .as("no period now")
        .isIn(EtsKind.SIMPLE, EtsKind.DAMPED);
    assertThat(Ets.refit(y, 12, seasonal.end()).kind())
        .as("another period")
        .isEqualTo(Ets.auto(y, 12).kind());
    double[] zeros = y.clone();
    zeros[7] = 0;
    Ets.Fit multiplicative = Ets.fit(y, EtsKind.MULTIPLICATIVE, 24);
    assertThat(Ets.refit(zeros, 24, multiplicative.end()).kind())
        .as("a zero rules out multiplicative seasons")
        .isNotEqualTo(EtsKind.MULTIPLICATIVE);
  }
}
