package org.pae.server.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.allocate.Tuning;
import org.pae.core.config.SettingsSource;
import org.pae.core.context.DemandEvent;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Steering;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

class LiveSteeringTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
  private static final AccountId ACME = new AccountId("acme");
  private static final Workload W = Workload.of("w", WorkloadKind.VM).withAccount(ACME);

  private static LiveSteering steering() {
    Map<Resource, LoopBounds> s = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      s.put(r, LoopBounds.DEFAULTS);
    }
    return new LiveSteering(
        Steering.uniform(s, Map.of()), List.of(new Account(ACME, Map.of(), Map.of())));
  }

  private static PolicyOverride risk(double b) {
    return new PolicyOverride(null, null, null, b, null, null, null);
  }

  @Test
  void aWorkloadOverrideWinsOverItsAccountsWhichWinsOverTheDefaults() {
    LiveSteering s = steering();
    assertThat(s.tuning(W, Resource.MEMORY)).isEqualTo(Tuning.NONE);
    s.setPolicy(ACME, Optional.empty(), Optional.empty(), risk(0.05));
    assertThat(s.tuning(W, Resource.CPU).values()).containsExactly(entry("risk-budget", 0.05));
    s.setPolicy(ACME, Optional.of(W.id()), Optional.of(Resource.MEMORY), risk(0.001));
    assertThat(s.tuning(W, Resource.MEMORY).values()).containsExactly(entry("risk-budget", 0.001));
    assertThat(s.tuning(W, Resource.CPU).values()).containsExactly(entry("risk-budget", 0.05));
    s.setPolicy(
        ACME,
        Optional.of(W.id()),
        Optional.empty(),
        new PolicyOverride(null, null, null, null, null, 1e6, 2e9));
    assertThat(s.limits(W, Resource.MEMORY).max()).isEqualTo(2e9);
    assertThat(s.limits(W, Resource.MEMORY).min()).isEqualTo(1e6);
  }

  @Test
  void anOverrideThatWouldLeaveASteeredWorkloadInvalidIsRefusedAndChangesNothing() {
    LiveSteering s = steering();
    s.setPolicy(
        ACME,
        Optional.of(W.id()),
        Optional.empty(),
        new PolicyOverride(null, 0.6, null, null, null, null, null));
    long version = s.version();
    assertThatThrownBy(
            () ->
                s.setPolicy(
                    ACME,
                    Optional.empty(),
                    Optional.empty(),
                    new PolicyOverride(0.5, null, null, null, null, null, null)))
        .isInstanceOf(InvalidSteeringException.class)
        .satisfies(
            e ->
                assertThat(((InvalidSteeringException) e).field()).isEqualTo("reductionThreshold"));
    assertThat(s.version()).isEqualTo(version);
    assertThat(s.tuning(W, Resource.MEMORY).values())
        .containsExactly(entry("reduction-threshold", 0.6));
  }

  @Test
  void anOverrideIsCheckedOverThePolicysOwnSettings() {
    LiveSteering s = steering();
    s.runs(
        ActivePolicy.of(
            "threshold",
            Set.copyOf(ThresholdSettings.KEYS),
            ThresholdPolicy.Setup.read(SettingsSource.of(Map.of("policy.cpu.threshold", "0.7")))));
    // 0.8 alone is a valid reduction threshold, but not below CPU's configured threshold of 0.7.
    assertThatThrownBy(
            () ->
                s.setPolicy(
                    ACME,
                    Optional.of(W.id()),
                    Optional.empty(),
                    new PolicyOverride(null, 0.8, null, null, null, null, null)))
        .isInstanceOf(InvalidSteeringException.class)
        .hasMessageContaining("reductionThreshold (0.8) must be below threshold (0.7)");
    s.setPolicy(
        ACME,
        Optional.of(W.id()),
        Optional.of(Resource.MEMORY),
        new PolicyOverride(null, 0.8, null, null, null, null, null));
    assertThat(s.tuning(W, Resource.MEMORY).values())
        .containsExactly(entry("reduction-threshold", 0.8));
  }

  @Test
  void pinsHintsPreAllocationsAndPausesHoldOnlyWithinTheirWindows() {
    LiveSteering s = steering();
    Workload critical = W.withCriticality(Criticality.CRITICAL);
    s.change(
        W.id(),
        NOW,
        d ->
            d.with(new Directives.Pin(s.nextId(), Resource.MEMORY, 5e9, NOW.plusSeconds(60)))
                .with(
                    Directives.Hint.of(
                        s.nextId(),
                        Optional.of(Resource.CPU),
                        NOW.plusSeconds(300),
                        NOW.plusSeconds(600),
                        2))
                .with(
                    new Directives.PreAllocation(
                        s.nextId(), Resource.MEMORY, 8e9, NOW, NOW.plusSeconds(120)))
                .paused(Optional.of(new Directives.Pause(Optional.of(NOW.plusSeconds(30))))));
    assertThat(s.pin(W, Resource.MEMORY, NOW)).hasValue(5e9);
    assertThat(s.pin(W, Resource.MEMORY, NOW.plusSeconds(60))).isEmpty();
    assertThat(s.demandFactor(W, Resource.CPU, NOW, Duration.ofSeconds(5))).isEqualTo(1);
    assertThat(s.demandFactor(W, Resource.CPU, NOW.plusSeconds(296), Duration.ofSeconds(5)))
        .isEqualTo(2);
    assertThat(s.demandFactor(W, Resource.MEMORY, NOW.plusSeconds(400), Duration.ofSeconds(5)))
        .isEqualTo(1);
    assertThat(s.preAllocation(W, Resource.MEMORY, NOW)).as("normal workload").isEmpty();
    assertThat(s.preAllocation(critical, Resource.MEMORY, NOW)).hasValue(8e9);
    assertThat(s.paused(W, NOW.plusSeconds(29))).isTrue();
    assertThat(s.paused(W, NOW.plusSeconds(30))).isFalse();
    assertThat(s.directives(W.id()).at(NOW.plusSeconds(700)).isEmpty()).isTrue();
  }

  @Test
  void aHintIsAOneOffDemandEventOfItsOwnWorkload() {
    assertThatThrownBy(() -> Directives.Hint.of(1, Optional.empty(), NOW, NOW, 2))
        .isInstanceOf(InvalidSteeringException.class)
        .hasMessageContaining("until must be after from");
    assertThatThrownBy(() -> Directives.Hint.of(1, Optional.empty(), NOW, NOW.plusSeconds(1), 101))
        .isInstanceOf(InvalidSteeringException.class)
        .hasMessageContaining("factor must be in (0, 100]");
    DemandEvent nightly = DemandEvent.parse("nightly", "factor=2; from=01:00; to=04:00");
    assertThatThrownBy(() -> new Directives.Hint(1, nightly))
        .hasMessageContaining("one-off window for its own workload");
    DemandEvent namingAWorkload =
        new DemandEvent(
            "scoped",
            Optional.of(W.id()),
            Optional.empty(),
            new DemandEvent.Once(NOW, NOW.plusSeconds(1)),
            2);
    assertThatThrownBy(() -> new Directives.Hint(1, namingAWorkload))
        .hasMessageContaining("one-off window for its own workload");
  }

  @Test
  void quotasAndGrantsCountAsChangesOnlyWhenTheyChangeSomething() {
    LiveSteering s = steering();
    long v0 = s.version();
    s.setQuotas(ACME, Map.of(Resource.MEMORY, 1e12));
    assertThat(s.account(ACME).orElseThrow().quota(Resource.MEMORY)).contains(1e12);
    long v1 = s.version();
    assertThat(v1).isGreaterThan(v0);
    s.setQuotas(ACME, Map.of(Resource.MEMORY, 1e12));
    s.grant(ACME, "ann", Role.VIEWER);
    long v2 = s.version();
    s.grant(ACME, "ann", Role.VIEWER);
    assertThat(s.version()).isEqualTo(v2).isGreaterThan(v1);
    assertThat(s.account(ACME).orElseThrow().permits("ann", Role.VIEWER)).isTrue();
  }

  @Test
  void theLoopThreadReadsConsistentSettingsWhileTheApiWrites() throws Exception {
    LiveSteering s = steering();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    s.setPolicy(
                        ACME,
                        Optional.of(W.id()),
                        Optional.empty(),
                        new PolicyOverride(0.5 + (i % 2) * 0.4, 0.3, null, null, null, null, null));
                  }
                });
    int reads = 0;
    while (writer.isAlive()) {
      Tuning t = s.tuning(W, Resource.MEMORY);
      // The configured 0.9 until the first write.
      assertThat(t.or("threshold", 0.9)).isIn(0.5, 0.9, 0.9000000000000001);
      reads++;
    }
    writer.join();
    assertThat(reads).isPositive();
  }

  /** A host of 8 GB and 4 cores: the limits the daemon's base steering gives every workload. */
  private static LiveSteering onAHost() {
    Map<Resource, LoopBounds> s = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      s.put(r, LoopBounds.DEFAULTS);
    }
    Steering uniform = Steering.uniform(s, Map.of());
    Steering host =
        new Steering() {
          @Override
          public LoopBounds bounds(Workload w, Resource r) {
            return uniform.bounds(w, r);
          }

          @Override
          public org.pae.core.model.Limits limits(Workload w, Resource r) {
            return new org.pae.core.model.Limits(0, r == Resource.MEMORY ? 8e9 : 4000);
          }

          @Override
          public Optional<Account> account(AccountId id) {
            return Optional.empty();
          }
        };
    return new LiveSteering(host, List.of(new Account(ACME, Map.of(), Map.of())));
  }

  @Test
  void noLimitOrPinReachesBeyondTheHostsCapacity() {
    LiveSteering s = onAHost();
    assertThatThrownBy(
            () ->
                s.setPolicy(
                    ACME,
                    Optional.of(W.id()),
                    Optional.of(Resource.MEMORY),
                    new PolicyOverride(null, null, null, null, null, 1e308, 1e308)))
        .isInstanceOf(InvalidSteeringException.class)
        .hasMessageContaining("capacity")
        .hasMessageContaining("8.0E9");
    assertThatThrownBy(
            () ->
                s.setPolicy(
                    ACME,
                    Optional.empty(),
                    Optional.empty(),
                    new PolicyOverride(null, null, null, null, null, null, 1e12)))
        .isInstanceOf(InvalidSteeringException.class)
        .satisfies(e -> assertThat(((InvalidSteeringException) e).field()).isEqualTo("max"));
    assertThat(s.limits(W, Resource.MEMORY).max()).isEqualTo(8e9);
    assertThatThrownBy(() -> s.checkAllocation(W, Resource.CPU, "allocation", 1e308))
        .isInstanceOf(InvalidSteeringException.class)
        .hasMessageContaining("4000");
    s.checkAllocation(W, Resource.CPU, "allocation", 4000);
  }
}
