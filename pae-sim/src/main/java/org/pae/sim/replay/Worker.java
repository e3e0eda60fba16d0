package org.pae.sim.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.allocate.Decision;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.SeriesPreview;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.sim.trace.Unit;
import org.pae.sim.trace.WorkloadTrace;

/**
 * One replay thread: a {@link ControlLoop} per policy, reused from workload to workload ({@link
 * ControlLoop#forget} when one ends), and the trace view its policies see. Confined to its thread.
 */
final class Worker implements TraceView {
  private final List<PolicyVariant> variants;
  private final Replay.Options options;
  private final List<ControlLoop> loops = new ArrayList<>();
  private final RecordingActuator actuator;
  private WorkloadTrace trace;
  private WorkloadId current;
  private int step;

  Worker(List<PolicyVariant> variants, Replay.Options options) {
    this.variants = variants;
    this.options = options;
    this.actuator = new RecordingActuator(options.actuationDelay());
    for (PolicyVariant v : variants) {
      loops.add(
          new ControlLoop(
              v.policy().apply(this), Steering.uniform(v.settings(), Map.of()), options.step()));
    }
  }

  WorkloadResult replay(WorkloadTrace w) {
    trace = w;
    current = WorkloadId.of(w.id());
    Workload workload = Workload.of(w.id(), WorkloadKind.VM);
    List<Resource> resources = new ArrayList<>();
    for (Resource r : w.resources()) {
      if (options.resources().contains(r)) {
        resources.add(r);
      }
    }
    boolean plot = options.plotWorkloads().contains(w.id());
    List<Map<Resource, Tally>> tallies = new ArrayList<>(variants.size());
    List<List<Change>> changes = new ArrayList<>(variants.size());
    Map<String, Map<Resource, double[]>> plotted = new LinkedHashMap<>();
    preview(w, resources);
    try {
      for (int v = 0; v < variants.size(); v++) {
        Map<Resource, double[]> allocations = plot ? new EnumMap<>(Resource.class) : null;
        List<Change> kept = new ArrayList<>();
        tallies.add(replay(w, workload, resources, loops.get(v), kept, allocations));
        changes.add(options.keepChanges() ? kept : List.of());
        if (plot) {
          plotted.put(variants.get(v).label(), allocations);
        }
      }
    } finally {
      trace = null;
      current = null;
      for (SeriesPreview p : options.previews()) {
        resources.forEach(r -> p.forget(new SeriesKey(workload.id(), r)));
      }
    }
    Optional<Trajectory> trajectory =
        plot ? Optional.of(trajectory(w, resources, plotted)) : Optional.empty();
    return new WorkloadResult(w.id(), w.steps(), tallies, changes, trajectory);
  }

  /** Shows the workload's usage to every preview before any policy is fed it. */
  private void preview(WorkloadTrace w, List<Resource> resources) {
    if (options.previews().isEmpty()) {
      return;
    }
    Instant[] times = new Instant[w.steps()];
    for (int i = 0; i < times.length; i++) {
      times[i] = Instant.ofEpochSecond(w.times()[i]);
    }
    for (SeriesPreview p : options.previews()) {
      for (Resource r : resources) {
        p.preview(new SeriesKey(WorkloadId.of(w.id()), r), times, w.series(r).usage());
      }
    }
  }

