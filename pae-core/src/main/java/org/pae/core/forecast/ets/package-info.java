/**
 * Exponential smoothing (error, trend, season; Holt-Winters) chosen by AICc, as an online
 * Predictor. It may depend on fit and online; ensemble depends on it.
 */
package org.pae.core.forecast.ets;
