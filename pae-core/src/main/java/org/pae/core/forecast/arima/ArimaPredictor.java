package org.pae.core.forecast.arima;

import java.util.Arrays;
import org.pae.core.forecast.online.Past;
import org.pae.core.forecast.online.Predictor;

/**
 * An ARIMA model rolled forward on the undifferenced series: the differencing is multiplied into
 * the AR polynomial, so one update is a dot product over the non-zero lags and the h-step mean is
 * the usual recursion with future errors at zero. The error variance at h steps is σ² Σ_{j&lt;h}
 * ψⱼ², with ψ the MA(∞) weights of the whole model. Past values are kept as floats (a seasonal
 * model looks a period back, and the history it is fitted to holds no more digits) and read from
 * the series' {@link Past} once it {@linkplain #sharing shares} it. Past errors are kept as half
 * floats in units of σ: 11 significant bits, so a seasonal MA term's error is off by at most 2⁻¹¹
 * of Θ·e, a few ten-thousandths of σ, and a day of them costs 576 bytes instead of 1,152.
 */
public final class ArimaPredictor implements Predictor {
  /** The largest finite half float. */
  private static final double HALF_MAX = 65_504;

  private final ArimaOrder order;
  private final int[] arLag;
  private final double[] arCoef;
  private final int[] maLag;
  private final double[] maCoef;
  private final double constant;
  private final double sigma2;
  private final float[] ys;
  private final Past past;
  private final short[] es;
  private final double errorUnit;
  private int head;
  private double[] path = new double[2];
  private int pathValid;
  private double[] cumPsi2 = new double[0];

  ArimaPredictor(ArimaModel m, double[] history) {
    ArimaOrder o = m.order();
    order = o;
    double[] poly = {1};
    double[] phiPoly = new double[o.p() + 1];
    phiPoly[0] = 1;
    for (int i = 0; i < o.p(); i++) {
      phiPoly[i + 1] = -m.phi()[i];
    }
    poly = multiply(poly, phiPoly);
    for (int i = 0; i < o.d(); i++) {
      poly = multiply(poly, new double[] {1, -1});
    }
    if (o.seasonalD() == 1) {
      double[] seasonal = new double[o.period() + 1];
      seasonal[0] = 1;
      seasonal[o.period()] = -1;
      poly = multiply(poly, seasonal);
    }
    int nonZero = 0;
    for (int i = 1; i < poly.length; i++) {
      if (poly[i] != 0) {
        nonZero++;
      }
    }
    arLag = new int[nonZero];
    arCoef = new double[nonZero];
    for (int i = 1, k = 0; i < poly.length; i++) {
      if (poly[i] != 0) {
        arLag[k] = i;
        arCoef[k++] = -poly[i];
      }
    }
    maLag = Arima.maLags(o);
    maCoef = Arima.maCoefficients(m);
    double phiSum = 0;
    for (double f : m.phi()) {
      phiSum += f;
    }
    constant = o.hasMean() ? m.mean() * (1 - phiSum) : 0;
    sigma2 = m.sigma2();
    ys = new float[Math.max(1, poly.length - 1)];
    past = null;
    es = new short[Math.max(1, maLag.length == 0 ? 1 : maLag[maLag.length - 1])];
    errorUnit = sigma2 > 0 && Double.isFinite(sigma2) ? Math.sqrt(sigma2) : 1;
    head = -1;
    for (int t = 0; t < history.length; t++) {
      if (t < ys.length) {
        push(history[t], 0);
      } else {
        update(history[t]);
      }
    }
  }

  private ArimaPredictor(ArimaPredictor p, Past past) {
    order = p.order;
    arLag = p.arLag;
    arCoef = p.arCoef;
    maLag = p.maLag;
    maCoef = p.maCoef;
    constant = p.constant;
    sigma2 = p.sigma2;
    ys = null;
    this.past = past;
    es = p.es.clone();
    errorUnit = p.errorUnit;
    head = p.head;
    path = p.path.clone();
    pathValid = p.pathValid;
    cumPsi2 = p.cumPsi2;
  }

