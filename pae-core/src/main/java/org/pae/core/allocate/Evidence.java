package org.pae.core.allocate;

import java.time.Duration;

/**
 * The forecast a proposal rests on.
 *
 * @param model the model (or baseline estimator) that produced it
 * @param horizon how far ahead
 * @param quantile the quantile level used
 * @param predicted the predicted demand at that quantile
 */
public record Evidence(String model, Duration horizon, double quantile, double predicted) {}
