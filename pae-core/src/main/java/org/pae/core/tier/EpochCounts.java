package org.pae.core.tier;

import java.util.Arrays;

/**
 * Requests per key in one epoch: {@link #count} per id, and the distinct ids in order of first
 * request. Reused from epoch to epoch (clearing costs the previous epoch's distinct keys only).
 */
public final class EpochCounts {
  private int[] count = new int[0];
  private int[] distinct = new int[16];
  private int size;

  /** Counts {@code requests[from, to)}, forgetting the previous epoch. */
  public void count(int[] requests, int from, int to, int knownKeys) {
    for (int i = 0; i < size; i++) {
      count[distinct[i]] = 0;
    }
    size = 0;
    if (count.length < knownKeys) {
      count = Arrays.copyOf(count, Math.max(knownKeys, count.length * 2));
    }
    for (int i = from; i < to; i++) {
      int k = requests[i];
      if (count[k]++ == 0) {
        if (size == distinct.length) {
          distinct = Arrays.copyOf(distinct, size * 2);
        }
        distinct[size++] = k;
      }
    }
  }

  /** Counts the epoch's requests. */
  public void count(Epoch e) {
    count(e.requests(), e.from(), e.to(), e.knownKeys());
  }

  /** Requests of a key in the counted epoch. */
  public int count(int key) {
    return key < count.length ? count[key] : 0;
  }

  /** The distinct ids; the first {@link #size()} entries are valid. */
  public int[] distinct() {
    return distinct;
  }

  public int size() {
    return size;
  }
}
