package org.pae.core.forecast;

import org.pae.core.model.SeriesKey;

/** Makes a fresh model for a series. */
@FunctionalInterface
public interface ForecasterFactory {
  Forecaster create(SeriesKey series);
}
