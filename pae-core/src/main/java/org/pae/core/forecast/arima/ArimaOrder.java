package org.pae.core.forecast.arima;

/**
 * The shape of an ARIMA(p, d, q) model with an optional seasonal difference and seasonal MA term at
 * lag {@code period}: (1 − Σφᵢ Bⁱ)(1 − B)ᵈ(1 − Bˢ)ᴰ yₜ = c + (1 + Σθⱼ Bʲ + Θ Bˢ) eₜ. A constant is
 * estimated only when nothing is differenced.
 *
 * @param p autoregressive order, 0..5
 * @param d first differences, 0..2
 * @param q moving-average order, 0..5
 * @param seasonalD seasonal differences, 0 or 1
 * @param period the season in steps; {@code 0} when {@code seasonalD} is 0
 */
public record ArimaOrder(int p, int d, int q, int seasonalD, int period) {
  public ArimaOrder {
    if (p < 0 || p > 5 || q < 0 || q > 5 || d < 0 || d > 2) {
      throw new IllegalArgumentException(
          "ARIMA orders must be p, q in 0..5 and d in 0..2: " + p + "," + d + "," + q);
    }
    if (seasonalD < 0 || seasonalD > 1 || (seasonalD == 1) != (period > 1)) {
      throw new IllegalArgumentException(
          "a seasonal difference (0 or 1) needs a period > 1 and only then: D="
              + seasonalD
              + " period="
              + period);
    }
  }

  /** Whether the model has a constant (nothing differenced). */
  public boolean hasMean() {
    return d == 0 && seasonalD == 0;
  }

  /** How many coefficients it estimates (φ, θ, Θ, constant). */
  public int coefficients() {
    return p + q + seasonalD + (hasMean() ? 1 : 0);
  }

  @Override
  public String toString() {
    return seasonalD == 0
        ? "ARIMA(" + p + "," + d + "," + q + ")"
        : "ARIMA(" + p + "," + d + "," + q + ")(0,1,1)[" + period + "]";
  }
}
