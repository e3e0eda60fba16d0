package org.pae.core.tier;

import java.util.Arrays;

/**
 * Per-key access-rate forecasts in bounded memory. Every request goes into a count-min sketch and
 * its key's neighbourhood; at most {@code tracked} keys also have exact state (decayed counts at
 * several half-lives, the epoch they were last brought up to date). A key without a slot waits in
 * the sketch; when the table is full, keys that are cold and forecast too low to ever pay a move
 * make room, and a newcomer starts from its sketch estimate.
 *
 * <p>The forecast for the next epoch, in requests per epoch: the weighted decayed counts, each
 * divided by its weight sum so far (so that it is a rate from the first epoch on); for a key seen
 * fewer than {@code fewRequests} times, part of it comes from its peers' average rate.
 */
final class KeyRates {
  static final int NONE = -1;
  private static final int GROUPS = 1 << 16;

  private final double[] decay;
  private final double[] weights;
  private final int longest;
  private final int maxTracked;
  private final int neighbourhoodBits;
  private final double neighbourhoodWeight;
  private final double fewRequests;
  private final CountMinSketch sketch;
  private final float sketchDecay;

  private int[] index;
  private int indexMask;
  final int[] slotKey;
  private final long[] slotOriginal;
  private final float[][] counts;
  private final int[] updated;
  private final int[] epochCount;
  final byte[] tier;
  private final int[] free;
  private int freeSize;

  private int[] touched = new int[1024];
  private int touchedSize;
  private int[] waiting = new int[1024];
  private long[] waitingOriginal = new long[1024];
  private int waitingSize;

  private final float[] groupSum = new float[GROUPS];
  private final float[] groupKeys = new float[GROUPS];
  private float groupUnit = 1;
  private int epoch = -1;
  private static final int POWERS = 4096;
  private final double[][] powers;
  private final double[] norms;

  KeyRates(TierSettings s, int maxTracked) {
    int n = s.halfLives().length;
    decay = new double[n];
    int slowest = 0;
    for (int i = 0; i < n; i++) {
      decay[i] = Math.pow(0.5, 1 / s.halfLives()[i]);
      if (s.halfLives()[i] > s.halfLives()[slowest]) {
        slowest = i;
      }
    }
    longest = slowest;
    powers = new double[n][POWERS];
    for (int h = 0; h < n; h++) {
      for (int a = 0; a < POWERS; a++) {
        powers[h][a] = Math.pow(decay[h], a);
      }
    }
    norms = new double[n];
    double sum = Arrays.stream(s.weights()).sum();
    weights = Arrays.stream(s.weights()).map(w -> sum > 0 ? w / sum : 0).toArray();
    this.maxTracked = maxTracked;
    this.neighbourhoodBits = s.neighbourhoodBits();
    this.neighbourhoodWeight = s.neighbourhoodWeight();
    this.fewRequests = s.fewRequests();
    this.sketch = new CountMinSketch(s.sketchWidth());
    this.sketchDecay = (float) decay[longest];
    int size = Integer.highestOneBit(Math.max(16, maxTracked) * 2 - 1) * 2;
    index = new int[size];
    indexMask = size - 1;
    slotKey = new int[maxTracked];
    slotOriginal = new long[maxTracked];
    counts = new float[n][maxTracked];
    updated = new int[maxTracked];
    epochCount = new int[maxTracked];
    tier = new byte[maxTracked];
    Arrays.fill(tier, (byte) Tier.COLD.ordinal());
    free = new int[maxTracked];
    for (int i = 0; i < maxTracked; i++) {
      free[i] = maxTracked - 1 - i;
    }
    freeSize = maxTracked;
  }

  /** Counts the epoch's requests and brings every touched key's state up to the epoch's end. */
  void observe(Epoch e) {
    epoch = e.index();
    for (int h = 0; h < decay.length; h++) {
      norms[h] = (1 - Math.pow(decay[h], epoch + 1)) / (1 - decay[h]);
    }
    int[] r = e.requests();
    for (int i = e.from(); i < e.to(); i++) {
      int key = r[i];
      long original = e.originalKey().applyAsLong(key);
      sketch.add(original);
      groupSum[group(original)] += groupUnit;
      int slot = slot(key);
      if (slot == NONE) {
        slot = admit(key, original);
        if (slot == NONE) {
          wait(key, original);
          continue;
        }
      }
      if (epochCount[slot]++ == 0) {
        if (touchedSize == touched.length) {
          touched = Arrays.copyOf(touched, touchedSize * 2);
        }
        touched[touchedSize++] = slot;
      }
    }
  }

  /** Closes the epoch: decayed counts of the touched keys, room for waiting keys, aging. */
  void close(double evictBelow) {
    for (int i = 0; i < touchedSize; i++) {
      int slot = touched[i];
      for (int h = 0; h < decay.length; h++) {
        counts[h][slot] = (float) (decayed(h, slot) + epochCount[slot]);
      }
      updated[slot] = epoch;
      epochCount[slot] = 0;
    }
    if (waitingSize > 0) {
      evict(evictBelow);
      for (int i = 0; i < waitingSize && freeSize > 0; i++) {
        if (slot(waiting[i]) == NONE) {
          int slot = admit(waiting[i], waitingOriginal[i]);
          touchedAdd(slot);
        }
      }
      waitingSize = 0;
    }
    sketch.age(sketchDecay);
    // The neighbourhoods age as the sketch does: sums divided by the decay so far.
    groupUnit /= (float) decay[longest];
    if (groupUnit > 1 << 20) {
      for (int i = 0; i < GROUPS; i++) {
        groupSum[i] /= groupUnit;
      }
      groupUnit = 1;
    }
  }

