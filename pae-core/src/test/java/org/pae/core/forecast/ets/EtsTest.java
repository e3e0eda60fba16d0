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
}
