package org.pae.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Criticality;

class FleetShareTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final Lease LEASE = new Lease(Duration.ofSeconds(30));
  private static final double[] ODD = {
    Double.NaN, -1, 0, 1e-300, 3, 1e308, Double.MAX_VALUE, Double.POSITIVE_INFINITY
  };

  private static Member member(String host, double quota, double recorded, Claim... claims) {
    return new Member(host, T0, quota, recorded, List.of(claims));
  }

  private static Claim normal(double desired, double floor) {
    return new Claim(Criticality.NORMAL, desired, floor);
  }

  @Test
  void sharesByCriticalityAsOneHostWould() {
    // Budget.share on the same claims: floors 50, then critical 30, normal 20 of its 30.
    Map<String, Double> t =
        FleetShare.targets(
            100,
            List.of(
                member("a", 100, 0, new Claim(Criticality.BEST_EFFORT, 80, 20)),
                member("b", 100, 0, new Claim(Criticality.CRITICAL, 50, 20), normal(40, 10))));
    assertThat(t.get("a")).isCloseTo(20, within(1e-9));
    assertThat(t.get("b")).isCloseTo(80, within(1e-9));
  }

  @Test
  void whatDemandLeavesIsSplitEvenly() {
    Map<String, Double> t =
        FleetShare.targets(
            100, List.of(member("a", 100, 0, normal(40, 0)), member("b", 100, 0, normal(20, 0))));
    assertThat(t.get("a")).isCloseTo(60, within(1e-9));
    assertThat(t.get("b")).isCloseTo(40, within(1e-9));
  }

  @Test
  void targetsAreFiniteAndWithinTheQuotaWhateverTheyAreGiven() {
    Random random = new Random(42);
    for (int round = 0; round < 5000; round++) {
      double quota = random.nextInt(4) == 0 ? pick(random) : random.nextDouble() * 1000;
      List<Member> members = new ArrayList<>();
      int hosts = 1 + random.nextInt(5);
      for (int h = 0; h < hosts; h++) {
        List<Claim> claims = new ArrayList<>();
        for (int c = random.nextInt(4); c > 0; c--) {
          claims.add(
              new Claim(
                  Criticality.values()[random.nextInt(3)],
                  random.nextInt(3) == 0 ? pick(random) : random.nextDouble() * 500,
                  random.nextInt(3) == 0 ? pick(random) : random.nextDouble() * 200));
        }
        members.add(new Member("h" + h, T0, quota, 0, claims));
      }
      Map<String, Double> t = FleetShare.targets(quota, members);
      double sum = 0;
      for (double v : t.values()) {
        assertThat(v).as("round %d: %s", round, t).isFinite().isGreaterThanOrEqualTo(0);
        sum += v;
      }
      double budget = quota > 0 ? Math.min(quota, Double.MAX_VALUE) : 0;
      assertThat(sum).as("round %d", round).isLessThanOrEqualTo(budget * (1 + 1e-12));
    }
  }

  private static double pick(Random random) {
    return ODD[random.nextInt(ODD.length)];
  }

  /** A host as the store and its loop see it in the simulation below. */
  private static final class Host {
    final String name;
    Instant heartbeat;
    Optional<Instant> previous = Optional.empty();
    double recorded;
    double held;
    double usable;
    double demand;

    Host(String name) {
      this.name = name;
    }
  }

  /**
   * Hosts exchanging once an interval in random order while demand moves between them, each
   * allocating its demand within its usable share: what the live hosts hold never sums beyond the
   * quota, nor do the records of the hosts any host counts.
   */
  @Test
  void theQuotaIsNeverExceededWhileDemandMovesBetweenHosts() {
    Random random = new Random(7);
    for (int run = 0; run < 200; run++) {
      double quota = 100 + random.nextDouble() * 900;
      List<Host> hosts = new ArrayList<>();
      for (int h = 0; h < 2 + random.nextInt(4); h++) {
        hosts.add(new Host("h" + h));
      }
      Instant now = T0;
      for (int step = 0; step < 100; step++) {
        // Every live host exchanges once an interval, in a different order each time.
        List<Host> order = new ArrayList<>(hosts);
        Collections.shuffle(order, random);
        for (Host h : order) {
          now = now.plusMillis(1 + random.nextInt(700));
          if (random.nextInt(5) == 0) {
            h.demand = random.nextDouble() * quota * (random.nextBoolean() ? 1 : 0.2);
          }
          exchange(h, hosts, quota, now);
          double held = hosts.stream().mapToDouble(x -> x.held).sum();
          assertThat(held).as("run %d step %d", run, step).isLessThanOrEqualTo(quota * (1 + 1e-12));
          double records = 0;
          for (Host x : hosts) {
            if (x == h || (x.heartbeat != null && LEASE.counts(x.heartbeat, h.previous))) {
              records += x.recorded;
            }
          }
          assertThat(records)
              .as("run %d step %d", run, step)
              .isLessThanOrEqualTo(quota * (1 + 1e-12));
        }
      }
    }
  }

  /**
   * One tick of {@code h}: its loop allocates its demand within the share of its last exchange,
   * then it exchanges, as the live engine does; the new share is used at its next tick.
   */
  private static Grant exchange(Host h, List<Host> hosts, double quota, Instant now) {
    h.held = Math.min(h.demand, h.usable);
    List<Member> others = new ArrayList<>();
    for (Host x : hosts) {
      if (x != h && x.heartbeat != null) {
        others.add(new Member(x.name, x.heartbeat, quota, x.recorded, claims(x)));
      }
    }
    Grant g =
        FleetShare.settle(
            new Member(h.name, now, quota, h.recorded, claims(h)),
            h.held,
            others,
            h.previous,
            LEASE);
    h.recorded = g.recorded();
    h.previous = Optional.of(now);
    h.heartbeat = now;
    h.usable = g.usable();
    return g;
  }

  private static List<Claim> claims(Host h) {
    return List.of(normal(h.demand, h.demand / 2));
  }

  @Test
  void aDeadHostsShareReturnsAfterTheLeaseAndNotBefore() {
    double quota = 300;
    List<Host> hosts = List.of(new Host("a"), new Host("b"), new Host("c"));
    hosts.forEach(h -> h.demand = 200);
    Instant now = T0;
    for (int i = 0; i < 10; i++) {
      for (Host h : hosts) {
        now = now.plusSeconds(1);
        exchange(h, hosts, quota, now);
      }
    }
    Host dead = hosts.get(2);
    assertThat(dead.held).isCloseTo(100, within(1e-6));
    Instant died = dead.heartbeat;
    Map<String, Double> last = new HashMap<>();
    while (!now.isAfter(died.plus(LEASE.length()).plusSeconds(10))) {
      for (Host h : hosts.subList(0, 2)) {
        now = now.plusSeconds(1);
        Grant g = exchange(h, hosts, quota, now);
        last.put(h.name, g.usable());
        if (!h.previous.orElseThrow().isAfter(died.plus(LEASE.length()))) {
          assertThat(hosts.get(0).held + hosts.get(1).held + dead.recorded)
              .as("within the lease the dead host's share stays its own")
              .isLessThanOrEqualTo(quota + 1e-9);
        }
      }
    }
    assertThat(last.get("a") + last.get("b"))
        .as("after the lease the survivors share the whole quota")
        .isCloseTo(quota, within(1e-6));
    assertThat(hosts.get(0).held).isCloseTo(150, within(1e-6));
    assertThat(hosts.get(1).held).isCloseTo(150, within(1e-6));
  }

  @Test
  void afterAnOutageForEveryoneTheFirstHostBackReclaimsNothing() {
    double quota = 300;
    List<Host> hosts = List.of(new Host("a"), new Host("b"), new Host("c"));
    hosts.forEach(h -> h.demand = 200);
    Instant now = T0;
    for (int i = 0; i < 5; i++) {
      for (Host h : hosts) {
        now = now.plusSeconds(1);
        exchange(h, hosts, quota, now);
      }
    }
    // The store is unreachable for ten leases; then a comes back first.
    now = now.plus(LEASE.length().multipliedBy(10));
    Grant g = exchange(hosts.get(0), hosts, quota, now);
    assertThat(g.usable()).isCloseTo(100, within(1e-6));
    now = now.plusSeconds(1);
    g = exchange(hosts.get(1), hosts, quota, now);
    assertThat(g.usable()).isCloseTo(100, within(1e-6));
  }

  @Test
  void aHostWhoseGrantFallsKeepsItsRecordUntilItHoldsLess() {
    Member me = member("a", 100, 80, normal(10, 5));
    Grant g =
        FleetShare.settle(
            me,
            80,
            List.of(new Member("b", T0, 100, 0, List.of(normal(90, 0)))),
            Optional.of(T0),
            LEASE);
    assertThat(g.usable()).isCloseTo(10, within(1e-9));
    assertThat(g.recorded()).isEqualTo(80);
    g =
        FleetShare.settle(
            member("a", 100, 80, normal(10, 5)),
            10,
            List.of(new Member("b", T0, 100, 0, List.of(normal(90, 0)))),
            Optional.of(T0),
            LEASE);
    assertThat(g.recorded()).isCloseTo(10, within(1e-9));
  }

  @Test
  void settleIsFiniteWhateverTheStoreHolds() {
    Random random = new Random(3);
    for (int round = 0; round < 3000; round++) {
      List<Member> others = new ArrayList<>();
      for (int o = random.nextInt(4); o > 0; o--) {
        others.add(
            new Member(
                "o" + o,
                T0,
                pick(random),
                pick(random),
                List.of(normal(pick(random), pick(random)))));
      }
      Grant g =
          FleetShare.settle(
              member("me", pick(random), pick(random), normal(pick(random), pick(random))),
              pick(random),
              others,
              Optional.of(T0),
              LEASE);
      assertThat(List.of(g.quota(), g.target(), g.usable(), g.recorded()))
          .as("round %d: %s", round, g)
          .allSatisfy(v -> assertThat(v).isFinite().isGreaterThanOrEqualTo(0));
      assertThat(g.usable()).isLessThanOrEqualTo(g.quota());
    }
  }

  @Test
  void thePriceIsTheDemandWeightedGeometricMean() {
    assertThat(FleetPrice.agreed(List.of(new FleetPrice.Quote(2, 1), new FleetPrice.Quote(8, 1))))
        .isCloseTo(4, within(1e-9));
    assertThat(
            FleetPrice.agreed(
                List.of(
                    new FleetPrice.Quote(2, 3),
                    new FleetPrice.Quote(Double.NaN, 100),
                    new FleetPrice.Quote(16, 1))))
        .isCloseTo(Math.exp((3 * Math.log(2) + Math.log(16)) / 4), within(1e-9));
    assertThat(FleetPrice.agreed(List.of(new FleetPrice.Quote(Double.NaN, 1)))).isNaN();
    assertThat(
            FleetPrice.agreed(
                List.of(
                    new FleetPrice.Quote(Double.MAX_VALUE, Double.MAX_VALUE),
                    new FleetPrice.Quote(1e-300, Double.MAX_VALUE))))
        .isFinite();
  }
}
