package org.pae.sim.trace;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.pae.core.model.Resource;

/**
 * Rows of a long-format file (one row per time, workload and resource, workloads interleaved),
 * grouped into one {@link WorkloadTrace} per workload. A file is grouped in memory, so memory grows
 * with the size of one file (not of the whole trace); of repeated (time, workload, resource) rows
 * the last one counts.
 */
final class LongRows {
  private final Map<String, Map<Resource, TreeMap<Long, double[]>>> rows = new LinkedHashMap<>();

  /**
   * @param allocated the recorded allocation, or {@code NaN} when the row has none
   */
  void add(String workload, Resource r, long time, double usage, double allocated) {
    rows.computeIfAbsent(workload, w -> new EnumMap<>(Resource.class))
        .computeIfAbsent(r, k -> new TreeMap<>())
        .put(time, new double[] {usage, allocated});
  }

  /**
   * The workloads in the order first seen.
   *
   * @param unit the unit of each resource
   * @param fullSize an allocation that is known without being recorded (100 % of a machine), by
   *     resource; a resource with neither gets the static peak
   */
  Stream<WorkloadTrace> traces(Function<Resource, Unit> unit, Map<Resource, Double> fullSize) {
    return rows.entrySet().stream().map(e -> build(e.getKey(), e.getValue(), unit, fullSize));
  }

  private static WorkloadTrace build(
      String id,
      Map<Resource, TreeMap<Long, double[]>> byResource,
      Function<Resource, Unit> unit,
      Map<Resource, Double> fullSize) {
    TreeSet<Long> all = new TreeSet<>();
    byResource.values().forEach(m -> all.addAll(m.keySet()));
    long[] times = all.stream().mapToLong(Long::longValue).toArray();
    Map<Resource, WorkloadTrace.Series> series = new EnumMap<>(Resource.class);
    for (Map.Entry<Resource, TreeMap<Long, double[]>> e : byResource.entrySet()) {
      Resource r = e.getKey();
      TreeMap<Long, double[]> m = e.getValue();
      double[] usage = new double[times.length];
      double[] alloc = new double[times.length];
      double firstAllocation = Double.NaN;
      for (double[] v : m.values()) {
        if (!Double.isNaN(v[1])) {
          firstAllocation = v[1];
          break;
        }
      }
      double carried = firstAllocation;
      for (int i = 0; i < times.length; i++) {
        double[] v = m.get(times[i]);
        usage[i] = v == null ? Double.NaN : v[0];
        if (v != null && !Double.isNaN(v[1])) {
          carried = v[1];
        }
        alloc[i] = carried;
      }
      if (!Double.isNaN(firstAllocation)) {
        series.put(r, WorkloadTrace.Series.recorded(unit.apply(r), usage, alloc));
      } else if (fullSize.containsKey(r)) {
        Arrays.fill(alloc, fullSize.get(r));
        series.put(r, WorkloadTrace.Series.recorded(unit.apply(r), usage, alloc));
      } else {
        series.put(r, WorkloadTrace.Series.staticPeak(unit.apply(r), usage));
      }
    }
    return new WorkloadTrace(id, times, series);
  }
}
