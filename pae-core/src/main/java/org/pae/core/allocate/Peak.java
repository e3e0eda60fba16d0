package org.pae.core.allocate;

/**
 * The largest value seen over roughly the last {@code n} samples, in O(1) time and O(1) memory: the
 * window is cut into at most {@value #BLOCKS} blocks, the maxima of the completed ones are kept in
 * a ring, so the value covers at least the latest n samples and fewer than two blocks more.
 */
final class Peak {
  static final int BLOCKS = 12;

  private final int blockSize;
  private final double[] ring;
  private int next;
  private int filled;
  private double current = Double.NEGATIVE_INFINITY;
  private int inCurrent;

  /**
   * @param n the window, in samples, &ge; 1
   */
  Peak(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a peak window needs at least one sample: " + n);
    }
    this.blockSize = (n + BLOCKS - 1) / BLOCKS;
    this.ring = new double[(n + blockSize - 1) / blockSize];
  }

  void add(double x) {
    current = Math.max(current, x);
    if (++inCurrent == blockSize) {
      ring[next] = current;
      next = (next + 1) % ring.length;
      filled = Math.min(filled + 1, ring.length);
      current = Double.NEGATIVE_INFINITY;
      inCurrent = 0;
    }
  }

  /** The peak; {@code NaN} before the first sample. */
  double value() {
    double m = current;
    for (int i = 0; i < filled; i++) {
      m = Math.max(m, ring[i]);
    }
    return m == Double.NEGATIVE_INFINITY ? Double.NaN : m;
  }
}
