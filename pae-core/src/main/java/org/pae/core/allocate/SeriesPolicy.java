package org.pae.core.allocate;

import java.time.Instant;

/** A policy's state for one series (one workload, one resource). */
public interface SeriesPolicy {
  /** Takes the usage measured at {@code now}; called once per tick with data, before propose. */
  void observe(Instant now, double usage);

  /**
   * What it wants at {@code now}, given the allocation in force and how it is asked to look ahead.
   */
  Proposal propose(Instant now, double usage, double allocated, Outlook outlook);
}
