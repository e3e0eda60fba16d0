package org.pae.core.anomaly;

import org.pae.core.model.SeriesKey;

/** Makes a fresh detector for a series. */
@FunctionalInterface
public interface AnomalyDetectorFactory {
  AnomalyDetector create(SeriesKey series);
}
