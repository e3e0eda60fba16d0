/**
 * Online calibration of forecast quantiles from a model's own errors (quantile tracking per
 * horizon, level and slot of the hour), and outcome windows. It may depend on forecast (Gaussian);
 * the online forecaster and the learned models depend on it.
 */
package org.pae.core.forecast.calibrate;
