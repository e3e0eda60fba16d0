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
 *
 * <p>With budget feedback, the policy also holds each series to its risk budget as an outcome, not
 * only as a forecast level: the band, the headroom, the cooldown and the one-interval delay make
 * the share of intervals with usage above the allocation differ from 1 − q. After each interval the
 * prediction's multiplier exp(λ) moves by λ += {@value #BUDGET_RATE} (1[usage &gt; allocated] −
 * budget) — the adaptive conformal rule again, on the allocation's own shortfalls — so the long-run
 * shortfall rate of a series tends to its budget from either side.
 */
public final class ThresholdPolicy implements AllocationPolicy {
  /** How far one shortfall raises the prediction's multiplier, in log terms (about 5 %). */
  public static final double BUDGET_RATE = 0.05;

  /** The multiplier stays within exp(±this). */
  static final double BUDGET_BOUND = 1.5;

  private final String name;
  private final ForecasterFactory forecasters;
  private final boolean budgetFeedback;

  /** The policy without budget feedback (e.g. a replayed baseline built on it). */
  public ThresholdPolicy(String name, ForecasterFactory forecasters) {
    this(name, forecasters, false);
  }

  /**
   * @param budgetFeedback whether each series' prediction is scaled so that its shortfall rate
   *     tends to its risk budget (PAE's own policy does this)
   */
  public ThresholdPolicy(String name, ForecasterFactory forecasters, boolean budgetFeedback) {
    this.name = name;
    this.forecasters = forecasters;
    this.budgetFeedback = budgetFeedback;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SeriesPolicy open(Workload workload, Resource resource) {
    Forecaster model = forecasters.create(workload, resource);
    return new Series(model, budgetFeedback);
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

  private static final class Series implements SeriesPolicy {
    private final Forecaster model;
    private final boolean feedback;
    private double lambda;

    Series(Forecaster model, boolean feedback) {
      this.model = model;
      this.feedback = feedback;
    }

    @Override
    public void observe(java.time.Instant now, double usage) {
      model.observe(now, usage);
    }

    @Override
    public Proposal propose(
        java.time.Instant now, double usage, double allocated, Outlook outlook) {
      double q = outlook.settings().quantile();
      model.track(outlook.horizon(), q);
      double forecast = model.quantile(outlook.horizon(), q);
      if (model.observations() == 0 || Double.isNaN(forecast)) {
        if (outlook.hinted() && Double.isFinite(usage)) {
          // Warming up, an event hint scales the usage seen: the demand it announces is known.
          double hinted = usage * outlook.demandFactor();
          return decide(
              hinted,
              allocated,
              new Evidence("usage", outlook.horizon(), q, hinted),
              outlook.settings());
        }
        return new Proposal(java.util.OptionalDouble.empty(), Rule.WARMING_UP, Optional.empty());
      }
      if (feedback && Double.isFinite(usage) && allocated > 0) {
        double shortfall = usage > allocated ? 1 : 0;
        lambda += BUDGET_RATE * (shortfall - outlook.settings().riskBudget());
        lambda = Math.max(-BUDGET_BOUND, Math.min(BUDGET_BOUND, lambda));
      }
      double predicted = forecast * Math.exp(lambda) * outlook.demandFactor();
      Evidence evidence = new Evidence(model.name(), outlook.horizon(), q, predicted);
      return decide(predicted, allocated, evidence, outlook.settings());
    }
  }
}
