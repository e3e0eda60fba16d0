package org.pae.ml.cf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.Gaussian;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.forecast.calibrate.QuantileTracker;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.ml.Features;
import org.pae.ml.HorizonCalibration;

/**
 * The collaborative-filtering models as the loop sees them (one model per resource): one {@link
 * Forecaster} per series that starts from the workload's prior (its own trained profile, or what
 * similar workloads use) and lets its own samples take over: its level is a decaying mean of usage
 * over profile, its factors are refitted to the hours it has seen, pulled towards the prior where
 * it has seen few.
 *
 * <p>The median at any horizon is level × profile(hour of the week of the target). Its quantiles
 * are median + θ_q · sd, sd the median times a spread that blends the fleet's ({@link
 * CfModel#sigma}) with the workload's own, and θ_q calibrated per horizon on the series' own errors
 * ({@link QuantileTracker}, the ensemble's adaptive conformal rule): θ starts at the Gaussian z_q
 * and moves after each outcome so that the share of actuals above the q-forecast tends to 1 − q at
 * each horizon asked.
 */
public final class CfFleet implements ForecasterFactory {
  public static final String NAME = "cf";

  private final AtomicReference<Map<Resource, CfModel>> models;
  private final ContextCalendar calendar;
  private final Function<WorkloadId, Set<String>> extraFeatures;
  private final boolean knownPriors;

  /**
   * @param models one model per resource (a resource without one cannot be forecast: {@code NaN})
   * @param extraFeatures features known from outside the workload record, e.g. the size class of a
   *     VM's provisioned memory ({@link Features#sizeClass})
   */
  public CfFleet(
      Map<Resource, CfModel> models,
      ContextCalendar calendar,
      Function<WorkloadId, Set<String>> extraFeatures) {
    this.models = new AtomicReference<>(Map.copyOf(models));
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.extraFeatures = Objects.requireNonNull(extraFeatures, "extraFeatures");
    this.knownPriors = true;
  }

  private CfFleet(CfFleet f, boolean knownPriors) {
    this.models = f.models;
    this.calendar = f.calendar;
    this.extraFeatures = f.extraFeatures;
    this.knownPriors = knownPriors;
  }

  /**
   * The same models, but every workload starts from what its features predict, even one they were
   * trained on (to replay the month they were trained on without its own profile).
   */
  public CfFleet asNew() {
    return new CfFleet(this, false);
  }

  public CfFleet(Map<Resource, CfModel> models, ContextCalendar calendar) {
    this(models, calendar, w -> Set.of());
  }

  /** The models in use, one per resource. */
  public Map<Resource, CfModel> models() {
    return models.get();
  }

  /**
   * Takes retrained models into use, from any thread (this fleet and its {@link #asNew} view):
   * every series moves to its resource's new model at its next sample, starting again from the
   * prior the new model gives its workload, its own samples refitted around it.
   */
  public void offer(Map<Resource, CfModel> retrained) {
    models.set(Map.copyOf(retrained));
  }

