package org.pae.core.tier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Storage tiering as of its latest epoch: what the API, the dashboard and {@code /metrics} show.
 *
 * @param time when the latest epoch ended
 * @param epoch its number
 * @param policy the tier policy's name
 * @param enforce whether moves are made or only recommended
 * @param capacities how many files hot and warm hold
 * @param files the files on each tier now
 * @param served the latest epoch's requests served by each tier
 * @param moves the latest moves, newest first, bounded
 */
public record TierStatus(
    Instant time,
    int epoch,
    String policy,
    boolean enforce,
    Capacities capacities,
    Map<Tier, Integer> files,
    Map<Tier, Long> served,
    List<MoveRecord> moves) {
  public TierStatus {
    files = Map.copyOf(files);
    served = Map.copyOf(served);
    moves = List.copyOf(moves);
  }

  /** What became of a move: made, only recommended, or left undone (with why). */
  public enum Outcome {
    MOVED,
    RECOMMENDED,
    REFUSED
  }

  /**
   * One move and what became of it.
   *
   * @param time the end of the epoch that decided it
   * @param move the move with its reason
   * @param outcome what became of it
   * @param detail why it was refused, else empty
   */
  public record MoveRecord(
      Instant time, TierEngine.FileMove move, Outcome outcome, String detail) {}
}
