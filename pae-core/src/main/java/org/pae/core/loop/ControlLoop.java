package org.pae.core.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Budget;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.allocate.ChurnGate;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.anomaly.AnomalyAction;
import org.pae.core.anomaly.AnomalyWatch;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Limits;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;

/**
 * The one control loop that the daemon and the simulator both drive. Each {@link #step} takes what
 * was observed at {@code now} and returns a plan: per series, the policy's proposal passed through
 * an ordered list of bounds — largest step, usage floor, min/max, cooldown, the churn budget of the
 * workload's kind ({@link ChurnGate}) — then the shares of account quotas and of parents'
 * allocations among their children.
 *
 * <p>Invariants, each tested: never below current usage (unless a hard cap — max, quota, parent —
 * leaves less, which the decision says); always within max; an account's top-level allocations
 * within its quota; children within their parent; no change within the cooldown of the last one
 * except a raise once usage (with its margin) has reached the allocation in force, which goes to
 * what the policy proposes; no reduction beyond the churn budget. Time is only ever an argument;
 * the loop is not thread-safe.
 *
 * <p>With an {@link AnomalyWatch}, every sample is scored before the policy sees it: an anomalous
 * sample is held out of the policy's forecasting models (cap {@code ANOMALY_HELD_OUT}; {@link
 * SeriesPolicy#observeAnomalous}), and while an anomaly is open on a series its workload's {@code
 * anomaly.action} applies after the usage floor and before max and quotas: {@code hold} keeps the
 * allocation from rising except to current usage, {@code contain} caps it at the allocation in
 * force when the anomaly opened times {@code 1 + anomaly.contain-growth}, never below usage. Each
 * such decision names the anomaly in its reason.
 */
public final class ControlLoop {
  /** Relative change below which a new allocation counts as the same. */
  private static final double SAME = 1e-9;

  private final AllocationPolicy policy;
  private final Steering steering;
  private final Duration interval;
  private final Map<WorkloadKind, ChurnBudget> churn;
  private final Map<SeriesKey, SeriesState> states = new HashMap<>();
  private final AnomalyWatch anomalies;
  private long ticks;

  /**
   * @param policy what proposes allocations
   * @param steering settings, limits and accounts
   * @param interval how often the loop runs: a decision takes effect one interval later
   */
  public ControlLoop(AllocationPolicy policy, Steering steering, Duration interval) {
    this(policy, steering, interval, Map.of());
  }

  /**
   * @param policy what proposes allocations
   * @param steering settings, limits and accounts
   * @param interval how often the loop runs: a decision takes effect one interval later
   * @param churn the churn budget per workload kind; a kind not named has none ({@link
   *     ChurnBudget#UNLIMITED})
   */
  public ControlLoop(
      AllocationPolicy policy,
      Steering steering,
      Duration interval,
      Map<WorkloadKind, ChurnBudget> churn) {
    this(policy, steering, interval, churn, Optional.empty());
  }

