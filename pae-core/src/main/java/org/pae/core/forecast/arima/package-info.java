/**
 * Auto ARIMA: order selection by AICc, CSS estimation with its exact Jacobian, KPSS tests,
 * admissibility, as an online Predictor. It may depend on fit and online; ensemble depends on it.
 */
package org.pae.core.forecast.arima;