  private Map<Resource, Tally> replay(
      WorkloadTrace w,
      Workload workload,
      List<Resource> resources,
      ControlLoop loop,
      List<Change> changes,
      Map<Resource, double[]> plotted) {
    int k = resources.size();
    int n = w.steps();
    WorkloadTrace.Series[] series = new WorkloadTrace.Series[k];
    Tally[] tally = new Tally[k];
    double[] decided = new double[k];
    double[] effective = new double[k];
    Map<Resource, Integer> index = new EnumMap<>(Resource.class);
    for (int j = 0; j < k; j++) {
      series[j] = w.series(resources.get(j));
      tally[j] = new Tally();
      decided[j] = series[j].allocation()[0];
      effective[j] = decided[j];
      index.put(resources.get(j), j);
      if (plotted != null) {
        plotted.put(resources.get(j), new double[n]);
      }
    }
    long[] times = w.times();
    actuator.clear();
    try {
      for (int i = 0; i < n; i++) {
        step = i;
        double[] before = effective.clone();
        actuator.takeDue(i, r -> effective[index.get(r.series().resource())] = r.to());
        List<Observation> observations = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
          double u = series[j].usage()[i];
          boolean changed = effective[j] != before[j];
          tally[j].step(
              u,
              effective[j],
              series[j].allocation()[i],
              changed,
              i == 0 ? 0 : times[i] - times[i - 1]);
          if (changed && options.keepChanges()) {
            changes.add(new Change(w.id(), times[i], resources.get(j), effective[j]));
          }
          if (plotted != null) {
            plotted.get(resources.get(j))[i] = effective[j];
          }
          observations.add(
              Double.isNaN(u)
                  ? Observation.missing(workload, resources.get(j), decided[j])
                  : Observation.of(workload, resources.get(j), u, decided[j]));
        }
        actuator.at(i);
        Plan plan = loop.step(Instant.ofEpochSecond(times[i]), observations);
        for (Decision.Resize r : plan.resizes()) {
          decided[index.get(r.series().resource())] = r.to();
        }
        actuator.apply(plan);
      }
    } finally {
      loop.forget(workload.id());
      actuator.clear();
    }
    Map<Resource, Tally> out = new EnumMap<>(Resource.class);
    for (int j = 0; j < k; j++) {
      out.put(resources.get(j), tally[j]);
    }
    return out;
  }

  private Trajectory trajectory(
      WorkloadTrace w, List<Resource> resources, Map<String, Map<Resource, double[]>> plotted) {
    Map<Resource, double[]> usage = new EnumMap<>(Resource.class);
    Map<Resource, double[]> low = new EnumMap<>(Resource.class);
    Map<Resource, double[]> high = new EnumMap<>(Resource.class);
    int n = w.steps();
    for (Resource r : resources) {
      double[] u = w.series(r).usage();
      usage.put(r, u);
      double[] lo = new double[n];
      double[] hi = new double[n];
      Arrays.fill(lo, Double.NaN);
      Arrays.fill(hi, Double.NaN);
      Forecaster model = options.bandModel().create(new SeriesKey(WorkloadId.of(w.id()), r));
      for (int i = 0; i + 1 < n; i++) {
        if (!Double.isNaN(u[i])) {
          model.observe(Instant.ofEpochSecond(w.times()[i]), u[i]);
        }
        if (model.observations() > 0) {
          lo[i + 1] = model.quantile(options.step(), 1 - options.bandLevel());
          hi[i + 1] = model.quantile(options.step(), options.bandLevel());
        }
      }
      low.put(r, lo);
      high.put(r, hi);
    }
    return new Trajectory(
        w.id(), w.times(), usage, low, high, plotted, new ArrayList<>(plotted.keySet()));
  }

  private WorkloadTrace.Series series(WorkloadId workload, Resource r) {
    if (trace == null || !workload.equals(current)) {
      throw new IllegalStateException(
          "the trace view is asked about " + workload + " while replaying " + current);
    }
    return trace.series(r);
  }

  private int effectiveStep() {
    return step + options.actuationDelay();
  }

  @Override
  public double usageWhenEffective(WorkloadId workload, Resource r) {
    WorkloadTrace.Series s = series(workload, r);
    int at = effectiveStep();
    return at < s.usage().length ? s.usage()[at] : Double.NaN;
  }

  @Override
  public double allocationWhenEffective(WorkloadId workload, Resource r) {
    WorkloadTrace.Series s = series(workload, r);
    int at = effectiveStep();
    return at < s.allocation().length ? s.allocation()[at] : Double.NaN;
  }

  @Override
  public Unit unit(WorkloadId workload, Resource r) {
    return series(workload, r).unit();
  }
}
