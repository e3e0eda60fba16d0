package org.pae.core.forecast.arima;

import java.util.ArrayList;
import java.util.List;
import org.pae.core.forecast.fit.LeastSquares;

/**
 * Fits ARIMA models by conditional sum of squares (CSS): the one-step errors of the differenced
 * series, with the errors before the first AR lag taken as zero, minimised by Levenberg–Marquardt.
 * {@link #auto} chooses the differencing by the KPSS test and (p, q) by AICc, as Hyndman and
 * Khandakar's auto.arima does (over a full grid instead of a stepwise search).
 */
public final class Arima {
  private Arima() {}

  /** Fits one order to {@code y} (oldest first). */
  public static ArimaModel fit(double[] y, ArimaOrder order) {
    return fit(y, order, null, LeastSquares.MAX_EVALUATIONS);
  }

  /**
   * Fits one order starting from the coefficients of {@code from} (a fit of the same order to
   * overlapping data), or from zero and the sample mean when it is null.
   */
  private static ArimaModel fit(double[] y, ArimaOrder order, ArimaModel from, int evaluations) {
    double[] w = differenced(y, order);
    int p = order.p();
    int q = order.q();
    int k = order.coefficients();
    double mean = 0;
    if (order.hasMean()) {
      for (double v : w) {
        mean += v;
      }
      mean /= Math.max(1, w.length);
    }
    double[] start = new double[k];
    if (from != null) {
      System.arraycopy(from.phi(), 0, start, 0, p);
      System.arraycopy(from.theta(), 0, start, p, q);
      if (order.seasonalD() == 1) {
        start[p + q] = from.seasonalTheta();
      }
    }
    if (order.hasMean()) {
      start[k - 1] = mean;
    }
    int count = w.length - p;
    if (count <= k + 1) {
      throw new IllegalArgumentException(
          order + " needs more than " + (k + 1 + p) + " differenced samples; has " + w.length);
    }
    LeastSquares.Solution solution = LeastSquares.minimise(new Css(w, order), start, evaluations);
    double[] x = solution.x();
    double[] e = solution.residuals();
    double sse = 0;
    for (double v : e) {
      sse += v * v;
    }
    double sigma2 = sse / count;
    int params = k + 1;
    double aicc =
        count * Math.log(Math.max(sigma2, 1e-300))
            + 2.0 * params
            + 2.0 * params * (params + 1) / Math.max(1, count - params - 1);
    double[] phi = new double[p];
    double[] theta = new double[q];
    System.arraycopy(x, 0, phi, 0, p);
    System.arraycopy(x, p, theta, 0, q);
    double seasonal = order.seasonalD() == 1 ? x[p + q] : 0;
    return new ArimaModel(
        order, phi, theta, seasonal, order.hasMean() ? x[k - 1] : 0, sigma2, aicc);
  }

  /** Orders are compared on at most this many of the latest samples (plus the seasonal lag). */
  static final int SELECTION_SAMPLES = 600;

  /**
   * The best model by AICc over p ≤ maxP, q ≤ maxQ, with d chosen by KPSS (at most 2) after a
   * seasonal difference when {@code period} &gt; 1 and the history holds at least three periods. A
   * series without variance gets the constant model. To bound the cost, orders are compared on the
   * latest {@value #SELECTION_SAMPLES} samples; the chosen order is then fitted to all of them,
   * starting from its coefficients on the latest.
   */
  public static ArimaModel auto(double[] y, int period, int maxP, int maxQ) {
    int seasonalD = period > 1 && y.length >= 3 * period ? 1 : 0;
    int s = seasonalD == 1 ? period : 0;
    double[] w = seasonalD == 1 ? difference(y, period) : y;
    int d = Kpss.differences(w, 2);
    int keep = Math.min(y.length, SELECTION_SAMPLES + s + d);
    double[] recent = java.util.Arrays.copyOfRange(y, y.length - keep, y.length);
    List<ArimaModel> fitted = new ArrayList<>();
    for (int p = 0; p <= maxP; p++) {
      for (int q = 0; q <= maxQ; q++) {
        ArimaOrder order = new ArimaOrder(p, d, q, seasonalD, s);
        if (recent.length - d - s - p <= order.coefficients() + 2) {
          continue;
        }
        fitted.add(fit(recent, order, null, LeastSquares.MAX_EVALUATIONS));
      }
    }
    ArimaModel best = bestAdmissible(fitted);
    if (best == null) {
      throw new IllegalArgumentException(
          "no ARIMA model fits a history of " + y.length + " samples");
    }
    if (keep == y.length) {
      return best;
    }
    ArimaModel full = fit(y, best.order(), best, LeastSquares.MAX_EVALUATIONS);
    return admissible(full) ? full : best;
  }

