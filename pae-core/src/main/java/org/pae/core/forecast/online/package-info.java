/**
 * The online forecaster: samples on a regular grid, periodic refits on a bounded history (kept or
 * read from a PastSource), O(1) updates between refits, and the Predictor interface every fitted
 * model implements. It may depend on forecast, calibrate, period, model and ports.past; the model
 * packages (arima, ets, season) and ensemble depend on it.
 */
package org.pae.core.forecast.online;
