package org.pae.core.tier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A policy's record of where every key is: turns the next hot and warm sets into a {@link
 * Placement} with one {@link Move} per key whose tier changes, and remembers it. Refuses a
 * placement beyond the capacities or naming a key twice.
 */
public final class PlacementBook {
  private static final byte HOT = 0;
  private static final byte WARM = 1;
  private static final byte COLD = 2;
  private static final Tier[] TIERS = Tier.values();

  private final Capacities capacities;
  private byte[] tier = new byte[0];
  private int[] stamp = new int[0];
  private int round;
  private int[] placed = new int[0];

  public PlacementBook(Capacities capacities) {
    this.capacities = capacities;
  }

  /** The tier a key is in now. */
  public Tier tier(int key) {
    return key < tier.length ? TIERS[tier[key]] : Tier.COLD;
  }

  /**
   * Commits the next placement and returns it with its moves; each move's reason comes from {@code
   * predictedRate} and {@code payRate} applied to the key.
   */
  public Placement commit(
      int[] hot,
      int[] warm,
      IntToDoubleFunction predictedRate,
      IntToDoubleFunction payRate,
      String model) {
    if (hot.length > capacities.hot() || warm.length > capacities.warm()) {
      throw new IllegalStateException(
          "placement of "
              + hot.length
              + " hot and "
              + warm.length
              + " warm keys exceeds the capacities "
              + capacities);
    }
    round++;
    int highest = -1;
    for (int k : hot) {
      highest = Math.max(highest, k);
    }
    for (int k : warm) {
      highest = Math.max(highest, k);
    }
    grow(highest + 1);
    List<Move> moves = new ArrayList<>();
    mark(hot, HOT, moves, predictedRate, payRate, model);
    mark(warm, WARM, moves, predictedRate, payRate, model);
    for (int k : placed) {
      if (stamp[k] != round) {
        moves.add(
            new Move(
                k,
                TIERS[tier[k]],
                Tier.COLD,
                predictedRate.applyAsDouble(k),
                payRate.applyAsDouble(k),
                model));
        tier[k] = COLD;
      }
    }
    int[] next = Arrays.copyOf(hot, hot.length + warm.length);
    System.arraycopy(warm, 0, next, hot.length, warm.length);
    placed = next;
    return new Placement(hot, warm, moves);
  }

  private void mark(
      int[] keys,
      byte to,
      List<Move> moves,
      IntToDoubleFunction predictedRate,
      IntToDoubleFunction payRate,
      String model) {
    for (int k : keys) {
      if (k < 0) {
        throw new IllegalStateException("negative key id " + k + " in a placement");
      }
      if (stamp[k] == round) {
        throw new IllegalStateException("key id " + k + " placed twice in one placement");
      }
      stamp[k] = round;
      if (tier[k] != to) {
        moves.add(
            new Move(
                k,
                TIERS[tier[k]],
                TIERS[to],
                predictedRate.applyAsDouble(k),
                payRate.applyAsDouble(k),
                model));
        tier[k] = to;
      }
    }
  }

  private void grow(int size) {
    if (size > tier.length) {
      int n = Math.max(size, tier.length * 2);
      int old = tier.length;
      tier = Arrays.copyOf(tier, n);
      Arrays.fill(tier, old, n, COLD);
      stamp = Arrays.copyOf(stamp, n);
    }
  }
}
