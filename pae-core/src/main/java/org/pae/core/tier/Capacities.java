package org.pae.core.tier;

/** How many keys the hot and the warm tier hold at most; the cold tier holds every other key. */
public record Capacities(int hot, int warm) {
  public Capacities {
    if (hot < 0 || warm < 0) {
      throw new IllegalArgumentException(
          "tier capacities cannot be negative; got hot " + hot + ", warm " + warm);
    }
  }

  /** BENCHMARKS §5: hot ⌊K / 100⌋ keys, warm ⌊K / 10⌋, for K distinct keys. */
  public static Capacities forKeys(long distinctKeys) {
    return new Capacities(
        (int) Math.min(Integer.MAX_VALUE, distinctKeys / 100),
        (int) Math.min(Integer.MAX_VALUE, distinctKeys / 10));
  }
}
