package org.pae.sim.tier;

import java.io.IOException;
import java.util.Arrays;

/**
 * A block trace in memory: every request's key as a dense id (0, 1, 2, ... in order of first
 * request), each id's original key, and the requests' times where the trace has them.
 *
 * @param name what reports call it (the file name without extensions)
 * @param requests the key id of every request, in order
 * @param keys the original key of each id
 * @param times each request's time in seconds, or {@code null}
 */
public record BlockTrace(String name, int[] requests, long[] keys, double[] times) {
  public BlockTrace {
    if (times != null && times.length != requests.length) {
      throw new IllegalArgumentException("times and requests differ in length");
    }
  }

  /** Reads every request of {@code reader}. */
  public static BlockTrace read(String name, RequestReader reader) throws IOException {
    KeyIndex index = new KeyIndex();
    int[] ids = new int[1 << 12];
    double[] times = new double[1 << 12];
    boolean timed = true;
    int n = 0;
    while (reader.next()) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
        if (timed) {
          times = Arrays.copyOf(times, n * 2);
        }
      }
      ids[n] = index.id(reader.key());
      double t = reader.time();
      if (timed && Double.isNaN(t)) {
        timed = false;
      }
      if (timed) {
        times[n] = t;
      }
      n++;
    }
    return new BlockTrace(
        name, Arrays.copyOf(ids, n), index.keys(), timed && n > 0 ? Arrays.copyOf(times, n) : null);
  }

  /** A trace of keys given in memory (tests, synthetic streams). */
  public static BlockTrace of(String name, long[] keys) {
    KeyIndex index = new KeyIndex();
    int[] ids = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      ids[i] = index.id(keys[i]);
    }
    return new BlockTrace(name, ids, index.keys(), null);
  }

  /** N, the number of requests. */
  public int size() {
    return requests.length;
  }

  /** K, the number of distinct keys. */
  public int distinctKeys() {
    return keys.length;
  }

  /** BENCHMARKS §5's epoch length: E = max(1000, ⌊N / 200⌋) requests. */
  public int epochLength() {
    return Math.max(1000, size() / 200);
  }

  /** How many epochs the requests fill (the last may be partial). */
  public int epochs() {
    int e = epochLength();
    return (size() + e - 1) / e;
  }
}
