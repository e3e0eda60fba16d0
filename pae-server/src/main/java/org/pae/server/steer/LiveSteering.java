package org.pae.server.steer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.pae.core.allocate.Tuning;
import org.pae.core.loop.LoopBounds;
import org.pae.core.loop.Steering;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Limits;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.OperatorState;

/**
 * The daemon's {@link Steering}: the configured defaults, changed at run time through the API.
 * Thread-safe: the API thread writes, the loop thread reads; each change is one atomic swap of an
 * immutable value, seen by the loop at its next tick. Policy layers: defaults, then the account's
 * override, then the workload's (per resource over all resources at each level).
 *
 * <p>{@linkplain #restored Restored} from an {@link OperatorState}, every change is saved there
 * before it is applied, and a change that cannot be saved is not applied ({@link
 * NotSavedException}): what the API acknowledged survives a crash.
 */
public final class LiveSteering implements Steering {
  private final Steering base;
  private final Map<AccountId, Account> accounts = new ConcurrentHashMap<>();
  private final Map<Scope, PolicyOverride> overrides = new ConcurrentHashMap<>();
  private final Map<WorkloadId, Directives> directives = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong version = new AtomicLong();
  private final Optional<OperatorState> saved;
  private volatile ActivePolicy active = ActivePolicy.ANY;

  private static final String ACCOUNT = "account";
  private static final String POLICY = "policy";
  private static final String DIRECTIVES = "directives";

  /**
   * Where an override applies: an account or a workload (owner), the account it belongs to, one
   * resource or (null) all.
   */
  private record Scope(Object owner, AccountId account, Resource resource) {
    /** Its key in the operator state: level, account, resource (* for all), workload last. */
    String key() {
      return (owner instanceof WorkloadId w ? "workload" : "account")
          + "\t"
          + account.value()
          + "\t"
          + (resource == null ? "*" : resource.key())
          + (owner instanceof WorkloadId w ? "\t" + w.value() : "");
    }

    static Scope parse(String key) {
      String[] p = key.split("\t", 4);
      AccountId account = new AccountId(p[1]);
      Resource r = p[2].equals("*") ? null : Resource.parse(p[2]);
      return switch (p[0]) {
        case "workload" -> new Scope(WorkloadId.of(p[3]), account, r);
        case "account" -> new Scope(account, account, r);
        default -> throw new IllegalArgumentException("no such policy level: " + p[0]);
      };
    }
  }

  /**
   * @param base the configured settings and limits (e.g. {@link Steering#uniform})
   * @param accounts the configured accounts, with their quotas and roles
   */
  public LiveSteering(Steering base, Iterable<Account> accounts) {
    this(base, accounts, Optional.empty());
  }

  private LiveSteering(Steering base, Iterable<Account> accounts, Optional<OperatorState> saved) {
    this.base = Objects.requireNonNull(base, "base");
    accounts.forEach(a -> this.accounts.put(a.id(), a));
    this.saved = saved;
  }

  /**
   * The steering {@code state} kept, over {@code base}; every change is saved there. A value that
   * cannot be read back (written by a later version, edited by hand) is logged and left as it is.
   */
  public static LiveSteering restored(Steering base, OperatorState state, Consumer<String> log) {
    LiveSteering s = new LiveSteering(base, List.of(), Optional.of(state));
    Map<String, Map<String, String>> all = state.all();
    long most = 0;
    for (Map.Entry<String, Map<String, String>> kind : all.entrySet()) {
      for (Map.Entry<String, String> e : kind.getValue().entrySet()) {
        try {
          switch (kind.getKey()) {
            case ACCOUNT -> {
              AccountId id = new AccountId(e.getKey());
              s.accounts.put(id, SteeringCodec.account(id, e.getValue()));
            }
            case POLICY ->
                s.overrides.put(Scope.parse(e.getKey()), SteeringCodec.policy(e.getValue()));
            case DIRECTIVES -> {
              Directives d = SteeringCodec.directives(e.getValue());
              s.directives.put(WorkloadId.of(e.getKey()), d);
              for (long id : d.ids()) {
                most = Math.max(most, id);
              }
            }
            default -> {
              // Another owner's kind (API tokens): not steering.
            }
          }
        } catch (RuntimeException bad) {
          log.accept(
              "ignoring the saved "
                  + kind.getKey()
                  + " of "
                  + e.getKey()
                  + ", which cannot be read: "
                  + bad.getMessage());
        }
      }
    }
    s.ids.set(most);
    return s;
  }

  private void save(String kind, String key, Optional<String> value) {
    if (saved.isEmpty()) {
      return;
    }
    try {
      saved.get().put(kind, key, value);
    } catch (RuntimeException e) {
      throw new NotSavedException("the " + kind + " of " + key, e);
    }
  }