  /** Forgets the touched list once the policy has read it. */
  void clearTouched() {
    touchedSize = 0;
  }

  int touchedSize() {
    return touchedSize;
  }

  int touched(int i) {
    return touched[i];
  }

  /** The forecast requests of a tracked key in the next epoch. */
  double rate(int slot) {
    double r = 0;
    for (int h = 0; h < decay.length; h++) {
      r += weights[h] * decayed(h, slot) / norms[h];
    }
    if (neighbourhoodWeight > 0 && decayed(longest, slot) < fewRequests) {
      int g = group(slotOriginal[slot]);
      double peers = groupKeys[g] > 0 ? groupSum[g] / groupUnit / norms[longest] / groupKeys[g] : 0;
      r = (1 - neighbourhoodWeight) * r + neighbourhoodWeight * peers;
    }
    return r;
  }

  /** The slot of a key id, or {@link #NONE}. */
  int slot(int key) {
    int i = spread(key) & indexMask;
    while (true) {
      int v = index[i];
      if (v == 0) {
        return NONE;
      }
      if (slotKey[v - 1] == key) {
        return v - 1;
      }
      i = (i + 1) & indexMask;
    }
  }

  int tracked() {
    return maxTracked - freeSize;
  }

  private double decayed(int h, int slot) {
    int age = epoch - updated[slot];
    // The powers of the decay are tabled: this runs for every placed key at every epoch.
    return age == 0
        ? counts[h][slot]
        : counts[h][slot] * (age < POWERS ? powers[h][age] : Math.pow(decay[h], age));
  }

  private int group(long original) {
    return (int) (mix(original >>> neighbourhoodBits)) & (GROUPS - 1);
  }

  private int admit(int key, long original) {
    if (freeSize == 0) {
      return NONE;
    }
    int slot = free[--freeSize];
    slotKey[slot] = key;
    slotOriginal[slot] = original;
    // A key back from the sketch starts from its estimate (this epoch's requests are already in
    // it).
    float start = Math.max(0, sketch.estimate(original) - 1);
    for (float[] c : counts) {
      c[slot] = start;
    }
    updated[slot] = epoch;
    epochCount[slot] = 0;
    tier[slot] = (byte) Tier.COLD.ordinal();
    if (start == 0) {
      groupKeys[group(original)]++;
    }
    int i = spread(key) & indexMask;
    while (index[i] != 0) {
      i = (i + 1) & indexMask;
    }
    index[i] = slot + 1;
    return slot;
  }

  private void wait(int key, long original) {
    if (waitingSize == waiting.length) {
      waiting = Arrays.copyOf(waiting, waitingSize * 2);
      waitingOriginal = Arrays.copyOf(waitingOriginal, waitingSize * 2);
    }
    waiting[waitingSize] = key;
    waitingOriginal[waitingSize++] = original;
  }

  private void touchedAdd(int slot) {
    if (touchedSize == touched.length) {
      touched = Arrays.copyOf(touched, touchedSize * 2);
    }
    touched[touchedSize++] = slot;
  }

  /**
   * Frees the slots of cold keys forecast below {@code below}, and at least a quarter of the table
   * (the cold keys of lowest forecast, the cut read from a sample), so that the scan runs only
   * every few epochs; their history stays in the sketch.
   */
  private void evict(double below) {
    int step = Math.max(1, maxTracked / 4096);
    double[] sample = new double[maxTracked / step + 1];
    int n = 0;
    for (int slot = 0; slot < maxTracked; slot += step) {
      if (tier[slot] == Tier.COLD.ordinal() && isUsed(slot)) {
        sample[n++] = rate(slot);
      }
    }
    double cut = below;
    if (n > 0) {
      Arrays.sort(sample, 0, n);
      int quarter = (int) Math.min(n - 1, (long) n * (maxTracked / 4) / Math.max(1, tracked()));
      cut = Math.max(below, sample[quarter]);
    }
    for (int slot = 0; slot < maxTracked; slot++) {
      if (tier[slot] == Tier.COLD.ordinal()
          && epochCount[slot] == 0
          && isUsed(slot)
          && rate(slot) <= cut) {
        remove(slot);
      }
    }
  }

  private boolean isUsed(int slot) {
    return slot(slotKey[slot]) == slot;
  }

  /** Removes a slot from the index (backward-shift deletion keeps probe chains whole). */
  private void remove(int slot) {
    int i = spread(slotKey[slot]) & indexMask;
    while (index[i] != slot + 1) {
      i = (i + 1) & indexMask;
    }
    int hole = i;
    int j = hole;
    while (true) {
      j = (j + 1) & indexMask;
      int v = index[j];
      if (v == 0) {
        break;
      }
      int home = spread(slotKey[v - 1]) & indexMask;
      boolean between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!between) {
        index[hole] = v;
        hole = j;
      }
    }
    index[hole] = 0;
    free[freeSize++] = slot;
  }

  private static int spread(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    return z ^ (z >>> 29);
  }
}
