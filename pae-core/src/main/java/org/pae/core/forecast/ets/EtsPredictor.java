package org.pae.core.forecast.ets;

import java.util.Arrays;
import org.pae.core.forecast.online.Predictor;

/**
 * Exponential smoothing in error-correction form (Hyndman et al., "Forecasting with Exponential
 * Smoothing", 2008), additive errors: with ŷ = ℓ + φb (+ s or × s), e = y − ŷ,
 *
 * <pre>
 *   ℓ ← ℓ + φb + α e (÷ s)    b ← φb + β e (÷ s)    s ← s + γ e (÷ (ℓ + φb))
 * </pre>
 *
 * The variance at h steps is σ²(1 + Σ_{j&lt;h} cⱼ²), cⱼ = α + β(φ + … + φʲ) + γ[j mod m = 0], exact
 * for the additive methods and a first-order approximation for multiplicative seasonality (whose
 * quantiles the calibration corrects anyway).
 *
 * <p>Fitting runs it on doubles; the fitted model rolled forward keeps its seasons as floats (7
 * significant digits, as many as the history it was fitted to), half the heap of a daily season.
 */
public final class EtsPredictor implements Predictor {
  private final EtsKind kind;
  private final double alpha;
  private final double beta;
  private final double gamma;
  private final double phi;
  private final double sigma2;
  private final double[] season;
  private final float[] kept;
  private double level;
  private double trend;
  private int index;
  private double[] cumC2 = new double[0];

  EtsPredictor(EtsKind kind, double[] params, double[] state, double sigma2) {
    this.kind = kind;
    this.alpha = params[0];
    this.beta = kind.trend ? params[1] : 0;
    this.phi = kind.trend ? params[2] : 1;
    this.gamma = kind.seasonal ? params[3] : 0;
    this.sigma2 = sigma2;
    this.level = state[0];
    this.trend = state[1];
    this.season = Arrays.copyOfRange(state, 2, state.length);
    this.kept = null;
    this.index = 0;
  }

  private EtsPredictor(EtsPredictor p) {
    this.kind = p.kind;
    this.alpha = p.alpha;
    this.beta = p.beta;
    this.gamma = p.gamma;
    this.phi = p.phi;
    this.sigma2 = p.sigma2;
    this.season = null;
    this.kept = new float[p.season.length];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = (float) p.season[i];
    }
    this.level = p.level;
    this.trend = p.trend;
    this.index = p.index;
  }

  /** This model in its current state, its seasons kept as floats from here on. */
  EtsPredictor compact() {
    return kept != null ? this : new EtsPredictor(this);
  }

  double alpha() {
    return alpha;
  }

  double beta() {
    return beta;
  }

  double phi() {
    return phi;
  }

  double gamma() {
    return gamma;
  }

  int seasons() {
    return kept != null ? kept.length : season.length;
  }

  private double season(int i) {
    return kept != null ? kept[i] : season[i];
  }

  EtsKind kind() {
    return kind;
  }

  /** The one-step error it would make on {@code y}, then takes {@code y}. */
  double step(double y) {
    double base = level + phi * trend;
    double s = seasons() == 0 ? 0 : season(index);
    double yhat =
        switch (kind) {
          case SIMPLE, DAMPED -> base;
          case ADDITIVE -> base + s;
          case MULTIPLICATIVE -> base * s;
        };
    double e = y - yhat;
    double scaled = kind == EtsKind.MULTIPLICATIVE ? e / s : e;
    level = base + alpha * scaled;
    trend = phi * trend + beta * scaled;
    if (kind.seasonal) {
      double v = kind == EtsKind.ADDITIVE ? s + gamma * e : s + gamma * e / base;
      if (kept != null) {
        kept[index] = (float) v;
      } else {
        season[index] = v;
      }
      index = (index + 1) % seasons();
    }
    return e;
  }

  @Override
  public void update(double y) {
    step(y);
  }

  @Override
  public double mean(int h) {
    double damp = phi == 1 ? h : phi * (1 - Math.pow(phi, h)) / (1 - phi);
    double base = level + damp * trend;
    if (seasons() == 0) {
      return base;
    }
    double s = season((index + h - 1) % seasons());
    return kind == EtsKind.MULTIPLICATIVE ? base * s : base + s;
  }

  @Override
  public double variance(int h) {
    if (cumC2.length <= h) {
      int n = Math.max(h + 1, cumC2.length * 2);
      double[] cum = new double[n];
      cum[1] = 1;
      double phiSum = 0;
      double power = 1;
      for (int j = 1; j + 1 < n; j++) {
        power *= phi;
        phiSum += power;
        double c = alpha + beta * phiSum + (seasons() > 0 && j % seasons() == 0 ? gamma : 0);
        cum[j + 1] = cum[j] + c * c;
      }
      cumC2 = cum;
    }
    return sigma2 * cumC2[h];
  }
}
