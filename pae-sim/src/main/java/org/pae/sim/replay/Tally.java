package org.pae.sim.replay;

/**
 * The running sums behind BENCHMARKS §1's figures for one policy and resource. {@link #step} is the
 * one per-step accounting that the driver and the tests share; {@link Figures#of} turns the sums
 * into figures. Not thread-safe: one per worker, merged with {@link #add}.
 */
public final class Tally {
  long steps;
  long missing;
  double sumAllocation;
  double sumProvisioned;
  double sumSlack;
  double sumShortfall;
  double sumUsage;
  long shortSteps;
  long changes;

  /**
   * Accounts one VM-step.
   *
   * @param usage u, the usage at this step ({@code NaN} when not measured: the step then counts
   *     toward VM-days and changes but not toward the other sums)
   * @param allocation a, the allocation in effect at this step
   * @param provisioned p, the recorded allocation at this step (or the static peak where none is
   *     recorded)
   * @param changed whether the allocation in effect differs from the previous step's
   */
  public void step(double usage, double allocation, double provisioned, boolean changed) {
    steps++;
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
    } else if (usage > allocation) {
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
  }

  /** All steps accounted, measured or not. */
  public long steps() {
    return steps;
  }

  /** Steps where usage was not measured. */
  public long missing() {
    return missing;
  }

  /** Allocation changes. */
  public long changes() {
    return changes;
  }
}
