package org.pae.server.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pae.core.tier.Capacities;
import org.pae.core.tier.PaeTierPolicy;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierCosts;
import org.pae.core.tier.TierEngine;
import org.pae.core.tier.TierSetup;
import org.pae.core.tier.TierStatus;

/**
 * Storage tiering as {@code pae run} reports it, recommend-only: PAE's tier policy over 20 files
 * for three epochs in which file {@code db/f<i>} is read 20 - i times, every file staying cold.
 */
final class TierFixture {
  static final Capacities CAPACITIES = new Capacities(2, 5);

  private TierFixture() {}

  static TierStatus status(Instant start) {
    TierEngine engine =
        new TierEngine("pae", new PaeTierPolicy(new TierSetup(CAPACITIES, TierCosts.BENCHMARK)));
    Map<String, Tier> where = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      where.put("db/f" + i, Tier.COLD);
    }
    List<TierStatus.MoveRecord> moves = new ArrayList<>();
    TierEngine.EpochEnd end = null;
    for (int e = 0; e < 3; e++) {
      for (int i = 0; i < 20; i++) {
        for (int r = 0; r < 20 - i; r++) {
          engine.access("db/f" + i);
        }
      }
      end = engine.end(start.plusSeconds(300L * (e + 1)), where);
      for (TierEngine.FileMove m : end.moves()) {
        moves.addFirst(
            new TierStatus.MoveRecord(end.time(), m, TierStatus.Outcome.RECOMMENDED, ""));
      }
    }
    Map<Tier, Integer> files = new EnumMap<>(Map.of(Tier.HOT, 0, Tier.WARM, 0, Tier.COLD, 20));
    return new TierStatus(
        end.time(), end.epoch(), "pae", false, CAPACITIES, files, end.served(), moves);
  }
}