  /** Loads the models {@link #save}d in {@code dir}: {@code <resource>.cf} files. */
  public static Map<Resource, CfModel> load(Path dir) throws IOException {
    Map<Resource, CfModel> out = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      Path f = dir.resolve(r.key() + ".cf");
      if (Files.isRegularFile(f)) {
        out.put(r, CfModel.load(f));
      }
    }
    if (out.isEmpty()) {
      throw new IOException(
          "no collaborative-filtering model in " + dir + " (expected files like memory.cf)");
    }
    return out;
  }

  /** Saves one model per resource into {@code dir} as {@code <resource>.cf}. */
  public static void save(Map<Resource, CfModel> models, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<Resource, CfModel> e : models.entrySet()) {
      e.getValue().save(dir.resolve(e.getKey().key() + ".cf"));
    }
  }

  @Override
  public Forecaster create(SeriesSpec spec) {
    Workload w = spec.workload();
    return series(w.id(), w.account(), spec.resource(), features(w));
  }

  /** The prior a new series of {@code workload}'s {@code resource} would start from. */
  public Optional<CfModel.Prior> prior(Workload workload, Resource resource) {
    CfModel model = models.get().get(resource);
    return model == null
        ? Optional.empty()
        : Optional.of(prior(model, workload.id(), features(workload)));
  }

  private Set<String> features(Workload workload) {
    Set<String> f = new TreeSet<>(Features.of(workload));
    f.addAll(extraFeatures.apply(workload.id()));
    return f;
  }

  private Forecaster series(WorkloadId id, AccountId account, Resource r, Set<String> f) {
    CfModel model = models.get().get(r);
    return model == null ? new Unmodelled() : new Series(model, id, account, r, f);
  }

  private CfModel.Prior prior(CfModel model, WorkloadId id, Set<String> f) {
    return knownPriors ? model.prior(id, f) : model.similar(f);
  }

  /** A resource no model was trained for: it counts samples and forecasts nothing. */
  private static final class Unmodelled implements Forecaster {
    private long n;

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void observe(Instant time, double value) {
      n++;
    }

    @Override
    public long observations() {
      return n;
    }

    @Override
    public void track(Duration horizon, double q) {}

    @Override
    public double quantile(Duration horizon, double q) {
      return Double.NaN;
    }
  }

  private final class Series implements Forecaster {
    private CfModel model;
    private final WorkloadId workload;
    private final AccountId account;
    private final Resource resource;
    private final Set<String> features;
    private CfModel.Prior prior;
    private final double[] slotSum = new double[CfModel.SLOTS];
    private final int[] slotCount = new int[CfModel.SLOTS];
    private double[] factors;
    private boolean refit;
    private double ownLevel = Double.NaN;
    private double ownVariance;
    private long n;
    private Instant last;
    private long stepMillis;
    private final HorizonCalibration calibration = new HorizonCalibration();

    Series(
        CfModel model, WorkloadId workload, AccountId account, Resource resource, Set<String> f) {
      this.workload = workload;
      this.account = account;
      this.resource = resource;
      this.features = f;
      use(model);
    }

    /** Starts from {@code m}'s prior; the slot means seen so far are refitted around it. */
    private void use(CfModel m) {
      model = m;
      prior = prior(m, workload, features);
      factors = prior.factors();
      refit = n > 0;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void observe(Instant time, double value) {
      CfModel latest = models.get().get(resource);
      if (latest != null && latest != model) {
        use(latest);
      }
      calibration.resolve(value, time.toEpochMilli(), stepMillis);
      if (n == 1) {
        stepMillis = Math.max(1, Duration.between(last, time).toMillis());
      }
      learn(time, value);
      for (int j = 0; j < calibration.size(); j++) {
        double median = median(calibration.horizon(j));
        calibration.tracker(j).made(median, sd(median));
      }
    }

    private void learn(Instant time, double value) {
      int slot = CfModel.slot(calendar, workload, account, time);
      double level = level();
      double shape = Math.max(model.shape(factors, slot), 0.05);
      double eps = 0.01 * level;
      // A fall far below the profile (an idle spell) says little about how high usage goes: the
      // workload's own spread counts such residuals as e^-1.
      double r = Math.max(-1, Math.log((value + eps) / (level * shape + eps)));
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

    /** The profile's value {@code millis} after the last sample. */
    private double median(long millis) {
      if (refit) {
        refit();
      }
      Instant target = last.plus(Duration.ofMillis(millis));
      return level() * model.shape(factors, CfModel.slot(calendar, workload, account, target));
    }

    /** The median times the spread of log residuals: the fleet's, then more and more its own. */
    private double sd(double median) {
      double own = n / (double) (n + model.config().priorSamples());
      double spread = own * Math.sqrt(ownVariance) + (1 - own) * model.sigma();
      return median * spread + 1e-9;
    }

    /** Calibrates the pair from the next sample on, once the step is known. */
    @Override
    public void track(Duration horizon, double q) {
      if (n == 0) {
        return;
      }
      QuantileTracker t = calibration.at(horizon.toMillis(), stepMillis);
      if (t != null) {
        t.track(q);
      }
    }

    @Override
    public double quantile(Duration horizon, double q) {
      if (n == 0) {
        return Double.NaN;
      }
      long millis = horizon.toMillis();
      double median = median(millis);
      double sd = sd(median);
      QuantileTracker t = calibration.of(millis);
      if (t == null) {
        return Math.max(0, median + Gaussian.quantile(q) * sd);
      }
      return t.quantile(median, sd, q, last.plusMillis(millis).toEpochMilli(), stepMillis);
    }
  }
}
