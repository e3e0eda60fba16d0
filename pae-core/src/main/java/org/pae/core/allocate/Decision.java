package org.pae.core.allocate;

import org.pae.core.model.SeriesKey;

/**
 * What the loop decided for one series at one tick. A value: the real actuator and the simulator's
 * recording actuator consume it alike.
 */
public sealed interface Decision {
  SeriesKey series();

  /** The allocation once the decision is applied. */
  double allocation();

  Reason reason();

  /** Keep the allocation as it is. */
  record Hold(SeriesKey series, double allocation, Reason reason) implements Decision {}

  /** Change the allocation from {@code from} to {@code to}. */
  record Resize(SeriesKey series, double from, double to, Reason reason) implements Decision {
    @Override
    public double allocation() {
      return to;
    }
  }
}