  /**
   * Re-estimates {@code previous}'s order on {@code y}, starting from its coefficients: the
   * parameters follow the series between the full selections of {@link #auto}, at the cost of one
   * fit that starts near its optimum instead of a search over every order. Falls back to {@link
   * #auto} where {@code auto} would now difference the series otherwise: another seasonal structure
   * ({@code period} or the history's length changed it) or another d by the KPSS test, which is
   * rerun (the differencing sets how a forecast's variance grows with the horizon; refitting the
   * same p and q on the new differencing instead cost 3 % of MASE one day ahead on memory); and
   * where the history is too short for the order or the fit is not admissible.
   */
  public static ArimaModel refit(double[] y, int period, int maxP, int maxQ, ArimaModel previous) {
    ArimaOrder o = previous.order();
    int seasonalD = period > 1 && y.length >= 3 * period ? 1 : 0;
    boolean same =
        o.seasonalD() == seasonalD
            && (seasonalD == 0 || o.period() == period)
            && Kpss.differences(seasonalD == 1 ? difference(y, period) : y, 2) == o.d()
            && o.p() <= maxP
            && o.q() <= maxQ
            && y.length - o.d() - o.period() - o.p() > o.coefficients() + 2;
    if (same) {
      ArimaModel m = fit(y, o, previous, LeastSquares.REFIT_EVALUATIONS);
      if (admissible(m)) {
        return m;
      }
    }
    return auto(y, period, maxP, maxQ);
  }

  /**
   * The admissible model of lowest AICc, the first of equals; null when none is. Admissibility is
   * checked in order of AICc and only until one passes: a seasonal model's check runs its impulse
   * responses over 60 periods, more than its fit costs.
   */
  private static ArimaModel bestAdmissible(List<ArimaModel> fitted) {
    List<ArimaModel> candidates = new ArrayList<>(fitted);
    while (!candidates.isEmpty()) {
      int best = 0;
      for (int i = 1; i < candidates.size(); i++) {
        if (candidates.get(i).aicc() < candidates.get(best).aicc()) {
          best = i;
        }
      }
      if (admissible(candidates.get(best))) {
        return candidates.get(best);
      }
      candidates.remove(best);
    }
    return null;
  }

  /**
   * Whether the model is stationary and invertible, checked on the impulse responses of 1/φ(B) and
   * 1/θ(B): both must die out.
   */
  static boolean admissible(ArimaModel m) {
    int[] maLags = maLags(m.order());
    double[] ma = maCoefficients(m);
    return decays(lagsOf(m.phi().length), m.phi(), 1)
        && decays(maLags, negate(ma), Math.max(1, m.order().period()));
  }

  private static boolean decays(int[] lags, double[] coef, int scale) {
    return lags.length == 0
        || boundDecays(lags, coef, scale)
        || impulseResponseDecays(lags, coef, scale);
  }

  /** Where the impulse response's tail starts, and how long it runs to, for a scale. */
  private static int horizon(int scale) {
    return 60 * scale + 200;
  }

  private static int tailFrom(int scale) {
    return horizon(scale) - scale - 10;
  }

  /**
   * Whether the response of 1/(1 − Σ cᵢ B^lagᵢ) surely decays by its tail without running it: by
   * induction on j, |g_j| &lt;= (Σ|cᵢ|)^ceil(j / longest lag), so where that bound is below the
   * tail's limit at the tail, so is the tail (a seasonal response runs 60 periods).
   */
  static boolean boundDecays(int[] lags, double[] coef, int scale) {
    int longest = 0;
    double sum = 0;
    for (int i = 0; i < lags.length; i++) {
      longest = Math.max(longest, lags[i]);
      sum += Math.abs(coef[i]);
    }
    return sum < 1 && Math.pow(sum, Math.ceilDiv(tailFrom(scale), longest)) < 0.049;
  }

  /** The response run to its horizon: it stays bounded and its tail is below 0.05. */
  static boolean impulseResponseDecays(int[] lags, double[] coef, int scale) {
    int horizon = horizon(scale);
    int tailFrom = tailFrom(scale);
    int longest = 0;
    for (int lag : lags) {
      longest = Math.max(longest, lag);
    }
    double[] g = new double[horizon];
    g[0] = 1;
    double tail = 0;
    for (int j = 1; j < horizon; j++) {
      double v = 0;
      if (j >= longest) {
        for (int i = 0; i < lags.length; i++) {
          v += coef[i] * g[j - lags[i]];
        }
      } else {
        for (int i = 0; i < lags.length; i++) {
          if (j - lags[i] >= 0) {
            v += coef[i] * g[j - lags[i]];
          }
        }
      }
      if (!(Math.abs(v) < 1e6)) {
        return false;
      }
      g[j] = v;
      if (j >= tailFrom) {
        tail = Math.max(tail, Math.abs(v));
      }
    }
    return tail < 0.05;
  }

