package org.pae.core.forecast.arima;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.pae.core.forecast.Series;
import org.pae.core.forecast.fit.LeastSquares;

class ArimaTest {
  @Test
  void recoversAnAr2() {
    double[] y = Series.arma(1, 2000, new double[] {0.6, -0.2}, new double[0], 10);
    ArimaModel m = Arima.fit(y, new ArimaOrder(2, 0, 0, 0, 0));
    assertThat(m.phi()[0]).isCloseTo(0.6, within(0.05));
    assertThat(m.phi()[1]).isCloseTo(-0.2, within(0.05));
    assertThat(m.mean()).isCloseTo(10, within(0.1));
    assertThat(m.sigma2()).isCloseTo(1, within(0.08));
  }

  @Test
  void recoversAnArima211OnAverage() {
    // AR and MA terms trade off in an ARMA(2,1): one series' estimates scatter by about 0.08,
    // their mean over five series lies close to the truth.
    double[] sum = new double[3];
    for (long seed = 1; seed <= 5; seed++) {
      double[] w = Series.arma(seed, 2000, new double[] {0.6, -0.2}, new double[] {0.4}, 0);
      ArimaModel m = Arima.fit(Series.integrate(w, 100), new ArimaOrder(2, 1, 1, 0, 0));
      sum[0] += m.phi()[0] / 5;
      sum[1] += m.phi()[1] / 5;
      sum[2] += m.theta()[0] / 5;
    }
    assertThat(sum[0]).isCloseTo(0.6, within(0.05));
    assertThat(sum[1]).isCloseTo(-0.2, within(0.05));
    assertThat(sum[2]).isCloseTo(0.4, within(0.05));
  }

  @Test
  void autoDifferencesARandomWalkAndNotAStationarySeries() {
    double[] walk = Series.integrate(Series.arma(3, 1000, new double[0], new double[0], 0), 0);
    assertThat(Arima.auto(walk, 0, 2, 2).order().d()).isEqualTo(1);
    double[] ar = Series.arma(4, 1000, new double[] {0.5}, new double[0], 5);
    ArimaModel m = Arima.auto(ar, 0, 2, 2);
    assertThat(m.order().d()).isZero();
    assertThat(m.order().p()).isPositive();
  }

  @Test
  void forecastsAnAr1WithItsTheoreticalMeanAndVariance() {
    double[] y = Series.arma(5, 3000, new double[] {0.7}, new double[0], 0);
    ArimaModel m = Arima.fit(y, new ArimaOrder(1, 0, 0, 0, 0));
    ArimaPredictor p = m.predictor(y);
    double phi = m.phi()[0];
    // The predictor keeps past values as floats.
    double last = (float) y[y.length - 1];
    assertThat(p.mean(1)).isCloseTo(m.mean() + phi * (last - m.mean()), within(1e-9));
    assertThat(p.mean(3)).isCloseTo(m.mean() + phi * phi * phi * (last - m.mean()), within(1e-9));
    assertThat(p.variance(2)).isCloseTo(m.sigma2() * (1 + phi * phi), within(1e-9));
    double next = (float) (last + 1);
    p.update(next);
    assertThat(p.mean(1)).isCloseTo(m.mean() + phi * (next - m.mean()), within(1e-9));
  }

  @Test
  void seasonalDifferencingCarriesTheSeasonForward() {
    double[] y = Series.seasonal(6, 24 * 20, 24, 50, 10, 0.5);
    ArimaModel m = Arima.auto(y, 24, 1, 1);
    assertThat(m.order().seasonalD()).isEqualTo(1);
    ArimaPredictor p = m.predictor(y);
    int n = y.length;
    for (int h = 1; h <= 24; h++) {
      double truth = 50 + 10 * Math.sin(2 * Math.PI * (n - 1 + h) / 24);
      assertThat(p.mean(h)).isCloseTo(truth, within(1.5));
    }
  }

  @Test
  void aConstantSeriesForecastsItselfWithNoSpread() {
    double[] y = new double[100];
    java.util.Arrays.fill(y, 7);
    ArimaModel m = Arima.auto(y, 0, 2, 2);
    ArimaPredictor p = m.predictor(y);
    assertThat(p.mean(5)).isCloseTo(7, within(1e-9));
    assertThat(p.variance(5)).isCloseTo(0, within(1e-12));
  }

  @Test
  void kpssTellsAWalkFromNoise() {
    double[] noise = Series.arma(7, 500, new double[0], new double[0], 0);
    assertThat(Kpss.statistic(noise)).isLessThan(Kpss.CRITICAL_5_PERCENT);
    assertThat(Kpss.statistic(Series.integrate(noise, 0))).isGreaterThan(Kpss.CRITICAL_5_PERCENT);
  }

