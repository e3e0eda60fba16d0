package org.pae.sim.trace;

/**
 * The unit a trace records a resource in. The replay keeps the trace's own units (every figure is a
 * ratio); the histogram baselines need to know where their first bucket ends.
 */
public enum Unit {
  /** CPU in MHz (Bitbrains): VPA's first bucket, 0.01 core, is taken as 10 MHz. */
  MHZ(10),
  /** Memory in KB (Bitbrains): VPA's first bucket, 10 MB, is 10,000 KB. */
  KB(10_000),
  /** Throughput in KB/s (Bitbrains disk and network): first bucket 10 KB/s. */
  KB_PER_S(10),
  /** Utilisation in percent of a machine or VM (PlanetLab, Azure, Alibaba): first bucket 0.1 %. */
  PERCENT(0.1),
  /** A value of unknown unit (generic CSV, NAB): first bucket 0.01. */
  ANY(0.01);

  private final double firstBucket;

  Unit(double firstBucket) {
    this.firstBucket = firstBucket;
  }

  /** The end of the first bucket of a VPA-style histogram for values in this unit. */
  public double firstBucket() {
    return firstBucket;
  }
}
