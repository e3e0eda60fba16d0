package org.pae.sim.replay;

import java.io.Serializable;

/**
 * The running sums behind BENCHMARKS §1's figures for one policy and resource. {@link #step} is the
 * one per-step accounting that the driver and the tests share; {@link Figures#of} turns the sums
 * into figures. Not thread-safe: one per worker, merged with {@link #add}.
 */
public final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Usage above the allocation by no more than this share of it is not a shortfall: floating-point
   * noise (disk = read + write can differ from the same sum in its last bit), and the loop's own
   * tolerance for "the same allocation", below which it holds rather than resizes.
   */
  static final double NOISE = 1e-9;

  long steps;
  long missing;
  double sumAllocation;
  double sumProvisioned;
  double sumSlack;
  double sumShortfall;
  double sumUsage;
  long shortSteps;
  long changes;
  double seconds;

  /**
   * Accounts one VM-step.
   *
   * @param usage u, the usage at this step ({@code NaN} when not measured: the step then counts
   *     toward VM-days and changes but not toward the other sums)
   * @param allocation a, the allocation in effect at this step
   * @param provisioned p, the recorded allocation at this step (or the static peak where none is
   *     recorded)
   * @param changed whether the allocation in effect differs from the previous step's
   * @param elapsed seconds since the workload's previous step (0 at its first): they sum to the
   *     workload's span, last timestamp minus first, which is what a VM-day counts
   */
  public void step(
      double usage, double allocation, double provisioned, boolean changed, long elapsed) {
    steps++;
    seconds += elapsed;
    if (changed) {
      changes++;
    }
    if (Double.isNaN(usage)) {
      missing++;
      return;
    }
    sumAllocation += allocation;
    sumProvisioned += provisioned;
    sumUsage += usage;
    if (allocation > usage) {
      sumSlack += allocation - usage;
    } else if (usage - allocation > NOISE * Math.max(1, allocation)) {
      sumShortfall += usage - allocation;
      shortSteps++;
    }
  }

  /** Adds another tally's sums to this one. */
  public void add(Tally o) {
    steps += o.steps;
    missing += o.missing;
    sumAllocation += o.sumAllocation;
    sumProvisioned += o.sumProvisioned;
    sumSlack += o.sumSlack;
    sumShortfall += o.sumShortfall;
    sumUsage += o.sumUsage;
    shortSteps += o.shortSteps;
    changes += o.changes;
    seconds += o.seconds;
  }

  /** Steps where usage was not measured. */
  public long missing() {
    return missing;
  }

  /** VM-days: the workloads' spans, last timestamp minus first, in days. */
  public double vmDays() {
    return seconds / 86_400.0;
  }
}
