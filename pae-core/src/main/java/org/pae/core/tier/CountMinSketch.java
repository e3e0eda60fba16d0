package org.pae.core.tier;

/**
 * Decayed request counts of every key in fixed memory: four rows of {@code width} counters, a key's
 * estimate the least of its four counters (never below its true decayed count, above it by the
 * counts of the keys it collides with). {@link #age} multiplies every count by a factor in O(1):
 * counters hold counts divided by the decay so far, and a new request adds that divisor (rescaled
 * in one pass when it grows large).
 */
final class CountMinSketch {
  private static final int DEPTH = 4;
  private final float[] counters;
  private final int mask;
  private float unit = 1;

  CountMinSketch(int width) {
    this.counters = new float[DEPTH * width];
    this.mask = width - 1;
  }

  void add(long key) {
    for (int row = 0; row < DEPTH; row++) {
      counters[cell(key, row)] += unit;
    }
  }

  float estimate(long key) {
    float least = Float.MAX_VALUE;
    for (int row = 0; row < DEPTH; row++) {
      least = Math.min(least, counters[cell(key, row)]);
    }
    return least / unit;
  }

  /** The key's counter in a row: an independent hash per row. */
  private int cell(long key, int row) {
    return row * (mask + 1) + ((int) mix(key + row * 0x9E3779B97F4A7C15L) & mask);
  }

  void age(float factor) {
    unit /= factor;
    if (unit > 1 << 20) {
      for (int i = 0; i < counters.length; i++) {
        counters[i] /= unit;
      }
      unit = 1;
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
