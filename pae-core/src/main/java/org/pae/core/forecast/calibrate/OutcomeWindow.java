package org.pae.core.forecast.calibrate;

/**
 * The outcomes of one level's last updates, one position per step of the horizon, two bits each (a
 * hit, a miss, or nothing yet), kept in a slice of a long array its {@link QuantileTracker} owns:
 * the hit bits, then the miss bits. From them the tracker recovers the θ a pending forecast was
 * made with without storing θ per step.
 */
final class OutcomeWindow {
  private OutcomeWindow() {}

  /** The longs a window of {@code size} positions takes. */
  static int longs(int size) {
    return 2 * words(size);
  }

  private static int words(int size) {
    return (size + 63) >>> 6;
  }

  /** Hits at every position but {@code p} of the window of {@code size} at {@code base}. */
  static int hitsBesides(long[] bits, int base, int size, int p) {
    return countBesides(bits, base, size, p);
  }

  /** Misses at every position but {@code p} of the window of {@code size} at {@code base}. */
  static int missesBesides(long[] bits, int base, int size, int p) {
    return countBesides(bits, base + words(size), size, p);
  }

  private static int countBesides(long[] bits, int from, int size, int p) {
    int count = 0;
    for (int w = 0; w < words(size); w++) {
      count += Long.bitCount(bits[from + w]);
    }
    return count - (isSet(bits, from, p) ? 1 : 0);
  }

  /**
   * Records at position {@code p} of the window of {@code size} at {@code base} a miss or a hit.
   */
  static void put(long[] bits, int base, int size, int p, boolean missed) {
    int hit = base + (p >>> 6);
    int miss = base + words(size) + (p >>> 6);
    long bit = 1L << (p & 63);
    if (missed) {
      bits[hit] &= ~bit;
      bits[miss] |= bit;
    } else {
      bits[miss] &= ~bit;
      bits[hit] |= bit;
    }
  }

  private static boolean isSet(long[] bits, int from, int p) {
    return (bits[from + (p >>> 6)] & (1L << (p & 63))) != 0;
  }
}
