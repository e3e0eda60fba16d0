package org.pae.core.forecast.calibrate;

/**
 * The outcomes of one level's last updates, one position per step of the horizon, two bits each (a
 * hit, a miss, or nothing yet), with their counts. From them {@link QuantileTracker} recovers the θ
 * a pending forecast was made with without storing θ per step.
 */
final class OutcomeWindow {
  private final long[] hit;
  private final long[] miss;
  private int hits;
  private int misses;

  /**
   * @param size positions, &gt;= 1
   */
  OutcomeWindow(int size) {
    int words = (size + 63) >>> 6;
    hit = new long[words];
    miss = new long[words];
  }

  /** Hits at every position but {@code p}. */
  int hitsBesides(int p) {
    return hits - (isSet(hit, p) ? 1 : 0);
  }

  /** Misses at every position but {@code p}. */
  int missesBesides(int p) {
    return misses - (isSet(miss, p) ? 1 : 0);
  }

  /** Records at position {@code p} a miss or a hit. */
  void put(int p, boolean missed) {
    hits -= isSet(hit, p) ? 1 : 0;
    misses -= isSet(miss, p) ? 1 : 0;
    long bit = 1L << (p & 63);
    if (missed) {
      hit[p >>> 6] &= ~bit;
      miss[p >>> 6] |= bit;
      misses++;
    } else {
      miss[p >>> 6] &= ~bit;
      hit[p >>> 6] |= bit;
      hits++;
    }
  }

  private static boolean isSet(long[] bits, int p) {
    return (bits[p >>> 6] & (1L << (p & 63))) != 0;
  }
}