  @Test
  void sharingTheSeriesPastForecastsAsItsOwnCopyDoes() {
    double[] y = Series.seasonal(8, 24 * 20, 24, 50, 10, 0.5);
    ArimaModel m = Arima.auto(y, 24, 2, 1);
    java.util.List<Double> seen = new java.util.ArrayList<>();
    for (double v : y) {
      seen.add((double) (float) v);
    }
    org.pae.core.forecast.online.Predictor own = m.predictor(y);
    org.pae.core.forecast.online.Predictor shared =
        m.predictor(y).sharing(lag -> seen.get(seen.size() - lag));
    assertThat(shared).isNotSameAs(own);
    double[] next = Series.seasonal(9, 100, 24, 50, 10, 0.5);
    for (double v : next) {
      own.update(v);
      shared.update(v);
      seen.add((double) (float) v);
      for (int h : new int[] {1, 12, 24, 60}) {
        assertThat(shared.mean(h)).isEqualTo(own.mean(h));
        assertThat(shared.variance(h)).isEqualTo(own.variance(h));
      }
    }
  }

  @Test
  void aPredictorGivesBackTheCoefficientsOfTheModelItRuns() {
    double[] y = Series.seasonal(21, 24 * 20, 24, 50, 10, 0.5);
    double[] walk = Series.integrate(Series.arma(22, 600, new double[] {0.5}, new double[0], 0), 9);
    ArimaModel[] models = {
      Arima.fit(
          Series.arma(23, 600, new double[] {0.6, -0.2}, new double[] {0.3}, 10),
          new ArimaOrder(2, 0, 1, 0, 0)),
      Arima.fit(walk, new ArimaOrder(1, 1, 1, 0, 0)),
      Arima.fit(Series.integrate(walk, 0), new ArimaOrder(2, 2, 0, 0, 0)),
      Arima.fit(y, new ArimaOrder(1, 0, 1, 1, 24)),
      Arima.fit(y, new ArimaOrder(2, 1, 2, 1, 24)),
    };
    for (ArimaModel m : models) {
      ArimaModel back = m.predictor(y).model();
      assertThat(back.order()).isEqualTo(m.order());
      for (int i = 0; i < m.phi().length; i++) {
        assertThat(back.phi()[i]).as(m + " phi" + i).isCloseTo(m.phi()[i], within(1e-9));
      }
      assertThat(back.theta()).containsExactly(m.theta());
      assertThat(back.seasonalTheta()).isEqualTo(m.seasonalTheta());
      assertThat(back.mean()).as(m + " mean").isCloseTo(m.mean(), within(1e-9));
    }
  }

  @Test
  void aRefitOnTheNextDayLandsWhereAFullFitOfItsOrderDoes() {
    double[] w = Series.arma(24, 2000 + 288, new double[] {0.6, -0.2}, new double[] {0.3}, 0);
    double[] y = Series.integrate(w, 100);
    ArimaOrder order = new ArimaOrder(2, 1, 1, 0, 0);
    ArimaModel yesterday = Arima.fit(java.util.Arrays.copyOfRange(y, 0, 2000), order);
    double[] today = java.util.Arrays.copyOfRange(y, 288, y.length);
    ArimaModel refit = Arima.refit(today, 0, 2, 2, yesterday.predictor(today).model());
    ArimaModel full = Arima.fit(today, order);
    assertThat(refit.order()).isEqualTo(order);
    for (int i = 0; i < 2; i++) {
      assertThat(refit.phi()[i]).isCloseTo(full.phi()[i], within(1e-3));
    }
    assertThat(refit.theta()[0]).isCloseTo(full.theta()[0], within(1e-3));
    assertThat(refit.sigma2()).isCloseTo(full.sigma2(), within(1e-4 * full.sigma2()));
  }

  @Test
  void aRefitChoosesAgainWhereTheDifferencingShouldChange() {
    double[] y = Series.seasonal(25, 24 * 20, 24, 50, 10, 0.5);
    ArimaModel plain = Arima.fit(y, new ArimaOrder(1, 0, 0, 0, 0));
    assertThat(Arima.refit(y, 24, 2, 2, plain).order().seasonalD())
        .as("a season found since")
        .isEqualTo(1);
    double[] walk = Series.integrate(Series.arma(26, 1000, new double[0], new double[0], 0), 0);
    ArimaModel stationary = Arima.fit(walk, new ArimaOrder(1, 0, 0, 0, 0));
    assertThat(Arima.refit(walk, 0, 2, 2, stationary).order().d())
        .as("a walk now, by KPSS")
        .isEqualTo(1);
  }

