package org.pae.sim.replay;

import java.time.Duration;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.PastSource;
import org.pae.sim.trace.Unit;

/**
 * What the replay driver lets a policy see of the trace beyond the loop's observations: the oracle
 * ({@code perfect}) sees the usage at the step where its decision will take effect, {@code
 * provisioned} the recorded allocation there, and histogram baselines the unit of the series. PAE's
 * own policy sees none of it; its forecasters read back, as a {@link PastSource}, the samples they
 * have been fed (at or before the time they ask about), instead of keeping them.
 */
public interface TraceView extends PastSource {
  /**
   * The usage of {@code r} at the step where a decision taken at the current step takes effect;
   * {@code NaN} past the end of the trace or where it was not measured.
   */
  double usageWhenEffective(WorkloadId workload, Resource r);

  /** The recorded allocation at that step; {@code NaN} past the end. */
  double allocationWhenEffective(WorkloadId workload, Resource r);

  /** The trace's sampling step: the interval of the loop that replays it. */
  Duration step();

  /** The unit the trace records {@code r} in. */
  Unit unit(WorkloadId workload, Resource r);
}
