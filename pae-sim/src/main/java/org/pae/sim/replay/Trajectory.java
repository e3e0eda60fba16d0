package org.pae.sim.replay;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.pae.core.model.Resource;
import org.pae.sim.trace.Unit;

/**
 * One workload's replay step by step, kept for plotting: usage, the forecast band the configured
 * model gave one step ahead, and each policy's allocation in effect.
 *
 * @param workload the workload
 * @param times epoch seconds per step
 * @param usage per resource
 * @param bandLow per resource, the lower band quantile forecast for that step ({@code NaN} before
 *     the model has data)
 * @param bandHigh per resource, the upper one
 * @param allocation per policy label, per resource, the allocation in effect
 * @param labels the policy labels in report order
 * @param units per resource, the unit the trace records it in
 */
public record Trajectory(
    String workload,
    long[] times,
    Map<Resource, double[]> usage,
    Map<Resource, double[]> bandLow,
    Map<Resource, double[]> bandHigh,
    Map<String, Map<Resource, double[]>> allocation,
    List<String> labels,
    Map<Resource, Unit> units)
    implements Serializable {

  /** The trajectories of one workload under different policies, as one (the first's usage). */
  public static Trajectory together(List<Trajectory> parts) {
    Trajectory first = parts.get(0);
    Map<String, Map<Resource, double[]>> alloc = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    for (Trajectory t : parts) {
      alloc.putAll(t.allocation());
      labels.addAll(t.labels());
    }
    return new Trajectory(
        first.workload(),
        first.times(),
        first.usage(),
        first.bandLow(),
        first.bandHigh(),
        alloc,
        labels,
        first.units());
  }

  /** The part from {@code window} before the last step to the last step (all of it if shorter). */
  public Trajectory last(Duration window) {
    long from = times[times.length - 1] - window.toSeconds();
    int start = 0;
    while (start < times.length - 1 && times[start] < from) {
      start++;
    }
    int s = start;
    UnaryOperator<Map<Resource, double[]>> cut =
        m -> {
          Map<Resource, double[]> out = new EnumMap<>(Resource.class);
          m.forEach((r, v) -> out.put(r, Arrays.copyOfRange(v, s, v.length)));
          return out;
        };
    Map<String, Map<Resource, double[]>> alloc = new LinkedHashMap<>();
    allocation.forEach((k, v) -> alloc.put(k, cut.apply(v)));
    return new Trajectory(
        workload,
        Arrays.copyOfRange(times, s, times.length),
        cut.apply(usage),
        cut.apply(bandLow),
        cut.apply(bandHigh),
        alloc,
        labels,
        units);
  }
}
