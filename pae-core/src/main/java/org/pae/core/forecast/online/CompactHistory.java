package org.pae.core.forecast.online;

import java.util.Arrays;

/**
 * The last {@code capacity} samples of a series in about 18 bits each instead of 32 or 64: samples
 * are kept in blocks of {@value #BLOCK}, each block as 16-bit codes on a linear scale from its own
 * minimum to its own maximum. A sample comes back within (block max − block min) / 131,070 of what
 * was pushed (plus float rounding of the block's minimum), so a flat stretch comes back exactly as
 * a float would, and a stretch of small fluctuations keeps them to five significant digits of their
 * own range, not of the level they sit on. The block being filled is kept as floats; storage grows
 * block by block up to the capacity, so a young series holds only what it has seen.
 */
final class CompactHistory implements Past {
  /** Samples per block: per-block scale costs 2 bits per sample. */
  static final int BLOCK = 1 << 5;

  private static final int SHIFT = Integer.numberOfTrailingZeros(BLOCK);

  private static final int CODES = 65_535;

  private final int capacity;
  private final int maxBlocks;
  private short[] codes = new short[0];
  private float[] base = new float[0];
  private float[] step = new float[0];
  private final float[] open = new float[BLOCK];
  private int openSlot;
  private final long first;
  private long count;

  /** Keeps at least the last {@code capacity} samples. */
  CompactHistory(int capacity) {
    this(capacity, 0);
  }

  /**
   * Keeps at least the last {@code capacity} samples, the next pushed being the series' sample
   * number {@code position}: blocks fall on the same samples as in a history that took the series
   * from its start, so a block both hold in full is coded the same. A block entered midway is coded
   * over the samples it was given.
   */
  CompactHistory(int capacity, long position) {
    if (capacity < 1 || position < 0) {
      throw new IllegalArgumentException(
          "a history holds at least one sample from a position >= 0: "
              + capacity
              + ", "
              + position);
    }
    this.capacity = capacity;
    this.maxBlocks = (capacity + BLOCK - 1) / BLOCK;
    this.first = position;
    this.count = position;
  }

  /** How many of the latest samples can be read back: min(pushed, capacity). */
  int size() {
    return (int) Math.min(count - first, capacity);
  }

  void push(double y) {
    int i = (int) (count % BLOCK);
    if (count == first) {
      // The slots before the first sample count as it: they neither widen the block's range nor
      // are ever read.
      Arrays.fill(open, 0, i, (float) y);
    }
    open[i] = (float) y;
    count++;
    if (i == BLOCK - 1) {
      close();
    }
  }

  /** Encodes the full open block into its slot; the next block takes the slot after it. */
  private void close() {
    int slot = openSlot;
    openSlot = slot + 1 == maxBlocks ? 0 : slot + 1;
    if (slot >= base.length) {
      int n = Math.min(maxBlocks, Math.max(1, base.length * 2));
      codes = Arrays.copyOf(codes, n * BLOCK);
      base = Arrays.copyOf(base, n);
      step = Arrays.copyOf(step, n);
    }
    float lo = open[0];
    float hi = open[0];
    for (float v : open) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    float s = (float) (((double) hi - lo) / CODES);
    base[slot] = lo;
    step[slot] = s;
    int at = slot * BLOCK;
    for (int i = 0; i < BLOCK; i++) {
      long c = s > 0 ? Math.round((open[i] - (double) lo) / s) : 0;
      codes[at + i] = (short) Math.max(0, Math.min(CODES, c));
    }
  }

  /** The sample pushed at position {@code t} (0 = the first ever), which must still be held. */
  private double at(long t) {
    int i = (int) (t & (BLOCK - 1));
    int behind = (int) ((count >>> SHIFT) - (t >>> SHIFT));
    if (behind == 0) {
      return open[i];
    }
    int slot = openSlot - behind;
    if (slot < 0) {
      slot += maxBlocks;
    }
    return base[slot] + (double) step[slot] * Short.toUnsignedInt(codes[slot * BLOCK + i]);
  }

  @Override
  public double back(int lag) {
    if (lag < 1 || lag > size()) {
      throw new IllegalArgumentException("lag " + lag + " outside 1.." + size());
    }
    return at(count - lag);
  }

  /** The latest {@code n <= size()} samples, oldest first. */
  double[] latest(int n) {
    if (n > size()) {
      throw new IllegalArgumentException("asked " + n + " samples; holds " + size());
    }
    double[] out = new double[n];
    long start = count - n;
    for (int t = 0; t < n; t++) {
      out[t] = at(start + t);
    }
    return out;
  }
}
