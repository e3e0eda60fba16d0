package org.pae.core.forecast.ets;

import java.util.List;
import org.pae.core.forecast.fit.LeastSquares;

/**
 * Fits exponential smoothing by least squares of the one-step errors (Levenberg–Marquardt over
 * logistic transforms that keep 0 &lt; β ≤ α &lt; 1, 0 &lt; γ &lt; 1 − α, 0.8 ≤ φ ≤ 0.98). The
 * initial states are the classical heuristics (the first period's mean, the change between the
 * first two periods, the first periods' deviations), not fitted. {@link #auto} picks the method by
 * AICc.
 */
public final class Ets {
  private Ets() {}

  /** A fitted method: its predictor at the end of the history, and its AICc. */
  public record Fit(EtsKind kind, double[] params, double sigma2, double aicc, EtsPredictor end) {
    public Fit {
      params = params.clone();
    }

    /** α, then β, φ (with a trend), then γ (with seasons). */
    @Override
    public double[] params() {
      return params.clone();
    }
  }

  /** Fits one method; {@code period} must be &gt; 1 for the seasonal ones. */
  public static Fit fit(double[] y, EtsKind kind, int period) {
    return fit(y, kind, period, start(kind), LeastSquares.MAX_EVALUATIONS);
  }

  /**
   * Fits {@code kind} on {@code y}, starting from {@code previous}'s parameters where it runs the
   * same method on the same period (a refit between full selections: the fit starts near its
   * optimum), else from the usual start.
   */
  public static Fit fit(double[] y, EtsKind kind, int period, EtsPredictor previous) {
    return sameMethod(previous, kind, period)
        ? fit(y, kind, period, warmStart(previous), LeastSquares.REFIT_EVALUATIONS)
        : fit(y, kind, period);
  }

  /**
   * Re-estimates the method {@code previous} runs on {@code y} from its parameters: the method
   * {@link #auto} chose stays between its full selections. Falls back to {@link #auto} where the
   * method no longer applies: a seasonal one whose period is not {@code period} or lacks two
   * periods of history, or a multiplicative one on a series with a value at or below 0.
   */
  public static Fit refit(double[] y, int period, EtsPredictor previous) {
    EtsKind kind = previous.kind();
    boolean applies =
        !kind.seasonal
            || (previous.seasons() == period
                && y.length >= 2 * period
                && (kind != EtsKind.MULTIPLICATIVE || positive(y)));
    return applies && y.length >= 3
        ? fit(
            y,
            kind,
            kind.seasonal ? period : 0,
            warmStart(previous),
            LeastSquares.REFIT_EVALUATIONS)
        : auto(y, period);
  }

  private static boolean sameMethod(EtsPredictor previous, EtsKind kind, int period) {
    return previous != null
        && previous.kind() == kind
        && (!kind.seasonal || previous.seasons() == period);
  }

  private static Fit fit(double[] y, EtsKind kind, int period, double[] startAt, int evaluations) {
    int m = kind.seasonal ? period : 0;
    if (kind.seasonal && (period < 2 || y.length < 2 * period)) {
      throw new IllegalArgumentException(
          kind + " needs a period > 1 and two periods of history: period=" + period);
    }
    if (y.length < 3) {
      throw new IllegalArgumentException(kind + " needs three samples; has " + y.length);
    }
    double[] state = initialState(y, kind, m);
    LeastSquares.Solution solution =
        LeastSquares.minimise(
            raw -> errors(y, kind, params(kind, raw), state), startAt, evaluations);
    double[] params = params(kind, solution.x());
    double[] e = solution.residuals();
    double sse = 0;
    for (double v : e) {
      sse += v * v;
    }
    int n = y.length;
    double sigma2 = sse / n;
    int k = kind.parameters() + 1 + (kind.trend ? 1 : 0) + (m > 0 ? m - 1 : 0);
    double aicc =
        n * Math.log(Math.max(sigma2, 1e-300))
            + 2.0 * k
            + 2.0 * k * (k + 1) / Math.max(1, n - k - 1);
    EtsPredictor end = new EtsPredictor(kind, params, state, sigma2);
    for (double v : y) {
      end.update(v);
    }
    return new Fit(kind, params, sigma2, aicc, end.compact());
  }

