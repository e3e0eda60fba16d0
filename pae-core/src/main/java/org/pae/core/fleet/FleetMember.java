package org.pae.core.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Tuning;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;

/**
 * This host in a fleet: before each step of its loop it tells the fleet's store what its top-level
 * workloads hold and want of each account's quota, and its loop then allocates each account within
 * the least of the account's quota and this host's share ({@link #steering}). When the store cannot
 * be reached, it keeps the shares of its last acknowledged exchange and never allocates beyond
 * them; a pool it was never granted a share of gets none until the store answers. It connects again
 * at the next tick.
 *
 * <p>What a workload wants is the allocation its last decision made, or, where the quota cut it,
 * the larger of that and the forecast the decision rested on; a workload not decided yet wants what
 * it uses. Its floor is what it uses. Confined to the loop's thread, but for the reads of the last
 * exchange.
 */
public final class FleetMember {
  private final String host;
  private final Lease lease;
  private final Duration modelCheck;
  private final FleetStore.Connection store;
  private final Consumer<String> log;
  private final Map<SeriesKey, Double> desired = new HashMap<>();
  private volatile Map<Pool, Grant> grants = Map.of();
  private volatile Map<Resource, Double> prices = Map.of();
  private volatile Optional<Instant> acknowledged = Optional.empty();
  private boolean reachable = true;

  /**
   * @param host this host's name in the fleet
   * @param lease how long a host's heartbeat keeps its shares, for those who show the fleet
   * @param modelCheck how often it asks the store for the fleet's learned models
   * @param store its connection to the fleet's store
   * @param log where it says when the store goes and comes back
   */
  public FleetMember(
      String host,
      Lease lease,
      Duration modelCheck,
      FleetStore.Connection store,
      Consumer<String> log) {
    this.host = Objects.requireNonNull(host, "host");
    this.lease = Objects.requireNonNull(lease, "lease");
    this.modelCheck = Objects.requireNonNull(modelCheck, "modelCheck");
    this.store = Objects.requireNonNull(store, "store");
    this.log = Objects.requireNonNull(log, "log");
  }

  /**
   * One exchange with the store at {@code now}: what {@code observations} hold and the last plan
   * wanted of every account quota {@code local} sets, and this host's {@code localPrices}; returns
   * the reply, or empty when the store did not answer (the last grants stay).
   */
  public Optional<FleetStore.Reply> exchange(
      Instant now,
      List<Observation> observations,
      Steering local,
      Map<Resource, Double> localPrices) {
    Map<Pool, FleetStore.Need> needs = needs(observations, local);
    Map<Resource, Double> usage = new EnumMap<>(Resource.class);
    for (Observation o : observations) {
      if (o.workload().parent().isEmpty() && o.usage().isPresent()) {
        usage.merge(o.resource(), o.usage().getAsDouble(), Double::sum);
      }
    }
    Map<Resource, FleetPrice.Quote> quotes = new EnumMap<>(Resource.class);
    localPrices.forEach(
        (r, p) -> quotes.put(r, new FleetPrice.Quote(p, usage.getOrDefault(r, 0.0))));
    try {
      FleetStore.Reply reply = store.exchange(new FleetStore.Report(host, needs, quotes));
      grants = reply.grants();
      prices = reply.prices();
      acknowledged = Optional.of(now);
      if (!reachable) {
        log.accept("fleet store reachable again: shares as the fleet grants them");
        reachable = true;
      }
      return Optional.of(reply);
    } catch (FleetUnavailable e) {
      if (reachable) {
        log.accept(
            "fleet store unreachable, holding the shares of the last exchange"
                + acknowledged.map(a -> " (" + a + ")").orElse("")
                + ": "
                + e.getMessage());
        reachable = false;
      }
      return Optional.empty();
    }
  }

  /** Remembers what {@code plan} wanted, for the next exchange. */
  public void planned(Plan plan) {
    desired.clear();
    for (Decision d : plan.decisions()) {
      double want = d.allocation();
      if (d.reason().caps().contains(Cap.QUOTA)) {
        want = Math.max(want, d.reason().evidence().map(Evidence::predicted).orElse(want));
      }
      desired.put(d.series(), want);
    }
  }

