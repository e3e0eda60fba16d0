package org.pae.sim.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.pae.core.tier.Placement;
import org.pae.core.tier.PlacementBook;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierPolicy;
import org.pae.core.tier.TierSetup;

class TierSimTest {
  /**
   * 200 keys (hot holds 2, warm 20), 3 epochs of 1,000. Epoch 0: every key once, key 0 800 more.
   * Epoch 1: key 0 ×500, key 1 ×300, key 2 ×200. Epoch 2: keys 0 and 1 ×100, key 5 ×800.
   */
  static BlockTrace handTrace() {
    List<Long> k = new ArrayList<>();
    IntStream.range(0, 200).forEach(i -> k.add((long) i));
    repeat(k, 0, 800);
    repeat(k, 0, 500);
    repeat(k, 1, 300);
    repeat(k, 2, 200);
    repeat(k, 0, 100);
    repeat(k, 1, 100);
    repeat(k, 5, 800);
    return BlockTrace.of("hand", k.stream().mapToLong(Long::longValue).toArray());
  }

  private static void repeat(List<Long> k, long key, int n) {
    for (int i = 0; i < n; i++) {
      k.add(key);
    }
  }

  /** After epoch 0: hot {0}, warm {1}; after epoch 1: hot {1}, warm {0, 5}. */
  static TierPolicy scripted(TierSetup setup) {
    PlacementBook book = new PlacementBook(setup.capacities());
    return e ->
        e.index() == 0
            ? book.commit(new int[] {0}, new int[] {1}, k -> 0, k -> 0, "script")
            : book.commit(new int[] {1}, new int[] {0, 5}, k -> 0, k -> 0, "script");
  }

  @Test
  void costsEveryRequestOfEpochsOneOnByItsTierAndEveryChangeAsOneMigration() {
    BlockTrace t = handTrace();
    assertThat(t.epochLength()).isEqualTo(1000);
    assertThat(t.epochs()).isEqualTo(3);
    TierSetup setup = TierSim.setup(t);
    assertThat(setup.capacities().hot()).isEqualTo(2);
    List<String> moves = new ArrayList<>();
    TierFigures f =
        TierSim.run(
            t,
            "script",
            scripted(setup),
            setup,
            (e, key, tier) -> moves.add(e + "," + key + "," + tier.key()));
    // Epoch 1: 500 hot + 300 warm (x10) + 200 cold (x100) = 23,500; epoch 2: 100 warm (x10) +
    // 100 hot + 800 warm (x10) = 9,100. Migrations: 2 into epoch 1, 3 into epoch 2.
    assertThat(f.requests()).isEqualTo(2000);
    assertThat(f.hotRequests()).isEqualTo(600);
    assertThat(f.warmRequests()).isEqualTo(1200);
    assertThat(f.coldRequests()).isEqualTo(200);
    assertThat(f.migrations()).isEqualTo(5);
    assertThat(f.accessPerRequest()).isCloseTo(32_600 / 2000.0, within(1e-12));
    assertThat(f.totalPerRequest()).isCloseTo(33_100 / 2000.0, within(1e-12));
    assertThat(f.migrationsPerEpoch()).isCloseTo(5 / 2.0 / 2, within(1e-12));
    assertThat(f.epochTotal()[1]).isCloseTo((23_500 + 200) / 1000.0, within(1e-12));
    assertThat(moves)
        .containsExactlyInAnyOrder("1,0,hot", "1,1,warm", "2,1,hot", "2,0,warm", "2,5,warm");
  }

  @Test
  void aPolicyWhoseStatedMovesAreNotItsChangesIsRefused() {
    BlockTrace t = handTrace();
    TierPolicy silent = e -> new Placement(new int[] {0}, new int[0], List.of());
    assertThatThrownBy(() -> TierSim.run(t, "silent", silent, TierSim.setup(t), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stated 0 moves")
        .hasMessageContaining("changes 1 keys");
  }

  @Test
  void aPolicyBeyondTheHotCapacityIsRefused() {
    BlockTrace t = handTrace();
    TierPolicy greedy = e -> new Placement(new int[] {0, 1, 2}, new int[0], List.of());
    assertThatThrownBy(() -> TierSim.run(t, "greedy", greedy, TierSim.setup(t), null))
        .hasMessageContaining("greedy placed 3 hot");
  }

  @Test
  void everyKeyIsColdUntilPlacedSoAPolicyThatPlacesNothingPaysTheColdCost() {
    BlockTrace t = handTrace();
    TierSetup setup = TierSim.setup(t);
    PlacementBook book = new PlacementBook(setup.capacities());
    TierFigures f =
        TierSim.run(
            t,
            "none",
            e -> book.commit(new int[0], new int[0], k -> 0, k -> 0, "none"),
            setup,
            null);
    assertThat(f.coldShare()).isEqualTo(1.0);
    assertThat(f.totalPerRequest()).isEqualTo(100.0);
    assertThat(Tier.parse("warm")).isEqualTo(Tier.WARM);
  }
}
