package org.pae.sim.trace;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.ports.past.PastSource;

/**
 * One workload's cleaned trace, held in columns: strictly increasing timestamps and, per resource,
 * the usage and the allocation at each step. Readers produce these one workload at a time, so a
 * replay holds one workload's history at a time.
 *
 * @param id the workload's name (for Bitbrains the file name without extensions, e.g. {@code 17})
 * @param times epoch seconds, strictly increasing
 * @param series per resource, the same length as {@code times}
 */
public record WorkloadTrace(String id, long[] times, Map<Resource, Series> series) {
  public WorkloadTrace {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(times, "times");
    for (int i = 1; i < times.length; i++) {
      if (times[i] <= times[i - 1]) {
        throw new IllegalArgumentException(
            "workload "
                + id
                + ": timestamps must increase, "
                + times[i]
                + " after "
                + times[i - 1]);
      }
    }
    EnumMap<Resource, Series> copy = new EnumMap<>(Resource.class);
    copy.putAll(series);
    for (Map.Entry<Resource, Series> e : copy.entrySet()) {
      if (e.getValue().usage().length != times.length) {
        throw new IllegalArgumentException(
            "workload " + id + ": " + e.getKey().key() + " has a different length than its times");
      }
    }
    series = Collections.unmodifiableMap(copy);
  }

  public int steps() {
    return times.length;
  }

  public Set<Resource> resources() {
    return series.keySet();
  }

  /** The series of one resource; refused when the trace has none. */
  public Series series(Resource r) {
    Series s = series.get(r);
    if (s == null) {
      throw new IllegalArgumentException("workload " + id + " has no " + r.key() + " series");
    }
    return s;
  }

  /**
   * The latest {@code count} (or fewer) measured usage samples of {@code r} taken at or before
   * {@code until}, oldest first: what a forecaster fed this trace up to {@code until} has seen.
   */
  public PastSource.Window latest(Resource r, Instant until, int count) {
    double[] usage = series(r).usage();
    long last = Math.floorDiv(until.toEpochMilli(), 1000);
    int end = Arrays.binarySearch(times, last);
    end = end >= 0 ? end : -end - 2;
    long[] t = new long[count];
    double[] v = new double[count];
    int n = 0;
    for (int i = end; i >= 0 && n < count; i--) {
      if (!Double.isNaN(usage[i])) {
        n++;
        t[count - n] = times[i] * 1000;
        v[count - n] = usage[i];
      }
    }
    return new PastSource.Window(
        Arrays.copyOfRange(t, count - n, count), Arrays.copyOfRange(v, count - n, count));
  }

  /**
   * One resource of one workload.
   *
   * @param unit the unit of usage and allocation
   * @param usage usage per step; {@code NaN} where it was not measured
   * @param allocation the allocation per step: the recorded one where the trace has it, else the
   *     workload's peak usage at every step (a clairvoyant static allocation)
   * @param recorded whether {@code allocation} was recorded rather than the static peak
   */
  public record Series(Unit unit, double[] usage, double[] allocation, boolean recorded) {
    public Series {
      Objects.requireNonNull(unit, "unit");
      if (usage.length != allocation.length) {
        throw new IllegalArgumentException("usage and allocation differ in length");
      }
    }

    /** A series with a recorded allocation. */
    public static Series recorded(Unit unit, double[] usage, double[] allocation) {
      return new Series(unit, usage, allocation, true);
    }

    /** A series without one: its allocation is the static peak of its usage. */
    public static Series staticPeak(Unit unit, double[] usage) {
      double peak = 0;
      for (double u : usage) {
        if (u > peak) {
          peak = u;
        }
      }
      double[] a = new double[usage.length];
      Arrays.fill(a, peak);
      return new Series(unit, usage, a, false);
    }
  }
}
