package org.pae.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ScoreRankingTest {
  private static Epoch epoch(int index, int knownKeys) {
    return new Epoch(index, new int[0], 0, 0, 0, null, knownKeys, id -> 1000L + id);
  }

  @Test
  void hotTakesTheHighestScoresWarmTheNextAndScoreZeroIsNeverPlaced() {
    ScoreRanking r = new ScoreRanking(new Capacities(2, 3), "test");
    double[] score = {5, 0, 9, 1, 7, 0, 3, 0};
    int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
    Placement p = r.place(epoch(0, 8), all, 8, score);
    assertThat(p.hot()).containsExactly(2, 4);
    assertThat(p.warm()).containsExactly(0, 6, 3);
    assertThat(p.moves()).hasSize(5).allMatch(m -> m.from() == Tier.COLD);
    assertThat(p.moves())
        .filteredOn(m -> m.key() == 2)
        .singleElement()
        .extracting(Move::predictedRate)
        .isEqualTo(9.0);

    // Keys 1 and 5 gain, key 2 falls to 0 and key 3 to the sixth place: both go cold.
    double[] next = {5, 20, 0, 0.5, 7, 6, 3, 0};
    Placement q = r.place(epoch(1, 8), all, 8, next);
    assertThat(q.hot()).containsExactly(1, 4);
    assertThat(q.warm()).containsExactly(5, 0, 6);
    assertThat(q.moves())
        .extracting(m -> m.key() + ":" + m.from() + ">" + m.to())
        .containsExactlyInAnyOrder("1:COLD>HOT", "5:COLD>WARM", "2:HOT>COLD", "3:WARM>COLD");
  }

  @Test
  void tiesFallTheSameWayOnEveryRunButNotByTheKeysOrder() {
    double[] score = new double[1000];
    Arrays.fill(score, 1);
    int[] all = new int[1000];
    Arrays.setAll(all, i -> i);
    int[] first =
        new ScoreRanking(new Capacities(10, 0), "t").place(epoch(3, 1000), all, 1000, score).hot();
    int[] again =
        new ScoreRanking(new Capacities(10, 0), "t").place(epoch(3, 1000), all, 1000, score).hot();
    int[] later =
        new ScoreRanking(new Capacities(10, 0), "t").place(epoch(4, 1000), all, 1000, score).hot();
    assertThat(again).containsExactly(first);
    assertThat(first).isNotEqualTo(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    assertThat(later).isNotEqualTo(first);
  }

  @Test
  void aPlacementBeyondTheCapacitiesOrNamingAKeyTwiceIsRefused() {
    PlacementBook book = new PlacementBook(new Capacities(1, 1));
    assertThatThrownBy(() -> book.commit(new int[] {1, 2}, new int[0], k -> 0, k -> 0, "t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exceeds the capacities");
    assertThatThrownBy(() -> book.commit(new int[] {1}, new int[] {1}, k -> 0, k -> 0, "t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("placed twice");
  }
}
