package org.pae.sim.replay;

import java.time.Duration;
import java.util.Objects;
import org.pae.core.model.Resource;

/**
 * BENCHMARKS §1's figures for one policy and resource over all workloads (u usage, a allocation in
 * effect, p recorded allocation, per step):
 *
 * @param policy the policy's label
 * @param resource the resource
 * @param footprint Σa / Σp: the share of the recorded allocation the policy needs
 * @param relSlack Σmax(a−u, 0) / Σa: allocated but unused
 * @param shortRate the share of steps with u &gt; a
 * @param shortVol Σmax(u−a, 0) / Σu
 * @param chgDay allocation changes per VM-day (a VM-day is 1 day / step of accounted steps)
 * @param steps the VM-steps with measured usage behind these figures
 */
public record Figures(
    String policy,
    Resource resource,
    double footprint,
    double relSlack,
    double shortRate,
    double shortVol,
    double chgDay,
    long steps) {
  public Figures {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(resource, "resource");
  }

  /**
   * The figures of a tally; {@code step} is the trace's sampling step, which turns steps into
   * VM-days.
   */
  public static Figures of(String policy, Resource resource, Tally t, Duration step) {
    double vmDays = t.steps * (step.toMillis() / 1000.0) / 86_400.0;
    long measured = t.steps - t.missing;
    return new Figures(
        policy,
        resource,
        ratio(t.sumAllocation, t.sumProvisioned),
        ratio(t.sumSlack, t.sumAllocation),
        ratio(t.shortSteps, measured),
        ratio(t.sumShortfall, t.sumUsage),
        ratio(t.changes, vmDays),
        measured);
  }

  private static double ratio(double a, double b) {
    return b == 0 ? (a == 0 ? 0 : Double.NaN) : a / b;
  }
}
