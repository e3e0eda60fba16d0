package org.pae.core.tier;

import java.util.Arrays;

/**
 * BENCHMARKS §5's placement by a score: hot = the ⌊K/100⌋ keys of highest score, warm = the next
 * ⌊K/10⌋, keys of score 0 never placed.
 *
 * <p>Ties (many keys share a count) are broken by a hash of the key's original value and the epoch:
 * an order that knows nothing of the keys' past, so that a baseline gains nothing from how ties
 * fall, and that is the same on every run. The independent implementation that gave §5's reference
 * figures behaves the same way (its figures are reproduced within 0.1 by this rule; breaking ties
 * by the most recent request instead lowers the oracle's and lfu-decay's totals by up to 0.8, see
 * docs/tiering.md).
 */
public final class ScoreRanking {
  private final Capacities capacities;
  private final PlacementBook book;
  private final String model;
  private int[] heap = new int[0];
  private long[] heapTie = new long[0];

  public ScoreRanking(Capacities capacities, String model) {
    this.capacities = capacities;
    this.book = new PlacementBook(capacities);
    this.model = model;
  }

  /**
   * The placement ranking {@code candidates[0, n)} (distinct ids) by {@code score[id]}, highest
   * first.
   */
  public Placement place(Epoch epoch, int[] candidates, int n, double[] score) {
    int m = capacities.hot() + capacities.warm();
    if (heap.length < m) {
      heap = new int[m];
      heapTie = new long[m];
    }
    int size = 0;
    for (int i = 0; i < n; i++) {
      int k = candidates[i];
      double s = score[k];
      if (!(s > 0) || m == 0) {
        continue;
      }
      long t = tie(epoch.originalKey().applyAsLong(k), epoch.index());
      if (size < m) {
        heap[size] = k;
        heapTie[size] = t;
        up(size++, score);
      } else if (before(s, t, score[heap[0]], heapTie[0])) {
        heap[0] = k;
        heapTie[0] = t;
        down(0, size, score);
      }
    }
    int[] ranked = new int[size];
    for (int i = size - 1; i >= 0; i--) {
      ranked[i] = heap[0];
      heap[0] = heap[i];
      heapTie[0] = heapTie[i];
      down(0, i, score);
    }
    int h = Math.min(capacities.hot(), size);
    return book.commit(
        Arrays.copyOf(ranked, h),
        Arrays.copyOfRange(ranked, h, size),
        k -> k < score.length ? score[k] : 0,
        k -> 0,
        model);
  }

  /** Whether (s, t) ranks before (s2, t2): higher score, then higher tie hash. */
  private static boolean before(double s, long t, double s2, long t2) {
    return s > s2 || (s == s2 && t > t2);
  }

  /** The min-heap keeps the worst kept key at its root. */
  private void up(int i, double[] score) {
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (!before(score[heap[p]], heapTie[p], score[heap[i]], heapTie[i])) {
        return;
      }
      swap(i, p);
      i = p;
    }
  }

  private void down(int i, int size, double[] score) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int c = l;
      int r = l + 1;
      if (r < size && before(score[heap[l]], heapTie[l], score[heap[r]], heapTie[r])) {
        c = r;
      }
      if (!before(score[heap[i]], heapTie[i], score[heap[c]], heapTie[c])) {
        return;
      }
      swap(i, c);
      i = c;
    }
  }

  private void swap(int a, int b) {
    int k = heap[a];
    heap[a] = heap[b];
    heap[b] = k;
    long t = heapTie[a];
    heapTie[a] = heapTie[b];
    heapTie[b] = t;
  }

  /** A 64-bit mix (SplitMix64's finaliser) of the key and the epoch. */
  static long tie(long key, int epoch) {
    long z = key * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
