package org.pae.core.tier;

import java.util.function.IntToLongFunction;

/**
 * The requests of one epoch, as a policy sees them at its end: keys as dense ids (0, 1, 2, ... in
 * order of first request), each id's original key (a block number, say) and, where the trace has
 * them, the requests' times.
 *
 * @param index the epoch's number, from 0
 * @param requests the key id of every request; this epoch's are {@code requests[from, to)}
 * @param from the first of this epoch's requests in {@code requests}
 * @param to one past its last
 * @param firstPosition the position in the whole stream of the request at {@code from}
 * @param times each request's time in seconds, parallel to {@code requests}, or {@code null}
 * @param knownKeys how many ids exist so far (every id in the epoch is below it)
 * @param originalKey the original key of an id
 */
public record Epoch(
    int index,
    int[] requests,
    int from,
    int to,
    long firstPosition,
    double[] times,
    int knownKeys,
    IntToLongFunction originalKey) {
  public Epoch {
    if (from < 0 || to < from || to > requests.length) {
      throw new IllegalArgumentException(
          "epoch " + index + ": requests [" + from + ", " + to + ") outside " + requests.length);
    }
  }

  /** How many requests the epoch holds. */
  public int size() {
    return to - from;
  }
}
