package org.pae.server.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.pae.core.model.SeriesKey;
import org.pae.core.ports.HistoryStore;

/**
 * The last {@code capacity} samples of every series, in memory: the history the API serves when the
 * daemon has no store. Written by the loop thread, read by the API's.
 */
public final class RecentHistory implements HistorySource {
  private final int capacity;
  private final Map<SeriesKey, Ring> rings = new ConcurrentHashMap<>();

  public RecentHistory(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records one sample; times must increase per series. */
  public void add(SeriesKey series, Instant time, OptionalDouble usage, double allocation) {
    rings
        .computeIfAbsent(series, k -> new Ring(capacity))
        .add(time.toEpochMilli(), usage.orElse(Double.NaN), allocation);
  }

  /** Keeps only the given series. */
  public void retain(java.util.Set<SeriesKey> live) {
    rings.keySet().retainAll(live);
  }

  @Override
  public List<HistoryStore.Sample> history(
      SeriesKey series, Instant from, Instant to, Duration step) {
    Ring ring = rings.get(series);
    if (ring == null) {
      return List.of();
    }
    return ring.downsample(from.toEpochMilli(), to.toEpochMilli(), Math.max(1, step.toMillis()));
  }

  private static final class Ring {
    private final long[] times;
    private final double[] usage;
    private final double[] allocation;
    private int next;
    private int size;

    Ring(int capacity) {
      times = new long[capacity];
      usage = new double[capacity];
      allocation = new double[capacity];
    }

    synchronized void add(long t, double u, double a) {
      times[next] = t;
      usage[next] = u;
      allocation[next] = a;
      next = (next + 1) % times.length;
      size = Math.min(size + 1, times.length);
    }

    synchronized List<HistoryStore.Sample> downsample(long from, long to, long step) {
      List<HistoryStore.Sample> out = new ArrayList<>();
      int start = (next - size + times.length) % times.length;
      long bucket = Long.MIN_VALUE;
      double sum = 0;
      int n = 0;
      double max = Double.NaN;
      double allocSum = 0;
      int count = 0;
      for (int i = 0; i < size; i++) {
        int k = (start + i) % times.length;
        long t = times[k];
        if (t < from || t >= to) {
          continue;
        }
        long b = Math.floorDiv(t, step) * step;
        if (b != bucket) {
          if (bucket != Long.MIN_VALUE) {
            out.add(point(bucket, sum, n, max, allocSum / count, count));
          }
          bucket = b;
          sum = 0;
          n = 0;
          max = Double.NaN;
          allocSum = 0;
          count = 0;
        }
        if (!Double.isNaN(usage[k])) {
          sum += usage[k];
          n++;
          max = Double.isNaN(max) ? usage[k] : Math.max(max, usage[k]);
        }
        allocSum += allocation[k];
        count++;
      }
      if (bucket != Long.MIN_VALUE) {
        out.add(point(bucket, sum, n, max, allocSum / count, count));
      }
      return out;
    }

    private static HistoryStore.Sample point(
        long bucket, double sum, int n, double max, double allocation, int count) {
      return new HistoryStore.Sample(
          Instant.ofEpochMilli(bucket), n == 0 ? Double.NaN : sum / n, max, allocation, count);
    }
  }
}
