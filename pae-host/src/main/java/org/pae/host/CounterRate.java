package org.pae.host;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Rates from cumulative counters, per key. The first reading of a key has no rate. A counter that
 * goes backwards either wrapped — a 32-bit counter that was in its upper half, as some network
 * drivers keep — and the rate counts through the wrap, or it was reset (the cgroup or interface was
 * recreated), and the rate starts afresh at the next reading.
 *
 * @param <K> what a counter belongs to
 */
public final class CounterRate<K> {
  private static final double WRAP_32 = 4294967296.0;

  private record Last(Instant at, long value) {}

  private final Map<K, Last> last = new HashMap<>();

  /** The rate per second since the last reading of {@code key}, times {@code scale}. */
  public OptionalDouble rate(K key, Instant now, long value, double scale) {
    Last before = last.put(key, new Last(now, value));
    if (before == null) {
      return OptionalDouble.empty();
    }
    double seconds = (now.toEpochMilli() - before.at.toEpochMilli()) / 1000.0;
    if (seconds <= 0) {
      return OptionalDouble.empty();
    }
    double delta = value - before.value;
    if (value < before.value) {
      if (before.value >= WRAP_32 / 2 && before.value < WRAP_32 && value < WRAP_32 / 2) {
        delta = value + WRAP_32 - before.value;
      } else {
        return OptionalDouble.empty();
      }
    }
    return OptionalDouble.of(delta * scale / seconds);
  }

  /** Forgets every key not in {@code live}. */
  public void retainAll(java.util.Collection<K> live) {
    last.keySet().retainAll(live);
  }

  /** Forgets one key. */
  public void forget(K key) {
    last.remove(key);
  }
}
