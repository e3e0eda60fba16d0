package org.pae.core.forecast.arima;

import java.util.Arrays;

/**
 * A fitted ARIMA model.
 *
 * @param order its shape
 * @param phi the AR coefficients φ₁..φₚ
 * @param theta the MA coefficients θ₁..θ_q
 * @param seasonalTheta the seasonal MA coefficient Θ (0 without a seasonal difference)
 * @param mean the mean of the (undifferenced) series when the model has a constant, else 0
 * @param sigma2 the variance of the one-step errors (conditional sum of squares / count)
 * @param aicc the corrected Akaike criterion of the fit, comparable between models with the same
 *     differencing
 */
public record ArimaModel(
    ArimaOrder order,
    double[] phi,
    double[] theta,
    double seasonalTheta,
    double mean,
    double sigma2,
    double aicc) {
  public ArimaModel {
    phi = phi.clone();
    theta = theta.clone();
    if (phi.length != order.p() || theta.length != order.q()) {
      throw new IllegalArgumentException("one coefficient per order: " + order);
    }
  }

  /** A predictor of this model rolled over {@code history} (the undifferenced series). */
  public ArimaPredictor predictor(double[] history) {
    return new ArimaPredictor(this, history);
  }

  @Override
  public String toString() {
    return order
        + " phi="
        + Arrays.toString(phi)
        + " theta="
        + Arrays.toString(theta)
        + (order.seasonalD() == 1 ? " Theta=" + seasonalTheta : "")
        + (order.hasMean() ? " mean=" + mean : "")
        + " sigma2="
        + sigma2
        + " aicc="
        + aicc;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArimaModel m
        && order.equals(m.order)
        && Arrays.equals(phi, m.phi)
        && Arrays.equals(theta, m.theta)
        && seasonalTheta == m.seasonalTheta
        && mean == m.mean
        && sigma2 == m.sigma2;
  }

  @Override
  public int hashCode() {
    return order.hashCode() * 31 + Arrays.hashCode(phi) * 17 + Arrays.hashCode(theta);
  }
}
