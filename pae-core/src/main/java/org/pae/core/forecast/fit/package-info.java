/**
 * Numerical fitting shared by the fitted models: least squares (Levenberg-Marquardt). It depends on
 * nothing else in PAE; the model packages (arima, ets) may depend on it.
 */
package org.pae.core.forecast.fit;
