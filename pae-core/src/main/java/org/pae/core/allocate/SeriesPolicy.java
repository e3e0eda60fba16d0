package org.pae.core.allocate;

import java.time.Instant;

/** A policy's state for one series (one workload, one resource). */
public interface SeriesPolicy {
  /** Takes the usage measured at {@code now}; called once per tick with data, before propose. */
  void observe(Instant now, double usage);

  /**
   * Takes, instead of {@link #observe}, a sample the anomaly watch found anomalous: it is what the
   * series used, so a policy still counts it where it measures use (the peaks it sizes from, how
   * its candidates fared), but it does not enter a forecasting model's history or calibration. By
   * default it is held out altogether.
   */
  default void observeAnomalous(Instant now, double usage) {}

  /**
   * What it wants at {@code now}, given the allocation in force and how it is asked to look ahead.
   */
  Proposal propose(Instant now, double usage, double allocated, Outlook outlook);

  /**
   * Whether what it proposes already covers the outlook's {@link Outlook#hold} (it chooses what it
   * allocates by how that would fare held): a churn budget's stage ({@link ChurnGate}) then keeps
   * no record of its past wishes to size a change by. By default it does not, and the stage sizes a
   * change that must hold to at least the most the policy wanted over the last hold.
   */
  default boolean sizesForHold() {
    return false;
  }
}
