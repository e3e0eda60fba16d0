package org.pae.core.allocate;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.pae.core.config.SettingsSource;
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
  /**
   * The settings {@code threshold} reads itself, per resource: what its registry entry makes PAE's
   * policy of (with budget feedback).
   *
   * @param resources its settings for each resource
   */
  public record Setup(Map<Resource, ThresholdSettings> resources) implements PolicySetup {
    public Setup {
      resources = Map.copyOf(PolicyKeys.everyResource(resources, "threshold"));
    }

    /** Reads {@link ThresholdSettings#KEYS} for every resource from {@code source}. */
    public static Setup read(SettingsSource source) {
      Map<Resource, ThresholdSettings> m = new EnumMap<>(Resource.class);
      for (Resource r : Resource.values()) {
        m.put(r, ThresholdSettings.read(source, Optional.of(r)));
      }
      return new Setup(m);
    }

    @Override
    public AllocationPolicy make(String name, ForecasterFactory models, Duration loopInterval) {
      return new ThresholdPolicy(name, models, resources, true);
    }

    @Override
    public Map<String, Double> values(Resource resource) {
      return resources.get(resource).values();
    }

    /** It decides from its model's first observation: one interval. */
    @Override
    public Duration warmUp(Duration loopInterval) {
      return loopInterval;
    }
  }

  /** How far one shortfall raises the prediction's multiplier, in log terms (about 5 %). */
  public static final double BUDGET_RATE = 0.05;

  /** The multiplier stays within exp(±this). */
  static final double BUDGET_BOUND = 1.5;

  private final String name;
  private final ForecasterFactory forecasters;
  private final Map<Resource, ThresholdSettings> settings;
  private final boolean budgetFeedback;

  /**
   * The policy without budget feedback (e.g. a replayed baseline built on it), with the same {@code
   * settings} for every resource.
   */
  public ThresholdPolicy(String name, ForecasterFactory forecasters, ThresholdSettings settings) {
    this(name, forecasters, PolicyKeys.uniform(settings), false);
  }

  /**
   * @param settings its settings per resource (every resource), which an operator's tuning of a
   *     series may override ({@link Outlook#tuning})
   * @param budgetFeedback whether each series' prediction is scaled so that its shortfall rate
   *     tends to its risk budget (PAE's own policy does this)
   */
  public ThresholdPolicy(
      String name,
      ForecasterFactory forecasters,
      Map<Resource, ThresholdSettings> settings,
      boolean budgetFeedback) {
    this.name = name;
    this.forecasters = forecasters;
    this.settings = Map.copyOf(PolicyKeys.everyResource(settings, name));
    this.budgetFeedback = budgetFeedback;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SeriesPolicy open(Workload workload, Resource resource) {
    Forecaster model = forecasters.create(workload, resource);
    return new Series(model, settings.get(resource), budgetFeedback);
  }

  /** The rule itself, for one forecast: shared by every caller that has a prediction in hand. */
  public static Proposal decide(
      double predicted, double allocated, Evidence evidence, ThresholdSettings s) {
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
    private final ThresholdSettings settings;
    private final boolean feedback;
    private double lambda;

    Series(Forecaster model, ThresholdSettings settings, boolean feedback) {
      this.model = model;
      this.settings = settings;
      this.feedback = feedback;
    }

    @Override
    public void observe(java.time.Instant now, double usage) {
      model.observe(now, usage);
    }

    @Override
    public Proposal propose(
        java.time.Instant now, double usage, double allocated, Outlook outlook) {
      ThresholdSettings s = settings.tuned(outlook.tuning());
      double q = s.quantile();
      model.track(outlook.horizon(), q);
      double forecast = model.quantile(outlook.horizon(), q);
      if (model.observations() == 0 || Double.isNaN(forecast)) {
        if (outlook.hinted() && Double.isFinite(usage)) {
          // Warming up, an event hint scales the usage seen: the demand it announces is known.
          double hinted = usage * outlook.demandFactor();
          return decide(hinted, allocated, new Evidence("usage", outlook.horizon(), q, hinted), s);
        }
        return new Proposal(java.util.OptionalDouble.empty(), Rule.WARMING_UP, Optional.empty());
      }
      if (feedback && Double.isFinite(usage) && allocated > 0) {
        double shortfall = usage > allocated ? 1 : 0;
        lambda += BUDGET_RATE * (shortfall - s.riskBudget());
        lambda = Math.max(-BUDGET_BOUND, Math.min(BUDGET_BOUND, lambda));
      }
      double predicted = forecast * Math.exp(lambda) * outlook.demandFactor();
      Evidence evidence = new Evidence(model.name(), outlook.horizon(), q, predicted);
      return decide(predicted, allocated, evidence, s);
    }
  }
}
