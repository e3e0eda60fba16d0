package org.pae.ml.cf;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.Gaussian;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.ml.Features;

/**
 * The collaborative-filtering model as the loop sees it: one {@link Forecaster} per series that
 * starts from the workload's prior (its own trained profile, or what similar workloads use) and
 * lets its own samples take over: its level is a decaying mean of usage over profile, its factors
 * are refitted to the hours it has seen, pulled towards the prior where it has seen few.
 *
 * <p>The forecast at any horizon is level × profile(hour of the week of the target) × exp(z_q σ), σ
 * blending the fleet's spread with the workload's own.
 */
public final class CfFleet implements ForecasterFactory {
  public static final String NAME = "cf";
  private final CfModel model;
  private final ContextCalendar calendar;
  private final Function<WorkloadId, Set<String>> extraFeatures;

  /**
   * @param extraFeatures features known from outside the workload record, e.g. the size class of a
   *     VM's provisioned memory ({@link Features#sizeClass})
   */
  public CfFleet(
      CfModel model, ContextCalendar calendar, Function<WorkloadId, Set<String>> extraFeatures) {
    this.model = Objects.requireNonNull(model, "model");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.extraFeatures = Objects.requireNonNull(extraFeatures, "extraFeatures");
  }

  public CfFleet(CfModel model, ContextCalendar calendar) {
    this(model, calendar, w -> Set.of());
  }

  @Override
  public Forecaster create(SeriesKey series) {
    Set<String> f = new TreeSet<>(extraFeatures.apply(series.workload()));
    f.add("account:" + AccountId.DEFAULT.value());
    return new Series(series.workload(), AccountId.DEFAULT, model.prior(series.workload(), f));
  }

  @Override
  public Forecaster create(Workload workload, Resource resource) {
    Set<String> f = new TreeSet<>(Features.of(workload));
    f.addAll(extraFeatures.apply(workload.id()));
    return new Series(workload.id(), workload.account(), model.prior(workload.id(), f));
  }

  /** The prior a new series of {@code workload} would start from. */
  public CfModel.Prior prior(Workload workload) {
    Set<String> f = new TreeSet<>(Features.of(workload));
    f.addAll(extraFeatures.apply(workload.id()));
    return model.prior(workload.id(), f);
  }

  private final class Series implements Forecaster {
    private final WorkloadId workload;
    private final AccountId account;
    private final CfModel.Prior prior;
    private final double[] slotSum = new double[CfModel.SLOTS];
    private final int[] slotCount = new int[CfModel.SLOTS];
    private double[] factors;
    private boolean refit;
    private double ownLevel = Double.NaN;
    private double ownVariance;
    private long n;
    private Instant last;

    Series(WorkloadId workload, AccountId account, CfModel.Prior prior) {
      this.workload = workload;
      this.account = account;
      this.prior = prior;
      this.factors = prior.factors();
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void observe(Instant time, double value) {
      int slot = CfModel.slot(calendar, workload, account, time);
      double level = level();
      double shape = Math.max(model.shape(factors, slot), 0.05);
      double eps = 0.01 * level;
      double r = Math.log((value + eps) / (level * shape + eps));
      ownVariance = n == 0 ? r * r : ownVariance + 0.05 * (r * r - ownVariance);
      double seen = value / shape;
      if (n == 0) {
        ownLevel = seen;
      } else {
        double dt = Math.max(0, Duration.between(last, time).toMillis());
        double w = 1 - Math.pow(0.5, dt / model.config().levelHalfLife().toMillis());
        ownLevel += Math.max(w, 1.0 / (n + 1)) * (seen - ownLevel);
      }
      slotSum[slot] += value;
      slotCount[slot]++;
      refit = true;
      last = time;
      n++;
    }

    @Override
    public long observations() {
      return n;
    }

    /** The prior's level and the workload's own, weighted by how much it has seen (log scale). */
    private double level() {
      if (n == 0 || !(ownLevel > 0)) {
        return prior.level();
      }
      double own = n / (double) (n + model.config().priorSamples());
      return Math.exp(own * Math.log(ownLevel) + (1 - own) * Math.log(prior.level()));
    }

    private void refit() {
      double level = level();
      double[][] given = new double[CfModel.SLOTS][];
      double[] cell = new double[CfModel.SLOTS];
      int k = 0;
      for (int s = 0; s < CfModel.SLOTS; s++) {
        if (slotCount[s] > 0) {
          given[k] = model.slotFactor(s);
          cell[k++] = slotSum[s] / slotCount[s] / level - model.meanShape(s);
        }
      }
      factors = Als.solve(given, cell, k, model.config().lambda(), prior.factors());
      refit = false;
    }

    @Override
    public double quantile(Duration horizon, double q) {
      if (n == 0) {
        return Double.NaN;
      }
      if (refit) {
        refit();
      }
      Instant target = last.plus(horizon);
      double median =
          level() * model.shape(factors, CfModel.slot(calendar, workload, account, target));
      double own = n / (double) (n + model.config().priorSamples());
      double sigma2 = own * ownVariance + (1 - own) * model.sigma() * model.sigma();
      return Math.max(0, median * Math.exp(Gaussian.quantile(q) * Math.sqrt(sigma2)));
    }
  }
}