  @Override
  public LoopBounds bounds(Workload w, Resource r) {
    return effective(w.id(), w.account(), r).applyTo(base.bounds(w, r));
  }

  @Override
  public Tuning tuning(Workload w, Resource r) {
    return effective(w.id(), w.account(), r).tuning();
  }

  @Override
  public Limits limits(Workload w, Resource r) {
    return effective(w.id(), w.account(), r).within(base.limits(w, r));
  }

  @Override
  public Optional<Account> account(AccountId id) {
    Account a = accounts.get(id);
    return a != null ? Optional.of(a) : base.account(id);
  }

  @Override
  public boolean paused(Workload w, Instant now) {
    return directives(w.id()).pause().filter(p -> p.activeAt(now)).isPresent();
  }

  @Override
  public OptionalDouble pin(Workload w, Resource r, Instant now) {
    for (Directives.Pin p : directives(w.id()).pins()) {
      if (p.resource() == r && now.isBefore(p.until())) {
        return OptionalDouble.of(p.allocation());
      }
    }
    return OptionalDouble.empty();
  }

  @Override
  public double demandFactor(Workload w, Resource r, Instant now, Duration horizon) {
    double factor = 1;
    Instant end = now.plus(horizon);
    for (Directives.Hint h : directives(w.id()).hints()) {
      if (h.event().concerns(w.id(), r) && h.window().overlaps(now, end, ZoneOffset.UTC)) {
        factor *= h.event().factor();
      }
    }
    return factor;
  }

  @Override
  public OptionalDouble preAllocation(Workload w, Resource r, Instant now) {
    if (w.criticality() != Criticality.CRITICAL) {
      return OptionalDouble.empty();
    }
    double most = -1;
    for (Directives.PreAllocation p : directives(w.id()).preAllocations()) {
      if (p.resource() == r && p.activeAt(now)) {
        most = Math.max(most, p.allocation());
      }
    }
    return most >= 0 ? OptionalDouble.of(most) : OptionalDouble.empty();
  }

  /**
   * Refuses, naming {@code field}, an allocation (a pin's, a pre-allocation's) beyond what the
   * configured limits allow {@code w} of {@code r} at most: the host's capacity.
   */
  public void checkAllocation(Workload w, Resource r, String field, double allocation) {
    double most = base.limits(w, r).max();
    if (allocation > most) {
      throw new InvalidSteeringException(
          field,
          field
              + " ("
              + allocation
              + ") must be at most the capacity of "
              + r.key()
              + " ("
              + most
              + " "
              + r.unit()
              + ")");
    }
  }

  /** The override in force for a series, resolved through the layers. */
  public PolicyOverride effective(WorkloadId w, AccountId a, Resource r) {
    return layered(w, a, r, null, null);
  }

  private PolicyOverride layered(
      WorkloadId w, AccountId a, Resource r, Scope replaced, PolicyOverride with) {
    return get(new Scope(w, a, r), replaced, with)
        .over(get(new Scope(w, a, null), replaced, with))
        .over(get(new Scope(a, a, r), replaced, with))
        .over(get(new Scope(a, a, null), replaced, with));
  }

  private PolicyOverride get(Scope s, Scope replaced, PolicyOverride with) {
    return s.equals(replaced) ? with : overrides.getOrDefault(s, PolicyOverride.NONE);
  }

  /** The overrides set on a workload or an account, per resource (key null: all resources). */
  public Map<Resource, PolicyOverride> overrides(Object owner) {
    Map<Resource, PolicyOverride> out = new HashMap<>();
    overrides.forEach(
        (s, o) -> {
          if (s.owner().equals(owner)) {
            out.put(s.resource(), o);
          }
        });
    return out;
  }

  /**
   * Names the allocation policy the engine runs: from now on {@link #setPolicy} refuses settings it
   * does not read. Overrides already kept stay as they are.
   */
  public void runs(ActivePolicy policy) {
    active = Objects.requireNonNull(policy, "policy");
  }

  /** The allocation policy the engine runs ({@link ActivePolicy#ANY} until {@link #runs}). */
  public ActivePolicy active() {
    return active;
  }

