package org.pae.core.forecast.online;

/**
 * A series' samples read back by lag, kept once per series for all its models ({@link
 * OnlineForecaster} hands its refit history out as one), so a model that looks a period back need
 * not keep its own copy of the period.
 */
@FunctionalInterface
public interface Past {
  /** The sample {@code lag >= 1} grid steps before the next one ({@code 1}: the latest). */
  double back(int lag);
}
