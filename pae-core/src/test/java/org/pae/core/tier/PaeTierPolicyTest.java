package org.pae.core.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pae.core.config.SettingsSource;
import org.pae.core.registry.Registry;

class PaeTierPolicyTest {
  /** A skewed stream over {@code universe} keys whose popular set shifts every 5 epochs. */
  private static int[] stream(long seed, int n, int universe) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      int rank = (int) Math.floor(Math.pow(universe, rnd.nextDouble())) - 1;
      r[i] = (rank + i / 5000 * 13) % universe;
    }
    return r;
  }

  /** Runs the policy epoch by epoch over a stream, checking each placement; returns every move. */
  private static List<List<Move>> run(TierPolicy p, int[] r, Capacities cap, int epochLength) {
    Map<Integer, Tier> tiers = new HashMap<>();
    List<List<Move>> all = new ArrayList<>();
    int known = 0;
    for (int e = 0; (e + 1) * epochLength <= r.length; e++) {
      int from = e * epochLength;
      for (int i = from; i < from + epochLength; i++) {
        known = Math.max(known, r[i] + 1);
      }
      Placement pl =
          p.place(new Epoch(e, r, from, from + epochLength, from, null, known, id -> id * 7L));
      assertThat(pl.hot().length).isLessThanOrEqualTo(cap.hot());
      assertThat(pl.warm().length).isLessThanOrEqualTo(cap.warm());
      for (Move m : pl.moves()) {
        assertThat(tiers.getOrDefault(m.key(), Tier.COLD)).as("move %s", m).isEqualTo(m.from());
        tiers.put(m.key(), m.to());
      }
      Map<Integer, Tier> stated = new HashMap<>();
      for (int k : pl.hot()) {
        stated.put(k, Tier.HOT);
      }
      for (int k : pl.warm()) {
        assertThat(stated.put(k, Tier.WARM)).isNull();
      }
      tiers.values().removeIf(t -> t == Tier.COLD);
      assertThat(stated).isEqualTo(tiers);
      all.add(pl.moves());
    }
    return all;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void everyPromotionIsForecastToPayAndTheMovesAreExactlyTheChanges(long seed) {
    Capacities cap = new Capacities(20, 200);
    TierSetup setup = new TierSetup(cap, TierCosts.BENCHMARK);
    List<List<Move>> moves = run(new PaeTierPolicy(setup), stream(seed, 60_000, 2000), cap, 1000);
    long promotions = 0;
    for (List<Move> epoch : moves) {
      assertThat(epoch.size()).isLessThanOrEqualTo(cap.hot() + cap.warm());
      for (Move m : epoch) {
        if (m.to().ordinal() < m.from().ordinal()) {
          promotions++;
          assertThat(m.predictedRate()).as("%s", m).isGreaterThan(m.payRate());
        }
        assertThat(m.model()).startsWith("pae[");
      }
    }
    assertThat(promotions).isGreaterThan(cap.hot());
  }

  @Test
  void aSteadyKeyGoesHotAndStaysWhileOneOffKeysDoNotChurnIt() {
    Capacities cap = new Capacities(1, 10);
    TierSetup setup = new TierSetup(cap, TierCosts.BENCHMARK);
    int[] r = new int[20_000];
    for (int i = 0; i < r.length; i++) {
      // Key 0 every fourth request; the others each twice, never again.
      r[i] = i % 4 == 0 ? 0 : 1 + i / 2;
    }
    List<List<Move>> moves = run(new PaeTierPolicy(setup), r, cap, 1000);
    assertThat(moves.getFirst())
        .filteredOn(m -> m.key() == 0)
        .singleElement()
        .extracting(Move::to)
        .isEqualTo(Tier.HOT);
    assertThat(moves.stream().flatMap(List::stream).filter(m -> m.key() == 0)).hasSize(1);
  }

  @Test
  void withFewTrackedKeysTheRestWaitInTheSketchAndPlacementsStayValid() {
    Capacities cap = new Capacities(20, 200);
    TierSettings few =
        new TierSettings(
            new double[] {2, 8, 32}, new double[] {0.2, 0.4, 0.4}, 5, 200, 8, 0.5, 2, 4, 500, 1024);
    PaeTierPolicy p = new PaeTierPolicy(new TierSetup(cap, TierCosts.BENCHMARK, few));
    List<List<Move>> moves = run(p, stream(7, 60_000, 20_000), cap, 1000);
    assertThat(moves.stream().mapToInt(List::size).sum()).isGreaterThan(cap.hot());
    assertThatThrownBy(
            () ->
                new PaeTierPolicy(
                    new TierSetup(new Capacities(100, 1000), TierCosts.BENCHMARK, few)))
        .hasMessageContaining("must hold every hot and warm key");
  }

  @Test
  void theMigrationBudgetCapsTheMovesOfAnEpoch() {
    Capacities cap = new Capacities(20, 200);
    TierSettings d = TierSettings.DEFAULTS;
    // A twentieth of the 220 placed keys is 11 moves: the floor of 16 holds.
    TierSettings tight =
        new TierSettings(
            d.halfLives(),
            d.weights(),
            d.warmHorizon(),
            d.hotHorizon(),
            d.neighbourhoodBits(),
            d.neighbourhoodWeight(),
            d.fewRequests(),
            0.05,
            d.trackedKeys(),
            d.sketchWidth());
    List<List<Move>> moves =
        run(
            new PaeTierPolicy(new TierSetup(cap, TierCosts.BENCHMARK, tight)),
            stream(5, 60_000, 2000),
            cap,
            1000);
    assertThat(moves.stream().mapToInt(List::size).max().orElseThrow()).isEqualTo(16);
    List<List<Move>> free =
        run(
            new PaeTierPolicy(new TierSetup(cap, TierCosts.BENCHMARK)),
            stream(5, 60_000, 2000),
            cap,
            1000);
    assertThat(free.getFirst().size()).isGreaterThan(16);
  }

  @Test
  void theSettingsComeFromTheDefaultsFileAndTheRegistryMakesThePolicyWithThem() {
    assertThat(TierSettings.DEFAULTS.halfLives()).containsExactly(2, 8, 32);
    assertThat(TierSettings.DEFAULTS.weights()).containsExactly(0.2, 0.4, 0.4);
    assertThat(TierSettings.DEFAULTS.warmHorizon()).isEqualTo(5);
    assertThat(TierSettings.DEFAULTS.sketchWidth()).isEqualTo(1 << 16);
    SettingsSource source =
        SettingsSource.of(
            Map.of("tier.tracked-keys", "300", "tier.half-lives", "4", "tier.weights", "1"));
    TierSettings s = TierSettings.from(source);
    assertThat(s.trackedKeys()).isEqualTo(300);
    assertThat(s.halfLives()).containsExactly(4);
    source.refuseUnread();
    Registry r = TierPolicies.registry();
    assertThat(r.names(TierPolicies.KIND)).containsExactly("lru", "lfu-decay", "last-epoch", "pae");
    // 300 tracked keys cannot hold 100 hot + 1,000 warm: the policy was made with these settings.
    assertThatThrownBy(
            () ->
                r.get(TierPolicies.KIND, "pae")
                    .create(new TierSetup(new Capacities(100, 1000), TierCosts.BENCHMARK, s)))
        .hasMessageContaining("tracked keys (300)");
    assertThatThrownBy(() -> r.get(TierPolicies.KIND, "lfu"))
        .hasMessageContaining("unknown tier policy 'lfu'; did you mean 'lru'?");
    assertThatThrownBy(
            () -> TierSettings.from(SettingsSource.of(Map.of("tier.half-lives", "2, soon"))))
        .hasMessageContaining("tier.half-lives = 'soon' is not a number");
    assertThatThrownBy(() -> TierSettings.from(SettingsSource.of(Map.of("tier.warm-horizon", "0"))))
        .hasMessageContaining("warm 0.0");
  }

  @Test
  void settingsOutOfRangeAreRefusedNamingTheValues() {
    assertThatThrownBy(
            () ->
                new TierSettings(
                    new double[] {2, 8}, new double[] {1}, 5, 200, 8, 0.5, 2, 4, 0, 1 << 16))
        .hasMessageContaining("as many");
    assertThatThrownBy(
            () ->
                new TierSettings(
                    new double[] {2}, new double[] {1}, 0, 200, 8, 0.5, 2, 4, 0, 1 << 16))
        .hasMessageContaining("warm 0.0");
    assertThatThrownBy(
            () ->
                new TierSettings(new double[] {2}, new double[] {1}, 5, 200, 8, 0.5, 2, 4, 0, 1000))
        .hasMessageContaining("power of 2");
  }
}
