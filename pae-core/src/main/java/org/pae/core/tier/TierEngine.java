package org.pae.core.tier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live side of tiering, for named keys (files): counts each key's requests through an epoch
 * and, at its end, asks the policy where each key belongs during the next one and returns the moves
 * from where the keys are to there, each with its reason. Pure: the caller says when the epoch ends
 * and where the keys are; what it makes of the moves (apply them, recommend them) is its own.
 *
 * <p>A key's peers (the policy's neighbourhood) are the keys of its directory: the key's original
 * value is its directory's number times 256 plus its number there, modulo 256. A key the policy has
 * not placed belongs on cold; so a key found on a faster tier that the policy did not put there (a
 * restart forgot it) moves down ({@code not placed by <policy>}), and a move not made (refused, or
 * only recommended) is asked for again with the reason the policy gave ({@code standing: <model>}).
 */
public final class TierEngine {
  /** Before the model of a move the policy decided in an earlier epoch that is not made yet. */
  public static final String STANDING = "standing: ";

  /** Before the policy's name in the model of a move down of a key the policy did not place. */
  public static final String UNPLACED = "not placed by ";

  /**
   * One key to move at the end of an epoch.
   *
   * @param file the key
   * @param from the tier it is on
   * @param to the tier the policy places it on
   * @param predictedRate the policy's forecast of its requests an epoch (0 when reconciling)
   * @param payRate the forecast above which the move pays
   * @param model what decided it
   */
  public record FileMove(
      String file, Tier from, Tier to, double predictedRate, double payRate, String model) {}

  /**
   * The end of one epoch.
   *
   * @param epoch its number, from 0
   * @param time when it ended
   * @param served the requests of the epoch served by each tier (where each key was during it)
   * @param moves the moves to make, demotions first so that a faster tier has room for promotions
   */
  public record EpochEnd(int epoch, Instant time, Map<Tier, Long> served, List<FileMove> moves) {
    public EpochEnd {
      served = Map.copyOf(served);
      moves = List.copyOf(moves);
    }
  }

  private final String policyName;
  private final TierPolicy policy;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final List<Long> originals = new ArrayList<>();
  private final Map<String, int[]> directories = new HashMap<>();
  private final Map<Integer, Move> placedBecause = new HashMap<>();
  private byte[] placed = new byte[16];
  private int[] requests = new int[1024];
  private int size;
  private long position;
  private int epoch;

  public TierEngine(String policyName, TierPolicy policy) {
    this.policyName = policyName;
    this.policy = policy;
  }

  /** One request for {@code file} in the current epoch. */
  public void access(String file) {
    Integer id = ids.get(file);
    if (id == null) {
      id = names.size();
      ids.put(file, id);
      names.add(file);
      int slash = file.lastIndexOf('/');
      int[] dir =
          directories.computeIfAbsent(
              slash < 0 ? "" : file.substring(0, slash), d -> new int[] {directories.size(), 0});
      originals.add(dir[0] * 256L + (dir[1]++ & 0xff));
      if (id >= placed.length) {
        placed = Arrays.copyOf(placed, placed.length * 2);
      }
      placed[id] = (byte) Tier.COLD.ordinal();
    }
    if (size == requests.length) {
      requests = Arrays.copyOf(requests, size * 2);
    }
    requests[size++] = id;
  }

  /**
   * Ends the epoch at {@code now}, with the keys on each tier as {@code where} says (a key not in
   * it is gone and is not moved), and returns the moves the policy's placement needs.
   */
  public EpochEnd end(Instant now, Map<String, Tier> where) {
    Map<Tier, Long> served = new EnumMap<>(Tier.class);
    for (Tier t : Tier.values()) {
      served.put(t, 0L);
    }
    for (int i = 0; i < size; i++) {
      Tier t = where.get(names.get(requests[i]));
      if (t != null) {
        served.merge(t, 1L, Long::sum);
      }
    }
    Placement p =
        policy.place(
            new Epoch(
                epoch,
                Arrays.copyOf(requests, size),
                0,
                size,
                position,
                null,
                names.size(),
                id -> originals.get(id)));
    Map<String, Move> reasons = new HashMap<>();
    for (Move m : p.moves()) {
      placed[m.key()] = (byte) m.to().ordinal();
      reasons.put(names.get(m.key()), m);
      if (m.to() == Tier.COLD) {
        placedBecause.remove(m.key());
      } else {
        placedBecause.put(m.key(), m);
      }
    }
    List<FileMove> moves = new ArrayList<>();
    where.forEach(
        (file, on) -> {
          Integer id = ids.get(file);
          Tier want = id == null ? Tier.COLD : Tier.values()[placed[id]];
          if (want != on) {
            Move decided = reasons.get(file);
            Move before = id == null ? null : placedBecause.get(id);
            if (decided != null) {
              moves.add(
                  new FileMove(
                      file, on, want, decided.predictedRate(), decided.payRate(), decided.model()));
            } else if (before != null) {
              moves.add(
                  new FileMove(
                      file,
                      on,
                      want,
                      before.predictedRate(),
                      before.payRate(),
                      STANDING + before.model()));
            } else {
              moves.add(new FileMove(file, on, want, 0, 0, UNPLACED + policyName));
            }
          }
        });
    moves.sort(
        Comparator.comparing((FileMove m) -> m.to().ordinal() < m.from().ordinal())
            .thenComparing(FileMove::file));
    EpochEnd end = new EpochEnd(epoch, now, served, moves);
    position += size;
    size = 0;
    epoch++;
    return end;
  }
}
