package org.pae.core.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TierEngineTest {
  private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void movesFollowThePolicyDemotionsFirstAndAForgottenHotFileGoesDown() {
    TierEngine engine =
        new TierEngine(
            "pae", new PaeTierPolicy(new TierSetup(new Capacities(1, 2), TierCosts.BENCHMARK)));
    Map<String, Tier> where = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      where.put("d/f" + i, Tier.COLD);
    }
    where.put("old", Tier.HOT); // left hot by an earlier run; never read now
    for (int r = 0; r < 10; r++) {
      engine.access("d/f1");
    }
    engine.access("d/f2");
    engine.access("d/f2");
    engine.access("d/f2");
    engine.access("gone"); // read, then deleted: not in where, never moved
    TierEngine.EpochEnd end = engine.end(T, where);
    assertThat(end.epoch()).isZero();
    assertThat(end.served()).containsEntry(Tier.COLD, 13L).containsEntry(Tier.HOT, 0L);
    assertThat(end.moves())
        .extracting(TierEngine.FileMove::file, TierEngine.FileMove::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("old", Tier.COLD),
            org.assertj.core.groups.Tuple.tuple("d/f1", Tier.HOT),
            org.assertj.core.groups.Tuple.tuple("d/f2", Tier.WARM));
    assertThat(end.moves().getFirst().model()).isEqualTo(TierEngine.UNPLACED + "pae");
    assertThat(end.moves().get(1).predictedRate()).isGreaterThan(end.moves().get(1).payRate());

    // Only f1's move was made: f2's is asked for again, with the reason the policy gave for it.
    where.put("old", Tier.COLD);
    where.put("d/f1", Tier.HOT);
    TierEngine.EpochEnd standing = engine.end(T.plusSeconds(30), where);
    assertThat(standing.moves())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.file()).isEqualTo("d/f2");
              assertThat(m.model()).isEqualTo(TierEngine.STANDING + end.moves().get(2).model());
              assertThat(m.predictedRate()).isEqualTo(end.moves().get(2).predictedRate());
            });
    // Then it is made; the next epoch serves f1 hot, f2 warm, and asks for nothing more.
    where.put("d/f2", Tier.WARM);
    engine.access("d/f1");
    engine.access("d/f2");
    TierEngine.EpochEnd next = engine.end(T.plusSeconds(60), where);
    assertThat(next.epoch()).isEqualTo(2);
    assertThat(next.served())
        .containsEntry(Tier.HOT, 1L)
        .containsEntry(Tier.WARM, 1L)
        .containsEntry(Tier.COLD, 0L);
    assertThat(next.moves()).isEmpty();
  }

  @Test
  void theFilesOfADirectoryAreNeighboursInThePolicysKeys() {
    // The policy's neighbourhood is 256 consecutive original keys: a directory's files (dir * 256 +
    // n).
    List<Long> originals = new ArrayList<>();
    TierEngine engine =
        new TierEngine(
            "spy",
            e -> {
              for (int id = 0; id < e.knownKeys(); id++) {
                originals.add(e.originalKey().applyAsLong(id));
              }
              return new Placement(new int[0], new int[0], List.of());
            });
    engine.access("a/x");
    engine.access("b/y");
    engine.access("a/z");
    engine.access("top");
    engine.end(T, Map.of());
    assertThat(originals).containsExactly(0L, 256L, 1L, 512L);
  }
}