  /**
   * The method with the lowest AICc among simple, damped Holt and (when {@code period} &gt; 1 and
   * the history holds two periods) additive and, for a positive series, multiplicative
   * Holt–Winters.
   */
  public static Fit auto(double[] y, int period) {
    boolean seasons = period > 1 && y.length >= 2 * period;
    List<EtsKind> kinds =
        seasons
            ? positive(y)
                ? List.of(EtsKind.SIMPLE, EtsKind.DAMPED, EtsKind.ADDITIVE, EtsKind.MULTIPLICATIVE)
                : List.of(EtsKind.SIMPLE, EtsKind.DAMPED, EtsKind.ADDITIVE)
            : List.of(EtsKind.SIMPLE, EtsKind.DAMPED);
    Fit best = null;
    for (EtsKind kind : kinds) {
      Fit f = fit(y, kind, period);
      if (best == null || f.aicc() < best.aicc()) {
        best = f;
      }
    }
    return best;
  }

  private static boolean positive(double[] y) {
    boolean positive = true;
    for (double v : y) {
      positive &= v > 0;
    }
    return positive;
  }

  /** The transformed parameters of a fitted model: the inverse of {@link #params}. */
  private static double[] warmStart(EtsPredictor previous) {
    EtsKind kind = previous.kind();
    double[] u = new double[kind.parameters()];
    double alpha = previous.alpha();
    u[0] = logit((alpha - 1e-4) / (0.9999 - 1e-4));
    if (kind.trend) {
      u[1] = logit(previous.beta() / alpha);
      u[2] = logit((previous.phi() - 0.8) / 0.18);
    }
    if (kind.seasonal) {
      u[3] = logit(previous.gamma() / (1 - alpha));
    }
    return u;
  }

  /**
   * log(s / (1 − s)), with s kept within [0.01, 0.99]: a parameter fitted at its bound would
   * otherwise start where the logistic is flat, and the fit could not leave it.
   */
  private static double logit(double share) {
    double s = Math.max(0.01, Math.min(0.99, share));
    return Math.log(s / (1 - s));
  }

  private static double[] start(EtsKind kind) {
    // α ≈ 0.5, β ≈ 0.1 α, φ ≈ 0.97, γ ≈ 0.1 (1 − α): the logits of those shares.
    double[] u = new double[kind.parameters()];
    u[0] = 0;
    if (kind.trend) {
      u[1] = -2.2;
      u[2] = 2.3;
    }
    if (kind.seasonal) {
      u[3] = -2.2;
    }
    return u;
  }

  private static double logistic(double u) {
    return 1 / (1 + Math.exp(-u));
  }

  static double[] params(EtsKind kind, double[] u) {
    double[] p = new double[4];
    p[0] = 1e-4 + (0.9999 - 1e-4) * logistic(u[0]);
    if (kind.trend) {
      p[1] = p[0] * logistic(u[1]);
      p[2] = 0.8 + 0.18 * logistic(u[2]);
    }
    if (kind.seasonal) {
      p[3] = (1 - p[0]) * logistic(u[3]);
    }
    return p;
  }

  private static double[] errors(double[] y, EtsKind kind, double[] params, double[] state) {
    EtsPredictor p = new EtsPredictor(kind, params, state, 0);
    double[] e = new double[y.length];
    for (int t = 0; t < y.length; t++) {
      double v = p.step(y[t]);
      e[t] = Double.isFinite(v) ? v : 1e150;
    }
    return e;
  }

  private static double[] initialState(double[] y, EtsKind kind, int m) {
    double[] state = new double[2 + m];
    if (m == 0) {
      state[0] = y[0];
      state[1] = kind.trend ? (y[Math.min(y.length - 1, 3)] - y[0]) / Math.min(y.length - 1, 3) : 0;
      return state;
    }
    double first = mean(y, 0, m);
    double second = mean(y, m, 2 * m);
    state[0] = first;
    state[1] = (second - first) / m;
    int periods = Math.min(3, y.length / m);
    double[] levels = new double[periods];
    for (int k = 0; k < periods; k++) {
      levels[k] = mean(y, k * m, (k + 1) * m);
    }
    for (int i = 0; i < m; i++) {
      double s = 0;
      for (int k = 0; k < periods; k++) {
        double levelK = levels[k];
        s +=
            kind == EtsKind.MULTIPLICATIVE
                ? y[k * m + i] / Math.max(levelK, 1e-12)
                : y[k * m + i] - levelK;
      }
      state[2 + i] = s / periods;
    }
    return state;
  }

  private static double mean(double[] y, int from, int to) {
    double s = 0;
    for (int t = from; t < to; t++) {
      s += y[t];
    }
    return s / (to - from);
  }
}
