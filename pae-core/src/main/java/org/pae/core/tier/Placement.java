package org.pae.core.tier;

import java.util.List;

/**
 * What a policy decides at the end of an epoch: the keys in the hot and the warm tier during the
 * next epoch (every other key is cold), and the moves from the current placement to this one, each
 * with its reason.
 */
public record Placement(int[] hot, int[] warm, List<Move> moves) {
  public Placement {
    moves = List.copyOf(moves);
  }
}