  @Test
  void theBoundOnTheImpulseResponseNeverAdmitsWhatItsRecursionWouldRefuse() {
    java.util.Random rnd = new java.util.Random(27);
    int[][] lagSets = {{1}, {1, 2}, {1, 2, 288}, {1, 288}, {288}, {1, 2, 24}};
    int bounded = 0;
    for (int k = 0; k < 600; k++) {
      int[] lags = lagSets[k % lagSets.length];
      int scale = lags[lags.length - 1] > 2 ? lags[lags.length - 1] : 1;
      double[] coef = new double[lags.length];
      for (int i = 0; i < coef.length; i++) {
        coef[i] = (rnd.nextDouble() * 2 - 1) * (i == coef.length - 1 ? 1.0 : 0.4);
      }
      if (Arima.boundDecays(lags, coef, scale)) {
        bounded++;
        assertThat(Arima.impulseResponseDecays(lags, coef, scale))
            .as(java.util.Arrays.toString(lags) + " " + java.util.Arrays.toString(coef))
            .isTrue();
      }
    }
    assertThat(bounded).isBetween(100, 500);
    // Invertible, but 0.99^60 = 0.55 of a seasonal MA's response is left after sixty periods.
    int[] seasonal = {288};
    assertThat(Arima.boundDecays(seasonal, new double[] {0.99}, 288)).isFalse();
    assertThat(Arima.impulseResponseDecays(seasonal, new double[] {0.99}, 288)).isFalse();
    assertThat(Arima.boundDecays(seasonal, new double[] {0.9}, 288)).isTrue();
  }

  @Test
  void pastErrorsKeptInHalfPrecisionForecastWithinAThousandthOfSigma() {
    // Errors of ~2e5, beyond a half float's range unless kept in units of σ. Multiples of 8, so
    // the predictor's float copy of the series is exact: only the errors' coding separates it from
    // the fit's own double residuals.
    double[] y = Series.seasonal(29, 24 * 30, 24, 5e7, 5e6, 2e5);
    for (int t = 0; t < y.length; t++) {
      y[t] = 8 * Math.rint(y[t] / 8);
    }
    ArimaOrder order = new ArimaOrder(0, 0, 0, 1, 24);
    ArimaModel m = Arima.fit(y, order);
    double[] e =
        Arima.residuals(Arima.differenced(y, order), order, new double[] {m.seasonalTheta()});
    ArimaPredictor p = m.predictor(y);
    double sigma = Math.sqrt(m.sigma2());
    int n = y.length;
    for (int h = 1; h <= 24; h++) {
      double exact = y[n + h - 1 - 24] + m.seasonalTheta() * e[e.length + h - 1 - 24];
      assertThat(p.mean(h)).as("h=" + h).isCloseTo(exact, within(1e-3 * sigma));
    }
  }

  @Test
  void theExactJacobianOfTheErrorsIsTheirForwardDifferences() {
    double[] seasonal = Series.seasonal(30, 24 * 20, 24, 50, 10, 0.5);
    double[] arma = Series.arma(31, 800, new double[] {0.5, -0.2}, new double[] {0.3, 0.1}, 10);
    Object[][] cases = {
      {arma, new ArimaOrder(2, 0, 2, 0, 0), new double[] {0.4, -0.1, 0.2, 0.05, 9.5}},
      {Series.integrate(arma, 0), new ArimaOrder(1, 1, 1, 0, 0), new double[] {0.3, 0.2}},
      {seasonal, new ArimaOrder(2, 1, 2, 1, 24), new double[] {0.2, 0.1, -0.3, 0.1, -0.6}},
      {seasonal, new ArimaOrder(0, 0, 1, 1, 24), new double[] {0.3, -0.5}},
    };
    for (Object[] c : cases) {
      ArimaOrder order = (ArimaOrder) c[1];
      double[] x = (double[]) c[2];
      Arima.Css css = new Arima.Css(Arima.differenced((double[]) c[0], order), order);
      double[] r = css.at(x);
      double[][] exact = new double[x.length][];
      double[][] differences = new double[x.length][];
      css.jacobian(x.clone(), r, exact);
      ((LeastSquares.Residuals) css::at).jacobian(x.clone(), r, differences);
      for (int j = 0; j < x.length; j++) {
        double scale = 0;
        for (double v : differences[j]) {
          scale = Math.max(scale, Math.abs(v));
        }
        for (int t = 0; t < r.length; t++) {
          assertThat(exact[j][t])
              .as(order + " coefficient " + j + " at " + t)
              .isCloseTo(differences[j][t], within(1e-4 * scale + 1e-6));
        }
      }
    }
  }
}