  private static double[] negate(double[] a) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return out;
  }

  static int[] lagsOf(int n) {
    int[] lags = new int[n];
    for (int i = 0; i < n; i++) {
      lags[i] = i + 1;
    }
    return lags;
  }

  static int[] maLags(ArimaOrder o) {
    int[] lags = new int[o.q() + o.seasonalD()];
    for (int j = 0; j < o.q(); j++) {
      lags[j] = j + 1;
    }
    if (o.seasonalD() == 1) {
      lags[o.q()] = o.period();
    }
    return lags;
  }

  static double[] maCoefficients(ArimaModel m) {
    double[] c = new double[m.order().q() + m.order().seasonalD()];
    System.arraycopy(m.theta(), 0, c, 0, m.order().q());
    if (m.order().seasonalD() == 1) {
      c[m.order().q()] = m.seasonalTheta();
    }
    return c;
  }

  /** {@code x} differenced at {@code lag}: xₜ − xₜ₋ₗ, {@code lag} samples shorter. */
  public static double[] difference(double[] x, int lag) {
    double[] out = new double[Math.max(0, x.length - lag)];
    for (int t = 0; t < out.length; t++) {
      out[t] = x[t + lag] - x[t];
    }
    return out;
  }

  static double[] differenced(double[] y, ArimaOrder order) {
    double[] w = order.seasonalD() == 1 ? difference(y, order.period()) : y;
    for (int i = 0; i < order.d(); i++) {
      w = difference(w, 1);
    }
    return w;
  }

  /**
   * The CSS errors of a differenced series as the fit's residuals, with their exact derivatives:
   * each is a recursion through the MA terms as the errors are ({@link #jacobian}), and all of them
   * run in one pass, where forward differences took a pass per coefficient.
   */
  record Css(double[] w, ArimaOrder order) implements LeastSquares.Residuals {
    @Override
    public double[] at(double[] x) {
      return residuals(w, order, x);
    }

    /**
     * With e the errors, D the derivative of e by one coefficient (0 before the p-th sample): Dₜ =
     * −(dₜ + Σⱼ θⱼ Dₜ₋ⱼ + Θ Dₜ₋ₛ), where dₜ, the direct part, is wₜ₋ᵢ − μ for φᵢ, eₜ₋ⱼ for θⱼ, eₜ₋ₛ
     * for Θ and 1 − Σφ for μ. Where an error was not finite (kept as {@link #NOT_FINITE}) its
     * derivatives are 0.
     */
    @Override
    public void jacobian(double[] x, double[] e, double[][] columns) {
      int p = order.p();
      int q = order.q();
      int s = order.period();
      boolean seasonal = order.seasonalD() == 1;
      int k = x.length;
      int n = e.length;
      for (int j = 0; j < k; j++) {
        if (columns[j] == null || columns[j].length != n) {
          columns[j] = new double[n];
        }
      }
      double mu = order.hasMean() ? x[k - 1] : 0;
      double big = seasonal ? x[p + q] : 0;
      double phiSum = 0;
      for (int i = 0; i < p; i++) {
        phiSum += x[i];
      }
      for (int t = 0; t < n; t++) {
        boolean finite = e[t] != NOT_FINITE;
        for (int c = 0; c < k; c++) {
          double[] d = columns[c];
          double direct;
          if (c < p) {
            direct = w[t + p - 1 - c] - mu;
          } else if (c < p + q) {
            int lag = c - p + 1;
            direct = t - lag >= 0 ? e[t - lag] : 0;
          } else if (seasonal && c == p + q) {
            direct = t - s >= 0 ? e[t - s] : 0;
          } else {
            direct = 1 - phiSum;
          }
          double v = direct;
          for (int j = 1; j <= q && t - j >= 0; j++) {
            v += x[p + j - 1] * d[t - j];
          }
          if (seasonal && t - s >= 0) {
            v += big * d[t - s];
          }
          d[t] = finite ? -v : 0;
        }
      }
    }
  }

  /**
   * An error that was not finite, as the residuals keep it: large enough that its square dominates
   * any fit's cost, small enough that the square stays finite.
   */
  static final double NOT_FINITE = 1e150;

  /** The CSS one-step errors of the differenced series {@code w} from its p-th sample on. */
  static double[] residuals(double[] w, ArimaOrder order, double[] x) {
    int p = order.p();
    int q = order.q();
    int s = order.period();
    boolean seasonal = order.seasonalD() == 1;
    double mu = order.hasMean() ? x[order.coefficients() - 1] : 0;
    double big = seasonal ? x[p + q] : 0;
    // out[t - p] is the error at t; the errors before the p-th sample are zero.
    double[] out = new double[w.length - p];
    for (int t = p; t < w.length; t++) {
      double pred = mu;
      for (int i = 1; i <= p; i++) {
        pred += x[i - 1] * (w[t - i] - mu);
      }
      for (int j = 1; j <= q && t - j >= p; j++) {
        pred += x[p + j - 1] * out[t - j - p];
      }
      if (seasonal && t - s >= p) {
        pred += big * out[t - s - p];
      }
      double err = w[t] - pred;
      out[t - p] = Double.isFinite(err) ? err : NOT_FINITE;
    }
    return out;
  }
}
