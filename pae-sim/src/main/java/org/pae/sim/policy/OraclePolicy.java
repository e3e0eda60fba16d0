package org.pae.sim.policy;

import java.time.Instant;
import java.util.Objects;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.sim.replay.TraceView;

/**
 * The two baselines that read the trace ahead through the driver's {@link TraceView}: {@code
 * perfect} allocates exactly the usage of the step where its decision takes effect (the lower bound
 * of any policy), {@code provisioned} replays the recorded allocation itself. Past the end of the
 * trace, or where usage was not measured, they hold.
 */
public final class OraclePolicy implements AllocationPolicy {
  /** What the oracle reads ahead. */
  public enum Kind {
    PERFECT,
    PROVISIONED
  }

  private final Kind kind;
  private final TraceView view;

  public OraclePolicy(Kind kind, TraceView view) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.view = Objects.requireNonNull(view, "view");
  }

  @Override
  public String name() {
    return kind == Kind.PERFECT ? "perfect" : "provisioned";
  }

  @Override
  public SeriesPolicy open(Workload workload, Resource resource) {
    return new SeriesPolicy() {
      @Override
      public void observe(Instant now, double usage) {
        // the oracle needs no history: it reads the step ahead
      }

      @Override
      public Proposal propose(Instant now, double usage, double allocated, Outlook outlook) {
        double next =
            kind == Kind.PERFECT
                ? view.usageWhenEffective(workload.id(), resource)
                : view.allocationWhenEffective(workload.id(), resource);
        if (Double.isNaN(next)) {
          return Proposal.hold(Rule.POLICY_HOLD, null);
        }
        return Proposal.resize(
            next, Rule.RECOMPUTED, new Evidence(name(), outlook.horizon(), 1.0, next));
      }
    };
  }
}