  private Map<Pool, FleetStore.Need> needs(List<Observation> observations, Steering local) {
    Map<AccountId, Optional<Account>> accounts = new HashMap<>();
    Map<Pool, double[]> held = new LinkedHashMap<>();
    Map<Pool, Map<Criticality, double[]>> claims = new HashMap<>();
    Map<Pool, Double> quotas = new HashMap<>();
    for (Observation o : observations) {
      Workload w = o.workload();
      if (w.parent().isPresent()) {
        continue;
      }
      Optional<Double> quota =
          accounts.computeIfAbsent(w.account(), local::account).flatMap(a -> a.quota(o.resource()));
      if (quota.isEmpty()) {
        continue;
      }
      Pool p = new Pool(w.account(), o.resource());
      quotas.put(p, quota.get());
      double usage = o.usage().orElse(0);
      double want = Math.max(desired.getOrDefault(new SeriesKey(w.id(), o.resource()), usage), 0);
      held.computeIfAbsent(p, k -> new double[1])[0] += o.allocated();
      double[] c =
          claims
              .computeIfAbsent(p, k -> new EnumMap<>(Criticality.class))
              .computeIfAbsent(w.criticality(), t -> new double[2]);
      c[0] += want;
      c[1] += Math.min(usage, want);
    }
    Map<Pool, FleetStore.Need> out = new LinkedHashMap<>();
    for (Map.Entry<Pool, double[]> e : held.entrySet()) {
      List<Claim> cs = new ArrayList<>();
      claims.get(e.getKey()).forEach((t, c) -> cs.add(new Claim(t, c[0], c[1])));
      out.put(e.getKey(), new FleetStore.Need(quotas.get(e.getKey()), e.getValue()[0], cs));
    }
    return out;
  }

  /**
   * {@code local} with every account's quota of a resource its workloads here draw on lowered to
   * this host's usable share of it; everything else as {@code local} says.
   */
  public Steering steering(Steering local) {
    return new Steering() {
      @Override
      public LoopBounds bounds(Workload workload, Resource resource) {
        return local.bounds(workload, resource);
      }

      @Override
      public Tuning tuning(Workload workload, Resource resource) {
        return local.tuning(workload, resource);
      }

      @Override
      public Limits limits(Workload workload, Resource resource) {
        return local.limits(workload, resource);
      }

      @Override
      public Optional<Account> account(AccountId id) {
        return local.account(id).map(FleetMember.this::granted);
      }

      @Override
      public boolean paused(Workload workload, Instant now) {
        return local.paused(workload, now);
      }

      @Override
      public OptionalDouble pin(Workload workload, Resource resource, Instant now) {
        return local.pin(workload, resource, now);
      }

      @Override
      public double demandFactor(
          Workload workload, Resource resource, Instant now, Duration horizon) {
        return local.demandFactor(workload, resource, now, horizon);
      }

      @Override
      public OptionalDouble preAllocation(Workload workload, Resource resource, Instant now) {
        return local.preAllocation(workload, resource, now);
      }
    };
  }

  private Account granted(Account a) {
    if (a.quotas().isEmpty()) {
      return a;
    }
    Map<Resource, Double> quotas = new EnumMap<>(Resource.class);
    Map<Pool, Grant> g = grants;
    a.quotas()
        .forEach(
            (r, q) -> {
              Grant share = g.get(new Pool(a.id(), r));
              quotas.put(r, share == null ? 0 : Math.min(q, share.usable()));
            });
    return new Account(a.id(), quotas, a.roles());
  }

  /** This host's name in the fleet. */
  public String host() {
    return host;
  }

  /** How long a host's heartbeat keeps its shares. */
  public Lease lease() {
    return lease;
  }

  /** How often it asks the store for the fleet's learned models. */
  public Duration modelCheck() {
    return modelCheck;
  }

  /** The shares of the last acknowledged exchange. */
  public Map<Pool, Grant> grants() {
    return grants;
  }

  /** The prices the fleet agreed at the last acknowledged exchange. */
  public Map<Resource, Double> prices() {
    return prices;
  }

  /** When the last exchange the store acknowledged was. */
  public Optional<Instant> acknowledged() {
    return acknowledged;
  }

  /** The store, for fleet-wide reads. */
  public FleetStore.Connection store() {
    return store;
  }
}