  /**
   * Sets the policy override of one workload of {@code account} (workload present) or of the whole
   * account, for one resource or all. Refused, naming the field, when it sets a policy setting the
   * active policy does not read ({@link UnusedSettingException}), or when it would leave any series
   * of the account's steered workloads with invalid settings or limits: the loop never sees it.
   */
  public synchronized void setPolicy(
      AccountId account,
      Optional<WorkloadId> workload,
      Optional<Resource> resource,
      PolicyOverride o) {
    active.check(o);
    Scope scope =
        new Scope(workload.<Object>map(w -> w).orElse(account), account, resource.orElse(null));
    Set<WorkloadId> affected = new HashSet<>();
    workload.ifPresent(affected::add);
    if (workload.isEmpty()) {
      overrides.keySet().stream()
          .filter(s -> s.account().equals(account) && s.owner() instanceof WorkloadId)
          .forEach(s -> affected.add((WorkloadId) s.owner()));
      affected.add(WorkloadId.of("(any workload of " + account + ")"));
    }
    for (WorkloadId w : affected) {
      Workload probe =
          new Workload(
              w,
              WorkloadKind.PROCESS,
              Optional.empty(),
              ProgramCode.UNKNOWN,
              account,
              Criticality.NORMAL);
      for (Resource r : Resource.values()) {
        PolicyOverride eff = layered(w, account, r, scope, o);
        eff.checkOver(active.values().getOrDefault(r, Map.of()));
        eff.applyTo(base.limits(probe, r));
      }
    }
    save(
        POLICY, scope.key(), o.isEmpty() ? Optional.empty() : Optional.of(SteeringCodec.policy(o)));
    PolicyOverride previous = o.isEmpty() ? overrides.remove(scope) : overrides.put(scope, o);
    if (!o.equals(previous == null ? PolicyOverride.NONE : previous)) {
      version.incrementAndGet();
    }
  }

  public Directives directives(WorkloadId w) {
    return directives.getOrDefault(w, Directives.NONE);
  }

  /** A new id for a directive. */
  public long nextId() {
    return ids.incrementAndGet();
  }

  /** The most event hints one workload may have at a time: their factors multiply. */
  public static final int MOST_HINTS = 16;

  /**
   * Adds to a workload's directives what {@code make} builds with a new id, dropping what has
   * expired by {@code now}. A directive refused (out of range, or a hint beyond {@link
   * #MOST_HINTS}) takes no id.
   */
  public synchronized Directives add(
      WorkloadId w, Instant now, java.util.function.LongFunction<UnaryOperator<Directives>> make) {
    long id = ids.get() + 1;
    UnaryOperator<Directives> op = make.apply(id);
    Directives d =
        change(
            w,
            now,
            current -> {
              Directives next = op.apply(current);
              if (next.hints().size() > MOST_HINTS) {
                throw new InvalidSteeringException(
                    "factor",
                    "a workload may have at most "
                        + MOST_HINTS
                        + " event hints at a time; remove one first");
              }
              return next;
            });
    ids.set(id);
    return d;
  }

  /** Changes a workload's directives, dropping what has expired by {@code now}. */
  public synchronized Directives change(
      WorkloadId w, Instant now, UnaryOperator<Directives> change) {
    Directives before = directives(w);
    Directives current = before.at(now);
    Directives next = change.apply(current);
    if (!next.equals(before)) {
      save(
          DIRECTIVES,
          w.value(),
          next.isEmpty() ? Optional.empty() : Optional.of(SteeringCodec.directives(next)));
    }
    if (next.isEmpty()) {
      directives.remove(w);
    } else {
      directives.put(w, next);
    }
    if (!next.equals(current)) {
      version.incrementAndGet();
    }
    return next;
  }

  /** The accounts configured or set through the API. */
  public List<Account> accounts() {
    return accounts.values().stream()
        .sorted(java.util.Comparator.comparing(a -> a.id().value()))
        .toList();
  }

  /** Sets an account's quotas (null value: remove that quota), creating the account if needed. */
  public Account setQuotas(AccountId id, Map<Resource, Double> changes) {
    return update(
        id,
        current -> {
          Map<Resource, Double> q = new EnumMap<>(Resource.class);
          q.putAll(current.quotas());
          changes.forEach(
              (r, v) -> {
                if (v == null) {
                  q.remove(r);
                } else {
                  q.put(r, v);
                }
              });
          return new Account(id, q, current.roles());
        });
  }

  /** Grants (or, role null, revokes) a principal's role in an account, creating it if needed. */
  public Account grant(AccountId id, String principal, Role role) {
    return update(
        id,
        current -> {
          Map<String, Role> roles = new HashMap<>(current.roles());
          if (role == null) {
            roles.remove(principal);
          } else {
            roles.put(principal, role);
          }
          return new Account(id, current.quotas(), roles);
        });
  }

  private synchronized Account update(AccountId id, UnaryOperator<Account> change) {
    Optional<Account> before = account(id);
    Account a = change.apply(before.orElse(Account.unlimited(id)));
    if (!before.equals(Optional.of(a))) {
      save(ACCOUNT, id.value(), Optional.of(SteeringCodec.account(a)));
      accounts.put(id, a);
      version.incrementAndGet();
    }
    return a;
  }

  /**
   * Counts the changes that changed something: what a caller compares to see whether anything was
   * steered.
   */
  public long version() {
    return version.get();
  }
}
