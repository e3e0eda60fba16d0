package org.pae.core.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.TrainingHistory;

/**
 * The fleet's history as a learner reads it to train: every host's uploaded series. A workload name
 * that more than one host uploaded (the same service on many hosts) is read as {@code host:name},
 * one workload per host, so that no host's series is lost or merged with another's; a name unique
 * in the fleet keeps its name, so that the host running it finds its own trained profile.
 */
public final class FleetHistory implements TrainingHistory {
  private final List<Workload> workloads;
  private final Map<SeriesKey, FleetModels.Series> series;

  /** Over what the hosts uploaded. */
  public FleetHistory(List<FleetModels.Series> uploaded) {
    Map<WorkloadId, Set<String>> hosts = new HashMap<>();
    for (FleetModels.Series s : uploaded) {
      hosts.computeIfAbsent(s.workload().id(), w -> new HashSet<>()).add(s.host());
    }
    Map<WorkloadId, Workload> named = new LinkedHashMap<>();
    series = new HashMap<>();
    for (FleetModels.Series s : uploaded) {
      Workload w = s.workload();
      if (hosts.get(w.id()).size() > 1) {
        w =
            new Workload(
                WorkloadId.of(s.host() + ":" + w.id().value()),
                w.kind(),
                w.parent().map(p -> WorkloadId.of(s.host() + ":" + p.value())),
                w.program(),
                w.account(),
                w.criticality());
      }
      named.putIfAbsent(w.id(), w);
      series.put(new SeriesKey(w.id(), s.resource()), s);
    }
    workloads = List.copyOf(named.values());
  }

  /**
   * What {@code host} uploads for a learner reading {@code reading}: every series of its {@code
   * local} history with at least one sample in the span before {@code now}, on the reading's grid
   * up to the last whole step before {@code now} (the bucket still filling is left out).
   */
  public static List<FleetModels.Series> read(
      TrainingHistory local, String host, Instant now, PortableLearner.Reading reading) {
    long s = reading.step().toMillis();
    Instant to = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), s) * s);
    Instant from = to.minus(reading.span());
    List<FleetModels.Series> out = new ArrayList<>();
    for (Workload w : local.workloads()) {
      for (Resource r : Resource.values()) {
        if (!reading.resources().contains(r)) {
          continue;
        }
        double[] v = local.usage(new SeriesKey(w.id(), r), from, to, reading.step());
        if (Arrays.stream(v).anyMatch(x -> !Double.isNaN(x))) {
          out.add(new FleetModels.Series(host, w, r, from, reading.step(), v));
        }
      }
    }
    return out;
  }

  @Override
  public List<Workload> workloads() {
    return workloads;
  }

  /**
   * {@inheritDoc} An uploaded series on a finer grid is averaged into the buckets asked for; each
   * sample counts in the bucket its start falls in.
   */
  @Override
  public double[] usage(SeriesKey key, Instant from, Instant to, Duration step) {
    int n = TrainingHistory.buckets(from, to, step);
    long stepMillis = step.toMillis();
    long fromMillis = from.toEpochMilli();
    double[] sum = new double[n];
    int[] count = new int[n];
    FleetModels.Series s = series.get(key);
    if (s != null) {
      double[] usage = s.usage();
      long start = s.from().toEpochMilli();
      long own = s.step().toMillis();
      for (int j = 0; j < usage.length; j++) {
        long i = Math.floorDiv(start + j * own - fromMillis, stepMillis);
        if (i >= 0 && i < n && !Double.isNaN(usage[j])) {
          sum[(int) i] += usage[j];
          count[(int) i]++;
        }
      }
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
    }
    return out;
  }

  /** How many series of {@code resources} it holds. */
  public int series(Set<Resource> resources) {
    return (int) series.keySet().stream().filter(k -> resources.contains(k.resource())).count();
  }

  /** The hosts whose series it holds. */
  public Set<String> hosts() {
    Set<String> out = new TreeSet<>();
    series.values().forEach(s -> out.add(s.host()));
    return out;
  }
}