  /**
   * The model it runs, recovered from its coefficients (the AR polynomial divided by the
   * differencing again, the constant by 1 − Σφ), to start a refit of the same order from; its AICc
   * is NaN (it belongs to the fit on another history).
   */
  public ArimaModel model() {
    int p = order.p();
    int q = order.q();
    double[] b = new double[arLag.length == 0 ? 1 : arLag[arLag.length - 1] + 1];
    b[0] = 1;
    for (int i = 0; i < arLag.length; i++) {
      b[arLag[i]] = -arCoef[i];
    }
    if (order.seasonalD() == 1) {
      for (int i = order.period(); i < b.length; i++) {
        b[i] += b[i - order.period()];
      }
    }
    for (int k = 0; k < order.d(); k++) {
      for (int i = 1; i < b.length; i++) {
        b[i] += b[i - 1];
      }
    }
    double[] phi = new double[p];
    double phiSum = 0;
    for (int i = 0; i < p; i++) {
      phi[i] = i + 1 < b.length ? -b[i + 1] : 0;
      phiSum += phi[i];
    }
    double[] theta = Arrays.copyOf(maCoef, q);
    double seasonal = order.seasonalD() == 1 ? maCoef[q] : 0;
    double mean = order.hasMean() && phiSum != 1 ? constant / (1 - phiSum) : 0;
    return new ArimaModel(order, phi, theta, seasonal, mean, sigma2, Double.NaN);
  }

  /**
   * Reads past values from {@code shared} once it has been rolled over as many as it looks back.
   */
  @Override
  public Predictor sharing(Past shared) {
    return ys != null && head + 1 >= ys.length ? new ArimaPredictor(this, shared) : this;
  }

  @Override
  public int reach() {
    return past != null && arLag.length > 0 ? arLag[arLag.length - 1] : 0;
  }

  private static double[] multiply(double[] a, double[] b) {
    double[] out = new double[a.length + b.length - 1];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        out[i + j] += a[i] * b[j];
      }
    }
    return out;
  }

  private void push(double y, double e) {
    head++;
    if (ys != null) {
      ys[head % ys.length] = (float) y;
    }
    double units = Math.max(-HALF_MAX, Math.min(HALF_MAX, e / errorUnit));
    es[head % es.length] = Float.floatToFloat16((float) units);
    pathValid = 0;
  }

  /** The value {@code lag} >= 1 steps before the next one. */
  private double pastY(int lag) {
    return past != null ? past.back(lag) : ys[Math.floorMod(head - lag + 1, ys.length)];
  }

  private double pastE(int lag) {
    return Float.float16ToFloat(es[Math.floorMod(head - lag + 1, es.length)]) * errorUnit;
  }

  @Override
  public void update(double y) {
    double pred = constant;
    for (int i = 0; i < arLag.length; i++) {
      pred += arCoef[i] * pastY(arLag[i]);
    }
    for (int j = 0; j < maLag.length; j++) {
      pred += maCoef[j] * pastE(maLag[j]);
    }
    push(y, y - pred);
  }

  @Override
  public double mean(int h) {
    if (h > pathValid) {
      extendPath(h);
    }
    return path[h];
  }

  private void extendPath(int h) {
    if (path.length <= h) {
      path = Arrays.copyOf(path, Math.max(h + 1, path.length * 2));
    }
    for (int k = pathValid + 1; k <= h; k++) {
      double v = constant;
      for (int i = 0; i < arLag.length; i++) {
        int back = k - arLag[i];
        v += arCoef[i] * (back >= 1 ? path[back] : pastY(1 - back));
      }
      for (int j = 0; j < maLag.length; j++) {
        int back = k - maLag[j];
        if (back < 1) {
          v += maCoef[j] * pastE(1 - back);
        }
      }
      path[k] = v;
    }
    pathValid = h;
  }

  @Override
  public double variance(int h) {
    if (cumPsi2.length <= h) {
      growPsi(h);
    }
    return sigma2 * cumPsi2[h];
  }

  private void growPsi(int h) {
    int n = Math.max(h + 1, cumPsi2.length * 2);
    double[] psi = new double[n];
    double[] cum = new double[n];
    psi[0] = 1;
    for (int j = 1; j < n; j++) {
      double v = 0;
      for (int m = 0; m < maLag.length; m++) {
        if (maLag[m] == j) {
          v += maCoef[m];
        }
      }
      for (int i = 0; i < arLag.length; i++) {
        if (j - arLag[i] >= 0) {
          v += arCoef[i] * psi[j - arLag[i]];
        }
      }
      psi[j] = v;
    }
    for (int j = 1; j < n; j++) {
      cum[j] = cum[j - 1] + psi[j - 1] * psi[j - 1];
    }
    cumPsi2 = cum;
  }
}
