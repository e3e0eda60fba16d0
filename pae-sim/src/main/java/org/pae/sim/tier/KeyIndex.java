package org.pae.sim.tier;

import java.util.Arrays;

/** Original keys to dense ids 0, 1, 2, ... in order of first sight: open addressing, no boxing. */
final class KeyIndex {
  private long[] slotKey = new long[1 << 10];
  private int[] slotId = new int[1 << 10];
  private long[] keys = new long[1 << 10];
  private int size;

  KeyIndex() {
    Arrays.fill(slotId, -1);
  }

  /** The key's id, giving it the next one when it is new. */
  int id(long key) {
    int mask = slotId.length - 1;
    int i = (int) mix(key) & mask;
    while (true) {
      int id = slotId[i];
      if (id < 0) {
        break;
      }
      if (slotKey[i] == key) {
        return id;
      }
      i = (i + 1) & mask;
    }
    int id = size++;
    if (id == keys.length) {
      keys = Arrays.copyOf(keys, id * 2);
    }
    keys[id] = key;
    slotKey[i] = key;
    slotId[i] = id;
    if (size * 2 > slotId.length) {
      rehash();
    }
    return id;
  }

  int size() {
    return size;
  }

  /** The original keys by id (a copy trimmed to {@link #size()}). */
  long[] keys() {
    return Arrays.copyOf(keys, size);
  }

  private void rehash() {
    int n = slotId.length * 2;
    slotKey = new long[n];
    slotId = new int[n];
    Arrays.fill(slotId, -1);
    int mask = n - 1;
    for (int id = 0; id < size; id++) {
      int i = (int) mix(keys[id]) & mask;
      while (slotId[i] >= 0) {
        i = (i + 1) & mask;
      }
      slotKey[i] = keys[id];
      slotId[i] = id;
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
