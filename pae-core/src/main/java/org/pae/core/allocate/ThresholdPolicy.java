package org.pae.core.allocate;

import java.util.Optional;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * PAE's own policy: forecast the demand at the outlook's horizon at the (1 − risk budget) quantile;
 * scale up when it crosses allocated × threshold, down when it falls below allocated × reduction
 * threshold, each time to the prediction × (1 + headroom).
 */
public final class ThresholdPolicy implements AllocationPolicy {
  private final String name;
  private final ForecasterFactory forecasters;

  public ThresholdPolicy(String name, ForecasterFactory forecasters) {
    this.name = name;
    this.forecasters = forecasters;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SeriesPolicy open(Workload workload, Resource resource) {
    Forecaster model = forecasters.create(workload, resource);
    return new Series(model);
  }

  /** The rule itself, for one forecast: shared by every caller that has a prediction in hand. */
  public static Proposal decide(
      double predicted, double allocated, Evidence evidence, PolicySettings s) {
    if (predicted > allocated * s.threshold()) {
      return Proposal.resize(predicted * (1 + s.headroom()), Rule.SCALE_UP, evidence);
    }
    if (predicted < allocated * s.reductionThreshold()) {
      return Proposal.resize(predicted * (1 + s.headroom()), Rule.SCALE_DOWN, evidence);
    }
    return Proposal.hold(Rule.WITHIN_BAND, evidence);
  }

  private record Series(Forecaster model) implements SeriesPolicy {
    @Override
    public void observe(java.time.Instant now, double usage) {
      model.observe(now, usage);
    }

    @Override
    public Proposal propose(
        java.time.Instant now, double usage, double allocated, Outlook outlook) {
      double q = outlook.settings().quantile();
      double predicted = model.quantile(outlook.horizon(), q);
      if (model.observations() == 0 || Double.isNaN(predicted)) {
        return new Proposal(java.util.OptionalDouble.empty(), Rule.WARMING_UP, Optional.empty());
      }
      Evidence evidence = new Evidence(model.name(), outlook.horizon(), q, predicted);
      return decide(predicted, allocated, evidence, outlook.settings());
    }
  }
}
