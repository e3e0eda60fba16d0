package org.pae.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pae.core.loop.Fixtures.STEP;
import static org.pae.core.loop.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/**
 * The loop's invariants over random fleets, usage and proposals: each tick's decisions are fed back
 * as the next tick's allocations, as an actuator would. Every property runs over 300 seeded random
 * cases; a failure names its seed, which reproduces it exactly.
 */
class ControlLoopProperties {
  /** 300 case seeds, themselves drawn from a fixed seed so that every run checks the same cases. */
  static LongStream seeds() {
    return new SplittableRandom(20261125).longs(300);
  }

  private static final double EPS = 1e-6;
  private static final AccountId ACME = new AccountId("acme");

  /** A random fleet: one VM with containers, plus top-level VMs, all in one account. */
  private record Fleet(List<Workload> workloads, Workload parent) {
    static Fleet random(SplittableRandom r) {
      List<Workload> ws = new ArrayList<>();
      Criticality[] tiers = Criticality.values();
      Workload vm = Workload.of("vm", WorkloadKind.VM).withAccount(ACME);
      ws.add(vm);
      int children = r.nextInt(0, 4);
      for (int i = 0; i < children; i++) {
        ws.add(
            Workload.of("c" + i, WorkloadKind.CONTAINER)
                .withParent(vm.id())
                .withAccount(ACME)
                .withCriticality(tiers[r.nextInt(tiers.length)]));
      }
      int others = r.nextInt(0, 4);
      for (int i = 0; i < others; i++) {
        ws.add(
            Workload.of("v" + i, WorkloadKind.VM)
                .withAccount(ACME)
                .withCriticality(tiers[r.nextInt(tiers.length)]));
      }
      return new Fleet(ws, vm);
    }
  }

  private static LoopBounds settings(SplittableRandom r, boolean cooldown) {
    return new LoopBounds(
        cooldown ? Duration.ofSeconds(5L * r.nextInt(1, 8)) : Duration.ZERO,
        r.nextDouble(1, 5),
        Duration.ZERO,
        r.nextDouble(0, 0.2),
        true);
  }

  /** Runs the loop; hands each tick's observations and decisions to {@code check}. */
  private static void run(
      long seed,
      int ticks,
      LoopBounds s,
      Limits limits,
      Map<AccountId, Account> accounts,
      Fleet fleet,
      Resource resource,
      TickCheck check) {
    SplittableRandom r = new SplittableRandom(seed);
    ControlLoop loop =
        new ControlLoop(
            new Fixtures.Proposing(u -> u * r.nextDouble(0, 4)),
            Fixtures.steering(s, limits, accounts),
            STEP);
    Map<SeriesKey, Double> allocation = new HashMap<>();
    Map<SeriesKey, Double> usage = new HashMap<>();
    for (int t = 0; t < ticks; t++) {
      Instant now = T0.plus(STEP.multipliedBy(t));
      List<Observation> obs = new ArrayList<>();
      for (Workload w : fleet.workloads()) {
        SeriesKey k = new SeriesKey(w.id(), resource);
        double u =
            Math.max(0, usage.getOrDefault(k, r.nextDouble(0, 100)) * r.nextDouble(0.5, 1.6));
        usage.put(k, u);
        obs.add(Observation.of(w, resource, u, allocation.getOrDefault(k, r.nextDouble(0, 200))));
      }
      List<Decision> decisions = loop.step(now, obs).decisions();
      check.check(now, obs, decisions);
      decisions.forEach(d -> allocation.put(d.series(), d.allocation()));
    }
  }

  @FunctionalInterface
  private interface TickCheck {
    void check(Instant now, List<Observation> obs, List<Decision> decisions);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void neverBelowCurrentUsageNorAboveMax(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int ticks = r.nextInt(1, 41);
    LoopBounds s = settings(r, r.nextBoolean());
    Limits limits = new Limits(r.nextDouble(0, 20), r.nextDouble(20, 1000));
    Fleet fleet = Fleet.random(r);
    run(
        seed,
        ticks,
        s,
        limits,
        Map.of(),
        new Fleet(
            fleet.workloads().stream().filter(w -> w.parent().isEmpty()).toList(), fleet.parent()),
        Resource.MEMORY,
        (now, obs, decisions) -> {
          for (int i = 0; i < obs.size(); i++) {
            double u = obs.get(i).usage().getAsDouble() * (1 + s.usageMargin());
            Decision d = decisions.get(i);
            assertThat(d.allocation()).isLessThanOrEqualTo(limits.max() + EPS);
            if (!d.reason().caps().contains(Cap.BELOW_USAGE)) {
              assertThat(d.allocation()).isGreaterThanOrEqualTo(u * (1 - EPS) - EPS);
            } else {
              assertThat(u).isGreaterThan(limits.max());
            }
          }
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anAccountStaysWithinItsQuotaAndChildrenWithinTheirParent(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int ticks = r.nextInt(1, 31);
    double quota = r.nextDouble(50, 600);
    Account account = new Account(ACME, Map.of(Resource.CPU, quota), Map.of());
    Fleet fleet = Fleet.random(r);
    run(
        seed,
        ticks,
        settings(r, false),
        Limits.NONE,
        Map.of(ACME, account),
        fleet,
        Resource.CPU,
        (now, obs, decisions) -> {
          double topLevel = 0;
          double children = 0;
          double parent = 0;
          for (int i = 0; i < obs.size(); i++) {
            Workload w = obs.get(i).workload();
            double a = decisions.get(i).allocation();
            if (w.parent().isEmpty()) {
              topLevel += a;
            } else {
              children += a;
            }
            if (w.equals(fleet.parent())) {
              parent = a;
            }
          }
          assertThat(topLevel).isLessThanOrEqualTo(quota * (1 + EPS));
          assertThat(children).isLessThanOrEqualTo(parent * (1 + EPS) + EPS);
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noChangeWithinTheCooldownButARaiseThatProtectsUsage(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int ticks = r.nextInt(2, 41);
    LoopBounds s = settings(r, true);
    Limits limits = new Limits(0, r.nextDouble(100, 2000));
    Workload w = Workload.of("w", WorkloadKind.VM);
    Map<SeriesKey, Instant> lastChange = new HashMap<>();
    run(
        seed,
        ticks,
        s,
        limits,
        Map.of(),
        new Fleet(List.of(w), w),
        Resource.MEMORY,
        (now, obs, decisions) -> {
          Decision d = decisions.getFirst();
          if (!(d instanceof Decision.Resize resize)) {
            return;
          }
          Instant before = lastChange.put(d.series(), now);
          if (before != null && now.isBefore(before.plus(s.cooldown()))) {
            // Within the cooldown only a raise that protects usage: usage (with its margin) had
            // reached the allocation in force; it reaches at least usage, at most the maximum.
            double floor = obs.getFirst().usage().getAsDouble() * (1 + s.usageMargin());
            assertThat(resize.to()).isGreaterThan(resize.from());
            assertThat(floor).isGreaterThanOrEqualTo(resize.from());
            assertThat(resize.to()).isGreaterThanOrEqualTo(limits.clamp(floor) - EPS);
            assertThat(resize.to()).isLessThanOrEqualTo(limits.max() + EPS);
          }
        });
  }
}