  /**
   * @param policy what proposes allocations
   * @param steering settings, limits and accounts
   * @param interval how often the loop runs: a decision takes effect one interval later
   * @param churn the churn budget per workload kind; a kind not named has none ({@link
   *     ChurnBudget#UNLIMITED})
   * @param anomalies what finds anomalies in the observed samples; none: no detection
   */
  public ControlLoop(
      AllocationPolicy policy,
      Steering steering,
      Duration interval,
      Map<WorkloadKind, ChurnBudget> churn,
      Optional<AnomalyWatch> anomalies) {
    this.anomalies = anomalies.orElse(null);
    this.churn = Map.copyOf(churn);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.steering = Objects.requireNonNull(steering, "steering");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the loop interval must be positive: " + interval);
    }
    this.interval = interval;
  }

  public String policyName() {
    return policy.name();
  }

  /** How many series it tracks. */
  public int tracked() {
    return states.size();
  }

  /** Whether it keeps state for any resource of {@code workload}. */
  public boolean tracks(WorkloadId workload) {
    return states.keySet().stream().anyMatch(k -> k.workload().equals(workload));
  }

  /** Drops the state of a workload that is gone (all its resources). */
  public void forget(WorkloadId workload) {
    states.keySet().removeIf(k -> k.workload().equals(workload));
    if (anomalies != null) {
      anomalies.forget(workload);
    }
  }

  /**
   * Feeds past observations to the series' policies without deciding anything: a restarting daemon
   * replays its recent history from the store so that its forecasts start warm. Series not yet
   * tracked are opened; times are increasing per series, as for {@link #step}. A series only
   * replayed holds nothing of an account's quota or a parent's allocation until a step observes it.
   */
  public void replay(Instant time, List<Observation> observations) {
    for (Observation o : observations) {
      SeriesState state =
          states.computeIfAbsent(
              o.key(), k -> new SeriesState(policy.open(o.workload(), o.resource())));
      state.workload = o.workload();
      state.allocation = o.allocated();
      if (o.usage().isPresent()) {
        state.policy.observe(time, o.usage().getAsDouble());
      }
    }
  }

  /**
   * Ends a {@link #replay}: asks each series' policy what it would decide at {@code time} from the
   * series' last replayed observation, and decides nothing. What a policy learns only when it
   * proposes (the fleet's shortfall price of {@code choice}, set at the end of its first interval)
   * is then as if the loop had been running, so that the first {@link #step} decides from the
   * history. It decides nothing: no allocation changes and no cooldown starts (the policies' own
   * records and the churn stage's record of wishes are kept, as at a tick).
   */
  public void rehearse(Instant time, List<Observation> observations) {
    for (Observation o : observations) {
      SeriesState state = states.get(o.key());
      if (state != null && o.usage().isPresent()) {
        propose(time, o, state, AnomalyWatch.Tick.NONE);
      }
    }
  }

  /** Decides for every observation; one observation per series and tick. */
  public Plan step(Instant now, List<Observation> observations) {
    long tick = ++ticks;
    SeriesState[] seen = new SeriesState[observations.size()];
    boolean anyChild = false;
    for (int i = 0; i < seen.length; i++) {
      Observation o = observations.get(i);
      SeriesState state =
          states.computeIfAbsent(
              o.key(), k -> new SeriesState(policy.open(o.workload(), o.resource())));
      if (state.tick == tick) {
        throw new IllegalArgumentException("two observations of " + o.key() + " at " + now);
      }
      state.tick = tick;
      state.workload = o.workload();
      state.allocation = o.allocated();
      anyChild |= o.workload().parent().isPresent();
      seen[i] = state;
    }
    AnomalyWatch.Tick found =
        anomalies == null ? AnomalyWatch.Tick.NONE : anomalies.observe(now, observations);
    // Every series observes before any proposes, so that a model shared across series (a global
    // network) answers the whole tick in one batch when the first proposal asks. An anomalous
    // sample is held out of the policy's models (they carry the last usual one on), not of what it
    // measures of use.
    for (int i = 0; i < seen.length; i++) {
      Observation o = observations.get(i);
      if (o.usage().isEmpty()) {
        continue;
      }
      if (found.anomalous().contains(o.key())) {
        seen[i].policy.observeAnomalous(now, o.usage().getAsDouble());
      } else {
        seen[i].policy.observe(now, o.usage().getAsDouble());
      }
    }
    List<Pending> pending = new ArrayList<>(seen.length);
    for (int i = 0; i < seen.length; i++) {
      Pending p = propose(now, observations.get(i), seen[i], found);
      seen[i].pending = p;
      pending.add(p);
    }
    shareQuotas(pending, tick);
    if (anyChild) {
      shareParents(pending, tick);
    }
    List<Decision> decisions = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      Decision d = p.decide(now);
      ChurnBudget budget = churn(p.observation.workload().kind());
      if (d instanceof Decision.Resize && budget.limited()) {
        if (p.state.churn == null) {
          p.state.churn = new ChurnGate();
        }
        p.state.churn.changed(now, budget);
      }
      decisions.add(d);
      p.state.pending = null;
    }
    return new Plan(now, decisions, found.anomalies());
  }

  private Pending propose(Instant now, Observation o, SeriesState state, AnomalyWatch.Tick found) {
    Workload w = o.workload();
    Resource r = o.resource();
    LoopBounds s = steering.bounds(w, r);
    Limits limits = steering.limits(w, r);
    double allocated = o.allocated();
    if (o.usage().isEmpty()) {
      return Pending.fixed(
          o, state, new Reason(Rule.NO_DATA, OptionalDouble.empty(), Optional.empty(), Set.of()));
    }
    double usage = o.usage().getAsDouble();
    if (steering.paused(w, now)) {
      return Pending.fixed(
          o, state, new Reason(Rule.PAUSED, o.usage(), Optional.empty(), Set.of()));
    }
    Duration horizon =
        w.criticality() == Criticality.CRITICAL ? interval.plus(s.leadTime()) : interval;
    ChurnBudget budget = churn(w.kind());
    Duration hold = budget.limited() ? budget.hold(interval) : horizon;
    EnumSet<Cap> caps = EnumSet.noneOf(Cap.class);
    Optional<Anomaly> anomaly = found.openOn(o.key());
    if (found.anomalous().contains(o.key())) {
      caps.add(Cap.ANOMALY_HELD_OUT);
    }
    OptionalDouble pin = steering.pin(w, r, now);
    Proposal proposal;
    if (pin.isPresent()) {
      proposal = new Proposal(pin, Rule.PINNED, Optional.empty());
    } else {
      Outlook outlook =
          new Outlook(
              horizon,
              steering.tuning(w, r),
              hold.compareTo(horizon) > 0 ? hold : horizon,
              steering.demandFactor(w, r, now, horizon));
      proposal = state.policy.propose(now, usage, allocated, outlook);
      if (outlook.hinted()) {
        caps.add(Cap.EVENT_HINT);
      }
    }
    boolean override = pin.isPresent();
    double candidate = proposal.target().orElse(allocated);
    if (!override && proposal.target().isPresent() && allocated > 0) {
      double stepped =
          Math.max(allocated / s.maxStep(), Math.min(allocated * s.maxStep(), candidate));
      if (stepped != candidate) {
        caps.add(Cap.MAX_STEP);
        candidate = stepped;
      }
    }
    double wish = state.policy.sizesForHold() ? Double.NaN : candidate;
    double floor = s.usageFloor() ? usage * (1 + s.usageMargin()) : 0;
    if (candidate < floor) {
      caps.add(Cap.USAGE_FLOOR);
      candidate = floor;
    }
    if (candidate < limits.min()) {
      caps.add(Cap.MIN);
      candidate = limits.min();
    }
    OptionalDouble reserve = steering.preAllocation(w, r, now);
    if (reserve.isPresent() && candidate < reserve.getAsDouble()) {
      caps.add(Cap.PRE_ALLOCATION);
      candidate = reserve.getAsDouble();
      override = true;
    }
    // what an operator set (a pin, a pre-allocation, the minimum) is never capped
    double anomalyCap =
        pin.isPresent()
            ? Double.POSITIVE_INFINITY
            : anomalyCap(
                w,
                state,
                anomaly,
                allocated,
                Math.max(Math.max(floor, limits.min()), reserve.orElse(0)));
    if (candidate > anomalyCap) {
      caps.add(
          this.anomalies.settings().action(w) == AnomalyAction.HOLD
              ? Cap.ANOMALY_HOLD
              : Cap.ANOMALY_CONTAIN);
      candidate = anomalyCap;
    }
    if (candidate > limits.max()) {
      caps.add(Cap.MAX);
      candidate = limits.max();
      if (candidate < floor) {
        caps.add(Cap.BELOW_USAGE);
      }
    }
    // A raise when usage has reached the allocation in force protects usage: the cooldown lets it
    // through to what the policy proposes (still within max, the quota and the parent), not only to
    // usage, so that a workload growing faster than one change per cooldown is not outrun.
    boolean protects = candidate > allocated && floor >= allocated;
    if (!override
        && !protects
        && state.lastChange != null
        && now.isBefore(state.lastChange.plus(s.cooldown()))
        && !same(candidate, allocated)) {
      double kept = limits.clamp(Math.max(allocated, floor));
      if (kept != candidate) {
        caps.add(Cap.COOLDOWN);
        candidate = kept;
      }
    }
    // a cut to the workload's maximum is a hard bound, made whatever the budget
    boolean cutToMax = caps.contains(Cap.MAX) && candidate < allocated;
    if (!override && !cutToMax && budget.limited()) {
      double ceiling =
          Math.max(candidate, limits.clamp(allocated > 0 ? allocated * s.maxStep() : candidate));
      if (state.churn == null) {
        state.churn = new ChurnGate();
      }
      candidate =
          state.churn.pass(
              now,
              budget,
              interval,
              allocated,
              wish,
              candidate,
              proposal.ahead(),
              ceiling,
              limits.clamp(Math.max(allocated, floor)),
              caps);
      // the churn budget sizes for the time a change holds; an anomaly's cap still bounds it
      candidate = Math.min(candidate, anomalyCap);
    }
    return new Pending(
        o,
        state,
        candidate,
        Math.min(candidate, floor),
        floor,
        proposal,
        caps,
        caps.contains(Cap.ANOMALY_HELD_OUT)
                || caps.contains(Cap.ANOMALY_HOLD)
                || caps.contains(Cap.ANOMALY_CONTAIN)
            ? anomaly
            : Optional.empty());
  }

  /**
   * The most the workload's {@code anomaly.action} lets the series have while {@code anomaly} is
   * open: the allocation in force under {@code hold}, the allocation in force when it opened times
   * {@code 1 + contain-growth} under {@code contain}, never below {@code floor} (current usage with
   * its margin, and the minimum); unbounded under {@code alert} or without an open anomaly.
   */
  private double anomalyCap(
      Workload w, SeriesState state, Optional<Anomaly> anomaly, double allocated, double floor) {
    if (anomaly.isEmpty()) {
      state.anomalyId = 0;
      return Double.POSITIVE_INFINITY;
    }
    if (state.anomalyId != anomaly.get().id()) {
      state.anomalyId = anomaly.get().id();
      state.anomalyBase = allocated;
    }
    double limit =
        switch (anomalies.settings().action(w)) {
          case ALERT -> Double.POSITIVE_INFINITY;
          case HOLD -> allocated;
          case CONTAIN -> state.anomalyBase * (1 + anomalies.settings().containGrowth());
        };
    return Math.max(limit, floor);
  }

  private ChurnBudget churn(WorkloadKind kind) {
    return churn.getOrDefault(kind, ChurnBudget.UNLIMITED);
  }

  private void shareQuotas(List<Pending> pending, long tick) {
    Map<GroupKey<AccountId>, Double> quotas = new HashMap<>();
    Map<AccountId, Optional<Account>> accounts = new HashMap<>();
    Map<GroupKey<AccountId>, List<Pending>> groups = new HashMap<>();
    AccountId lastId = null;
    Optional<Account> last = Optional.empty();
    for (Pending p : pending) {
      Workload w = p.observation.workload();
      if (p.isFixed() || w.parent().isPresent()) {
        continue;
      }
      if (!w.account().equals(lastId)) {
        lastId = w.account();
        last = accounts.computeIfAbsent(lastId, steering::account);
      }
      if (last.isEmpty() || last.get().quotas().isEmpty()) {
        continue;
      }
      Resource r = p.observation.resource();
      Optional<Double> quota = last.get().quota(r);
      if (quota.isPresent()) {
        GroupKey<AccountId> g = new GroupKey<>(w.account(), r);
        quotas.put(g, quota.get());
        groups.computeIfAbsent(g, k -> new ArrayList<>()).add(p);
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    Map<GroupKey<AccountId>, Double> fixed = new HashMap<>();
    for (Map.Entry<SeriesKey, SeriesState> e : states.entrySet()) {
      SeriesState s = e.getValue();
      Workload w = s.workload;
      if (s.replayedOnly() || w.parent().isPresent() || !accounts.containsKey(w.account())) {
        continue;
      }
      Pending p = s.current(tick);
      if (p == null || p.isFixed()) {
        fixed.merge(new GroupKey<>(w.account(), e.getKey().resource()), s.allocation, Double::sum);
      }
    }
    groups.forEach(
        (g, members) -> share(quotas.get(g) - fixed.getOrDefault(g, 0.0), members, Cap.QUOTA));
  }

  private void shareParents(List<Pending> pending, long tick) {
    Map<GroupKey<WorkloadId>, List<Pending>> groups = new HashMap<>();
    for (Pending p : pending) {
      Optional<WorkloadId> parent = p.observation.workload().parent();
      if (parent.isPresent() && !p.isFixed()) {
        groups
            .computeIfAbsent(
                new GroupKey<>(parent.get(), p.observation.resource()), k -> new ArrayList<>())
            .add(p);
      }
    }
    Map<GroupKey<WorkloadId>, Double> fixed = new HashMap<>();
    for (Map.Entry<SeriesKey, SeriesState> e : states.entrySet()) {
      SeriesState s = e.getValue();
      if (s.replayedOnly()) {
        continue;
      }
      Optional<WorkloadId> parent = s.workload.parent();
      Pending p = s.current(tick);
      if (parent.isPresent() && (p == null || p.isFixed())) {
        fixed.merge(new GroupKey<>(parent.get(), e.getKey().resource()), s.allocation, Double::sum);
      }
    }
    List<GroupKey<WorkloadId>> order = new ArrayList<>(groups.keySet());
    Map<WorkloadId, Integer> depths = new HashMap<>();
    order.sort((a, b) -> Integer.compare(depth(a.owner(), depths), depth(b.owner(), depths)));
    for (GroupKey<WorkloadId> g : order) {
      SeriesState parentState = states.get(new SeriesKey(g.owner(), g.resource()));
      if (parentState == null) {
        continue;
      }
      Pending parent = parentState.current(tick);
      double budget = parent != null ? parent.candidate : parentState.allocation;
      share(budget - fixed.getOrDefault(g, 0.0), groups.get(g), Cap.PARENT);
    }
  }

  private int depth(WorkloadId id, Map<WorkloadId, Integer> memo) {
    Integer known = memo.get(id);
    if (known != null) {
      return known;
    }
    int d = 0;
    WorkloadId at = id;
    for (int guard = 0; guard < 64; guard++) {
      Optional<WorkloadId> up = parentOf(at);
      if (up.isEmpty()) {
        break;
      }
      d++;
      at = up.get();
    }
    memo.put(id, d);
    return d;
  }

  private Optional<WorkloadId> parentOf(WorkloadId id) {
    for (Resource r : Resource.values()) {
      SeriesState s = states.get(new SeriesKey(id, r));
      if (s != null) {
        return s.workload.parent();
      }
    }
    return Optional.empty();
  }

  private static void share(double budget, List<Pending> members, Cap cap) {
    double total = 0;
    for (Pending p : members) {
      total += p.candidate;
    }
    double room = Math.max(0, budget);
    if (total <= room) {
      return;
    }
    List<Budget.Claim> claims = new ArrayList<>(members.size());
    for (Pending p : members) {
      claims.add(
          new Budget.Claim(p.candidate, p.shareFloor, p.observation.workload().criticality()));
    }
    double[] grants = Budget.share(room, claims);
    for (int i = 0; i < grants.length; i++) {
      Pending p = members.get(i);
      if (grants[i] < p.candidate) {
        p.candidate = grants[i];
        p.caps.add(cap);
        if (grants[i] < p.usageFloor) {
          p.caps.add(Cap.BELOW_USAGE);
        }
      }
    }
  }

  private static boolean same(double a, double b) {
    return Math.abs(a - b) <= SAME * Math.max(1, Math.abs(b));
  }

  /** An owner's group of one resource; hashed the same in every run, like {@link SeriesKey}. */
  private record GroupKey<T>(T owner, Resource resource) {
    @Override
    public int hashCode() {
      return 31 * owner.hashCode() + resource.name().hashCode();
    }
  }

  private static final class SeriesState {
    final SeriesPolicy policy;
    Workload workload;
    double allocation;
    Instant lastChange;
    ChurnGate churn;
    long tick;
    Pending pending;

    /** The open anomaly the series last saw (0: none), and the allocation in force when it did. */
    long anomalyId;

    double anomalyBase;

    SeriesState(SeriesPolicy policy) {
      this.policy = policy;
    }

    /**
     * Whether it was only ever replayed, never observed by a step: a workload of the stored history
     * that has not been seen since the start may be long gone, so it holds no share of a quota or
     * of a parent.
     */
    boolean replayedOnly() {
      return tick == 0;
    }

    /** Its pending decision if it was observed at {@code now}'s tick, else null. */
    Pending current(long now) {
      return tick == now ? pending : null;
    }
  }

  private static final class Pending {
    final Observation observation;
    final SeriesState state;
    final Proposal proposal;
    final EnumSet<Cap> caps;
    final double shareFloor;
    final double usageFloor;
    final Reason fixedReason;
    final Optional<Anomaly> anomaly;
    double candidate;

    Pending(
        Observation o,
        SeriesState state,
        double candidate,
        double shareFloor,
        double usageFloor,
        Proposal proposal,
        EnumSet<Cap> caps,
        Optional<Anomaly> anomaly) {
      this.anomaly = anomaly;
      this.observation = o;
      this.state = state;
      this.candidate = candidate;
      this.shareFloor = shareFloor;
      this.usageFloor = usageFloor;
      this.proposal = proposal;
      this.caps = caps;
      this.fixedReason = null;
    }

    private Pending(Observation o, SeriesState state, Reason fixedReason) {
      this.observation = o;
      this.state = state;
      this.candidate = o.allocated();
      this.shareFloor = 0;
      this.usageFloor = 0;
      this.proposal = null;
      this.caps = EnumSet.noneOf(Cap.class);
      this.fixedReason = fixedReason;
      this.anomaly = Optional.empty();
    }

    static Pending fixed(Observation o, SeriesState state, Reason reason) {
      return new Pending(o, state, reason);
    }

    boolean isFixed() {
      return fixedReason != null;
    }

    Decision decide(Instant now) {
      SeriesKey key = observation.key();
      double allocated = observation.allocated();
      if (isFixed()) {
        return new Decision.Hold(key, allocated, fixedReason);
      }
      Optional<Evidence> evidence = proposal.evidence();
      Reason reason = new Reason(proposal.rule(), observation.usage(), evidence, caps, anomaly);
      if (same(candidate, allocated)) {
        return new Decision.Hold(key, allocated, reason);
      }
      state.lastChange = now;
      state.allocation = candidate;
      return new Decision.Resize(key, allocated, candidate, reason);
    }
  }
}
