package org.pae.core.anomaly;

import org.pae.core.forecast.SeriesSpec;

/**
 * Makes a fresh detector for a series. It takes the series' whole specification, which a detector
 * judging against the series' forecasts hands on to its forecaster factory.
 */
@FunctionalInterface
public interface AnomalyDetectorFactory {
  AnomalyDetector create(SeriesSpec spec);
}
