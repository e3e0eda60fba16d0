package org.pae.server.api;

import static org.pae.server.api.Views.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.anomaly.AnomalyKind;
import org.pae.core.fleet.FleetMember;
import org.pae.core.fleet.FleetStore;
import org.pae.core.fleet.FleetUnavailable;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Criticality;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.HistoryStore;
import org.pae.core.tier.TierStatus;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;
import org.pae.server.state.AnomalyRecord;
import org.pae.server.state.DecisionRecord;
import org.pae.server.state.EngineView;
import org.pae.server.state.SeriesView;
import org.pae.server.state.Snapshot;
import org.pae.server.state.WorkloadView;
import org.pae.server.steer.Directives;
import org.pae.server.steer.LiveSteering;
import org.pae.server.steer.PolicyOverride;

/**
 * The handlers of {@code /api/v1}: reads scoped to the caller's accounts, steering for operators,
 * quotas and tokens for admins. A workload or account the caller holds no role in does not exist
 * for it (404), so tenants learn nothing of each other.
 */
final class Api {
  static final String PRINCIPAL = "pae.principal";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final int MAX_POINTS = 2000;
  private static final Duration LONGEST_DIRECTIVE = Duration.ofDays(366);

  private final EngineView engine;
  private final LiveSteering steering;
  private final TokenStore tokens;
  private final InstantSource clock;
  private final ObjectMapper mapper;
  private final Supplier<Optional<TierStatus>> tiers;
  private final Optional<FleetMember> fleet;

  Api(
      EngineView engine,
      LiveSteering steering,
      TokenStore tokens,
      InstantSource clock,
      ObjectMapper mapper,
      Supplier<Optional<TierStatus>> tiers,
      Optional<FleetMember> fleet) {
    this.tiers = tiers;
    this.fleet = fleet;
    this.engine = engine;
    this.steering = steering;
    this.tokens = tokens;
    this.clock = clock;
    this.mapper = mapper;
  }

  // ---- authentication and scope ----

  void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    Optional<Principal> p = Optional.empty();
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      p = tokens.authenticate(header.substring(7).trim());
    }
    if (p.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"pae\"");
      throw new ApiException(
          401,
          "Unauthorized",
          header == null
              ? "an API token is required: Authorization: Bearer <token>"
              : "the API token is not valid",
          null);
    }
    ctx.attribute(PRINCIPAL, p.get());
  }

  private static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  private Optional<Role> role(Context ctx, AccountId account) {
    return principal(ctx).role(steering.account(account));
  }

  private WorkloadView workload(Context ctx, Role needed) {
    String raw = ctx.pathParam("id");
    WorkloadView v =
        raw.isBlank() ? null : engine.snapshot().workload(WorkloadId.of(raw)).orElse(null);
    Optional<Role> role = v == null ? Optional.empty() : role(ctx, v.workload().account());
    if (role.isEmpty()) {
      throw ApiException.notFound("no workload '" + clip(raw) + "'");
    }
    if (!role.get().includes(needed)) {
      throw ApiException.forbidden(
          "this needs the " + Views.key(needed) + " role in account " + v.workload().account());
    }
    return v;
  }

  private AccountId account(Context ctx, Role needed) {
    String raw = ctx.pathParam("account");
    if (!NAME.matcher(raw).matches()) {
      throw ApiException.notFound("no account '" + clip(raw) + "'");
    }
    AccountId id = new AccountId(raw);
    Optional<Role> role = known(id) ? role(ctx, id) : Optional.empty();
    if (role.isEmpty()) {
      throw ApiException.notFound("no account '" + raw + "'");
    }
    if (!role.get().includes(needed)) {
      throw ApiException.forbidden(
          "this needs the " + Views.key(needed) + " role in account " + id);
    }
    return id;
  }

  private boolean known(AccountId id) {
    return steering.account(id).isPresent()
        || engine.snapshot().workloads().values().stream()
            .anyMatch(v -> v.workload().account().equals(id));
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  // ---- output ----

  void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("response not serialisable", e);
    }
  }

  // ---- reads ----

  void me(Context ctx) {
    Params.only(ctx, Set.of());
    Principal p = principal(ctx);
    List<Object> roles = new ArrayList<>();
    for (AccountId a : visibleAccounts(ctx)) {
      roles.add(obj("account", a.value(), "role", Views.key(role(ctx, a).orElseThrow())));
    }
    json(
        ctx,
        200,
        obj(
            "principal",
            p.name(),
            "everywhere",
            p.everywhere().map(Views::key).orElse(null),
            "roles",
            roles));
  }

  private List<AccountId> visibleAccounts(Context ctx) {
    TreeMap<String, AccountId> ids = new TreeMap<>();
    steering.accounts().forEach(a -> ids.put(a.id().value(), a.id()));
    engine
        .snapshot()
        .workloads()
        .values()
        .forEach(v -> ids.put(v.workload().account().value(), v.workload().account()));
    return ids.values().stream().filter(a -> role(ctx, a).isPresent()).toList();
  }

  void workloads(Context ctx) {
    Params.only(ctx, Set.of("account", "kind", "program", "criticality", "limit", "offset"));
    Optional<String> account = Params.string(ctx, "account");
    Optional<WorkloadKind> kind = Params.string(ctx, "kind").map(k -> Params.kind("kind", k));
    Optional<String> program = Params.string(ctx, "program");
    Optional<Criticality> criticality =
        Params.string(ctx, "criticality").map(c -> Params.criticality("criticality", c));
    int limit = Params.integer(ctx, "limit", 1000, 1, 10000);
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Snapshot s = engine.snapshot();
    Map<AccountId, Boolean> visible = new java.util.HashMap<>();
    List<Object> out = new ArrayList<>();
    int total = 0;
    for (WorkloadView v : s.workloads().values()) {
      var w = v.workload();
      if (!visible.computeIfAbsent(w.account(), a -> role(ctx, a).isPresent())
          || account.filter(a -> !a.equals(w.account().value())).isPresent()
          || kind.filter(k -> k != w.kind()).isPresent()
          || program.filter(p -> !p.equals(w.program().id())).isPresent()
          || criticality.filter(c -> c != w.criticality()).isPresent()) {
        continue;
      }
      if (total >= offset && out.size() < limit) {
        out.add(Views.summary(v, steering.paused(w, now())));
      }
      total++;
    }
    json(ctx, 200, obj("time", Views.time(s.time()), "total", total, "workloads", out));
  }

  void workload(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.VIEWER);
    json(ctx, 200, Views.summary(v, steering.paused(v.workload(), now())));
  }

  void forecast(Context ctx) {
    Params.only(ctx, Set.of("resource"));
    List<Resource> wanted = Params.resources(ctx, "resource");
    WorkloadView v = workload(ctx, Role.VIEWER);
    List<Object> out = new ArrayList<>();
    for (Resource r : wanted) {
      SeriesView s = v.series().get(r);
      if (s != null) {
        out.add(Views.forecast(s));
      }
    }
    json(
        ctx,
        200,
        obj(
            "workload",
            v.workload().id().value(),
            "time",
            Views.time(engine.snapshot().time()),
            "forecasts",
            out));
  }

  void workloadDecisions(Context ctx) {
    Params.only(ctx, Set.of("limit"));
    int limit = Params.integer(ctx, "limit", 50, 1, 1000);
    WorkloadView v = workload(ctx, Role.VIEWER);
    Snapshot s = engine.snapshot();
    List<Object> current = new ArrayList<>();
    for (SeriesView sv : v.series().values()) {
      current.add(
          Views.decision(
              s.time(), v.workload().account().value(), sv.decision(), Optional.empty()));
    }
    List<Object> recent = new ArrayList<>();
    for (DecisionRecord r : v.decisions()) {
      if (recent.size() >= limit) {
        break;
      }
      recent.add(Views.decision(r));
    }
    json(
        ctx, 200, obj("workload", v.workload().id().value(), "current", current, "recent", recent));
  }

  void decisions(Context ctx) {
    Params.only(ctx, Set.of("account", "limit"));
    Optional<String> account = Params.string(ctx, "account");
    int limit = Params.integer(ctx, "limit", 100, 1, 1000);
    Map<AccountId, Boolean> visible = new java.util.HashMap<>();
    List<Object> out = new ArrayList<>();
    for (DecisionRecord r : engine.snapshot().decisions()) {
      if (out.size() >= limit) {
        break;
      }
      if (visible.computeIfAbsent(r.account(), a -> role(ctx, a).isPresent())
          && account.map(a -> a.equals(r.account().value())).orElse(true)) {
        out.add(Views.decision(r));
      }
    }
    json(ctx, 200, obj("decisions", out));
  }

  /**
   * The latest anomalies the viewer's accounts may see, newest first: filtered by workload, kind,
   * state (open or closed), account, and time (those open at some time within [from, to)).
   */
  void anomalies(Context ctx) {
    Params.only(ctx, Set.of("workload", "kind", "state", "account", "from", "to", "limit"));
    Optional<String> workload = Params.string(ctx, "workload");
    Optional<AnomalyKind> kind = Params.string(ctx, "kind").map(k -> Params.anomalyKind("kind", k));
    Optional<Boolean> open =
        Params.string(ctx, "state")
            .map(
                st ->
                    switch (st) {
                      case "open" -> true;
                      case "closed" -> false;
                      default ->
                          throw ApiException.badRequest("state", "state must be open or closed");
                    });
    Optional<String> account = Params.string(ctx, "account");
    Optional<Instant> from = Params.instant(ctx, "from");
    Optional<Instant> to = Params.instant(ctx, "to");
    int limit = Params.integer(ctx, "limit", 100, 1, 1000);
    Map<AccountId, Boolean> visible = new java.util.HashMap<>();
    List<Object> out = new ArrayList<>();
    for (AnomalyRecord r : engine.snapshot().anomalies()) {
      if (out.size() >= limit) {
        break;
      }
      Anomaly a = r.anomaly();
      boolean wanted =
          workload.map(w -> w.equals(a.workload().value())).orElse(true)
              && kind.map(k -> k == a.kind()).orElse(true)
              && open.map(o -> o == a.open()).orElse(true)
              && account.map(x -> x.equals(r.account().value())).orElse(true)
              && to.map(t -> a.start().isBefore(t)).orElse(true)
              && from.map(f -> a.end().map(e -> e.isAfter(f)).orElse(true)).orElse(true);
      if (wanted && visible.computeIfAbsent(r.account(), x -> role(ctx, x).isPresent())) {
        out.add(Views.anomaly(r));
      }
    }
    json(ctx, 200, obj("anomalies", out));
  }

  /**
   * The storage tiers: the host's files, so only for a token with a role everywhere; {@code
   * enabled: false} while {@code storage.tiers} is empty or before the first epoch ends.
   */
  void tiers(Context ctx) {
    Params.only(ctx, Set.of("limit"));
    int limit = Params.integer(ctx, "limit", 50, 1, 200);
    if (principal(ctx).everywhere().isEmpty()) {
      throw ApiException.forbidden(
          "the storage tiers hold the host's files: this needs a role in every account");
    }
    json(ctx, 200, tiers.get().map(t -> Views.tiers(t, limit)).orElse(obj("enabled", false)));
  }

  /**
   * The hosts of this host's fleet as the store knows them: a token with a role everywhere sees
   * them all, another those holding a share of an account it sees. When the store does not answer,
   * {@code reachable: false}, with why, and this host alone.
   */
  void fleetHosts(Context ctx) {
    Params.only(ctx, Set.of());
    if (fleet.isEmpty()) {
      json(ctx, 200, obj("enabled", false, "hosts", List.of()));
      return;
    }
    FleetMember m = fleet.get();
    try {
      Map.Entry<Instant, List<FleetStore.HostView>> hosts = m.store().hosts();
      Set<String> visible = new HashSet<>();
      boolean everywhere = principal(ctx).everywhere().isPresent();
      if (!everywhere) {
        for (FleetStore.ShareView v : m.store().shares()) {
          if (role(ctx, v.pool().account()).isPresent()) {
            visible.add(v.host());
          }
        }
      }
      Instant now = hosts.getKey();
      List<Object> out = new ArrayList<>();
      for (FleetStore.HostView h : hosts.getValue()) {
        if (everywhere || visible.contains(h.host())) {
          out.add(
              obj(
                  "host", h.host(),
                  "heartbeat", h.heartbeat().toString(),
                  "ticks", h.ticks(),
                  "live", !now.isAfter(h.heartbeat().plus(m.lease().length()))));
        }
      }
      json(ctx, 200, fleetHeader(m, true, null).with("time", now.toString()).with("hosts", out));
    } catch (FleetUnavailable e) {
      json(ctx, 200, fleetHeader(m, false, e.getMessage()).with("hosts", List.of()));
    }
  }

  /**
   * Every host's share of every account quota the token sees ({@code account}, {@code resource}
   * narrow it). When the store does not answer, {@code reachable: false}, with why, and this host's
   * shares of its last exchange.
   */
  void fleetShares(Context ctx) {
    Params.only(ctx, Set.of("account", "resource"));
    Optional<String> account = Params.string(ctx, "account");
    Optional<Resource> resource =
        Params.string(ctx, "resource").map(r -> Params.resource("resource", r));
    if (fleet.isEmpty()) {
      json(ctx, 200, obj("enabled", false, "shares", List.of()));
      return;
    }
    FleetMember m = fleet.get();
    List<FleetStore.ShareView> all;
    FleetHeader header;
    try {
      all = m.store().shares();
      header = fleetHeader(m, true, null);
    } catch (FleetUnavailable e) {
      List<FleetStore.ShareView> mine = new ArrayList<>();
      m.grants()
          .forEach(
              (p, g) -> mine.add(new FleetStore.ShareView(m.host(), p, Double.NaN, Double.NaN, g)));
      all = mine;
      header = fleetHeader(m, false, e.getMessage());
    }
    List<Object> out = new ArrayList<>();
    for (FleetStore.ShareView v : all) {
      if (account.map(a -> a.equals(v.pool().account().value())).orElse(true)
          && resource.map(r -> r == v.pool().resource()).orElse(true)
          && role(ctx, v.pool().account()).isPresent()) {
        out.add(Views.share(v));
      }
    }
    json(ctx, 200, header.with("shares", out));
  }

  /** The fields every fleet read starts with. */
  private static FleetHeader fleetHeader(FleetMember m, boolean reachable, String detail) {
    FleetHeader h = new FleetHeader();
    h.put("enabled", true);
    h.put("host", m.host());
    h.put("lease", m.lease().length().toString());
    h.put("reachable", reachable);
    if (detail != null) {
      h.put("detail", detail);
    }
    return h;
  }

  /** A JSON object built field by field, in order. */
  private static final class FleetHeader extends LinkedHashMap<String, Object> {
    FleetHeader with(String key, Object value) {
      put(key, value);
      return this;
    }
  }

  void history(Context ctx) {
    Params.only(ctx, Set.of("resource", "from", "to", "step"));
    Resource r =
        Params.string(ctx, "resource")
            .map(s -> Params.resource("resource", s))
            .orElseThrow(() -> ApiException.badRequest("resource", "resource is required"));
    WorkloadView v = workload(ctx, Role.VIEWER);
    Instant to = Params.instant(ctx, "to").orElse(now().plusMillis(1));
    Instant from = Params.instant(ctx, "from").orElse(to.minus(Duration.ofHours(1)));
    if (!from.isBefore(to)) {
      throw ApiException.invalid("from", "from must be before to");
    }
    Duration step = Params.duration(ctx, "step").orElse(engine.snapshot().interval());
    if (step.isZero() || step.toMillis() < 1) {
      throw ApiException.invalid("step", "step must be positive");
    }
    if (Duration.between(from, to).dividedBy(step) > MAX_POINTS) {
      throw ApiException.invalid(
          "step", "at most " + MAX_POINTS + " points: widen step or narrow from..to");
    }
    List<HistoryStore.Sample> points =
        engine.history().history(new SeriesKey(v.workload().id(), r), from, to, step);
    json(
        ctx,
        200,
        obj(
            "workload", v.workload().id().value(),
            "resource", r.key(),
            "unit", r.unit(),
            "from", from.toString(),
            "to", to.toString(),
            "step", step.toString(),
            "points", points.stream().map(Views::point).toList()));
  }

  void accounts(Context ctx) {
    Params.only(ctx, Set.of());
    Snapshot s = engine.snapshot();
    List<Object> out = new ArrayList<>();
    for (AccountId id : visibleAccounts(ctx)) {
      Map<Resource, double[]> used = new EnumMap<>(Resource.class);
      int count = 0;
      for (WorkloadView v : s.workloads().values()) {
        if (!v.workload().account().equals(id)) {
          continue;
        }
        count++;
        if (v.workload().parent().isPresent()) {
          continue;
        }
        for (SeriesView sv : v.series().values()) {
          double[] t = used.computeIfAbsent(sv.resource(), k -> new double[2]);
          t[0] += sv.allocation();
          t[1] += sv.usage().orElse(0);
        }
      }
      Map<String, Object> allocated = new LinkedHashMap<>();
      Map<String, Object> usage = new LinkedHashMap<>();
      used.forEach(
          (r, t) -> {
            allocated.put(r.key(), t[0]);
            usage.put(r.key(), t[1]);
          });
      Account a = steering.account(id).orElse(Account.unlimited(id));
      out.add(
          obj(
              "id",
              id.value(),
              "role",
              Views.key(role(ctx, id).orElseThrow()),
              "workloads",
              count,
              "quotas",
              Views.quotas(a),
              "allocated",
              allocated,
              "usage",
              usage));
    }
    json(ctx, 200, obj("accounts", out));
  }

  // ---- steering ----

  private static final Set<String> POLICY_FIELDS =
      Set.of(
          "resource",
          "threshold",
          "reductionThreshold",
          "headroom",
          "riskBudget",
          "leadTime",
          "min",
          "max");

  /** The body, which may be absent (an empty object then). */
  private Body body(Context ctx, Set<String> allowed) {
    return Body.parse(mapper, ctx.contentType(), ctx.bodyAsBytes(), allowed, false);
  }

  /** The body, which must be there. */
  private Body requiredBody(Context ctx, Set<String> allowed) {
    return Body.parse(mapper, ctx.contentType(), ctx.bodyAsBytes(), allowed, true);
  }

  private static PolicyOverride override(Body b) {
    return new PolicyOverride(
        b.number("threshold").orElse(null),
        b.number("reductionThreshold").orElse(null),
        b.number("headroom").orElse(null),
        b.number("riskBudget").orElse(null),
        b.seconds("leadTime").orElse(null),
        b.number("min").orElse(null),
        b.number("max").orElse(null));
  }

  void steeringOf(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.VIEWER);
    steeringView(ctx, 200, v);
  }

  private void steeringView(Context ctx, int status, WorkloadView v) {
    var w = v.workload();
    Map<String, Object> m = Views.directives(steering.directives(w.id()).at(now()));
    List<Object> workloadPolicy = new ArrayList<>();
    steering.overrides(w.id()).forEach((r, o) -> workloadPolicy.add(Views.policy(r, o)));
    List<Object> accountPolicy = new ArrayList<>();
    steering.overrides(w.account()).forEach((r, o) -> accountPolicy.add(Views.policy(r, o)));
    Map<String, Object> out = obj("workload", w.id().value(), "account", w.account().value());
    out.put("policy", workloadPolicy);
    out.put("accountPolicy", accountPolicy);
    out.putAll(m);
    json(ctx, status, out);
  }

  void setWorkloadPolicy(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    Body b = body(ctx, POLICY_FIELDS);
    PolicyOverride o = override(b);
    steering.setPolicy(
        v.workload().account(), Optional.of(v.workload().id()), b.resource("resource"), o);
    steeringView(ctx, 200, v);
  }

  void setAccountPolicy(Context ctx) {
    Params.only(ctx, Set.of());
    AccountId id = account(ctx, Role.OPERATOR);
    Body b = body(ctx, POLICY_FIELDS);
    PolicyOverride o = override(b);
    steering.setPolicy(id, Optional.empty(), b.resource("resource"), o);
    List<Object> policy = new ArrayList<>();
    steering.overrides(id).forEach((r, p) -> policy.add(Views.policy(r, p)));
    json(ctx, 200, obj("account", id.value(), "policy", policy));
  }

  /** {@code until}, or now + {@code ttl} seconds: in the future, within a year. */
  private Instant until(Body b, boolean required) {
    Optional<Instant> until = b.instant("until");
    Optional<Duration> ttl = b.seconds("ttl");
    if (until.isPresent() && ttl.isPresent()) {
      throw ApiException.badRequest("ttl", "give until or ttl, not both");
    }
    Instant now = now();
    Instant t = until.orElse(ttl.map(now::plus).orElse(null));
    if (t == null) {
      if (required) {
        throw ApiException.badRequest("until", "until (a time) or ttl (seconds) is required");
      }
      return null;
    }
    String field = until.isPresent() ? "until" : "ttl";
    if (!t.isAfter(now)) {
      throw ApiException.invalid(field, field + " must lie in the future");
    }
    if (t.isAfter(now.plus(LONGEST_DIRECTIVE))) {
      throw ApiException.invalid(field, field + " must lie within a year");
    }
    return t;
  }

  void addPin(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    Body b = requiredBody(ctx, Set.of("resource", "allocation", "until", "ttl"));
    Resource r = b.requiredResource("resource");
    double allocation = nonNegative(b, "allocation");
    steering.checkAllocation(v.workload(), r, "allocation", allocation);
    Instant until = until(b, true);
    steering.add(
        v.workload().id(),
        now(),
        id -> {
          Directives.Pin pin = new Directives.Pin(id, r, allocation, until);
          return d -> d.with(pin);
        });
    steeringView(ctx, 201, v);
  }

  private static double nonNegative(Body b, String field) {
    double d = b.requiredNumber(field);
    if (d < 0) {
      throw ApiException.invalid(field, field + " must be >= 0");
    }
    return d;
  }

  void addHint(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    Body b = requiredBody(ctx, Set.of("resource", "from", "until", "factor"));
    Optional<Resource> r = b.resource("resource");
    Instant from = b.requiredInstant("from");
    Instant until = b.requiredInstant("until");
    double factor = b.requiredNumber("factor");
    checkWindow(from, until);
    steering.add(
        v.workload().id(),
        now(),
        id -> {
          Directives.Hint hint = Directives.Hint.of(id, r, from, until, factor);
          return d -> d.with(hint);
        });
    steeringView(ctx, 201, v);
  }

  private void checkWindow(Instant from, Instant until) {
    if (!until.isAfter(from)) {
      throw ApiException.invalid("until", "until must be after from");
    }
    if (!until.isAfter(now())) {
      throw ApiException.invalid("until", "until must lie in the future");
    }
    if (until.isAfter(now().plus(LONGEST_DIRECTIVE))) {
      throw ApiException.invalid("until", "until must lie within a year");
    }
  }

  void addPreAllocation(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    Body b = requiredBody(ctx, Set.of("resource", "allocation", "from", "until"));
    Resource r = b.requiredResource("resource");
    double allocation = nonNegative(b, "allocation");
    steering.checkAllocation(v.workload(), r, "allocation", allocation);
    Instant from = b.requiredInstant("from");
    Instant until = b.requiredInstant("until");
    checkWindow(from, until);
    if (v.workload().criticality() != Criticality.CRITICAL) {
      throw new ApiException(
          409,
          "Not a critical workload",
          "pre-allocation is for critical workloads; "
              + v.workload().id()
              + " is "
              + Views.key(v.workload().criticality()),
          null);
    }
    steering.add(
        v.workload().id(),
        now(),
        id -> {
          Directives.PreAllocation p = new Directives.PreAllocation(id, r, allocation, from, until);
          return d -> d.with(p);
        });
    steeringView(ctx, 201, v);
  }

  void removeDirective(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    String kind = ctx.pathParam("kind");
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("directive"));
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("directive", "a directive id is an integer");
    }
    Directives d = steering.directives(v.workload().id()).at(now());
    boolean found =
        switch (kind) {
          case "pins" -> d.pins().stream().anyMatch(p -> p.id() == id);
          case "hints" -> d.hints().stream().anyMatch(h -> h.id() == id);
          case "preallocations" -> d.preAllocations().stream().anyMatch(p -> p.id() == id);
          default -> throw ApiException.notFound("no such directive kind '" + clip(kind) + "'");
        };
    if (!found) {
      throw ApiException.notFound(
          "no " + kind + " entry " + id + " on workload " + v.workload().id());
    }
    steering.change(v.workload().id(), now(), x -> x.without(id));
    ctx.status(204);
  }

  void pause(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    Body b = body(ctx, Set.of("until", "ttl"));
    Optional<Instant> until = Optional.ofNullable(until(b, false));
    steering.change(
        v.workload().id(), now(), d -> d.paused(Optional.of(new Directives.Pause(until))));
    steeringView(ctx, 200, v);
  }

  void resume(Context ctx) {
    Params.only(ctx, Set.of());
    WorkloadView v = workload(ctx, Role.OPERATOR);
    body(ctx, Set.of());
    steering.change(v.workload().id(), now(), d -> d.paused(Optional.empty()));
    steeringView(ctx, 200, v);
  }

  // ---- administration ----

  void setQuotas(Context ctx) {
    Params.only(ctx, Set.of());
    AccountId id = account(ctx, Role.ADMIN);
    Set<String> keys = new java.util.HashSet<>();
    for (Resource r : Resource.values()) {
      keys.add(r.key());
    }
    Body b = requiredBody(ctx, keys);
    Map<Resource, Double> changes = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      JsonNode n = b.node(r.key());
      if (n == null) {
        continue;
      }
      if (n.isNull()) {
        changes.put(r, null);
      } else {
        changes.put(r, nonNegative(b, r.key()));
      }
    }
    Account a = steering.setQuotas(id, changes);
    json(ctx, 200, obj("account", id.value(), "quotas", Views.quotas(a)));
  }

  void issueToken(Context ctx) {
    Params.only(ctx, Set.of());
    Principal issuer = principal(ctx);
    Body b = requiredBody(ctx, Set.of("principal", "roles"));
    String name = b.string("principal").orElseThrow(() -> Body.missing("principal"));
    if (!NAME.matcher(name).matches()) {
      throw ApiException.invalid("principal", "principal must match " + NAME.pattern());
    }
    JsonNode roles = b.node("roles");
    if (roles == null || !roles.isObject() || roles.isEmpty()) {
      throw ApiException.badRequest("roles", "roles must be an object of account: role, not empty");
    }
    Map<AccountId, Role> grants = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = roles.fields(); it.hasNext(); ) {
      var e = it.next();
      String field = "roles." + clip(e.getKey());
      if (!NAME.matcher(e.getKey()).matches()) {
        throw ApiException.invalid(field, "an account name must match " + NAME.pattern());
      }
      if (!e.getValue().isTextual()) {
        throw ApiException.badRequest(field, field + " must be a role: viewer, operator, admin");
      }
      grants.put(new AccountId(e.getKey()), Params.role(field, e.getValue().textValue()));
    }
    for (AccountId a : grants.keySet()) {
      if (!issuer.role(steering.account(a)).map(r -> r.includes(Role.ADMIN)).orElse(false)) {
        throw ApiException.forbidden(
            "issuing a token in account " + a + " needs the admin role there");
      }
    }
    if (tokens.holdsEverywhere(name)) {
      throw ApiException.forbidden("principal " + name + " is reserved");
    }
    // The token holds this grant and no more: the same name granted elsewhere, by another admin,
    // before or after, neither widens it nor is widened by it.
    grants.forEach((a, r) -> steering.grant(a, name, r));
    String token = tokens.issue(Principal.granted(name, grants));
    Map<String, Object> granted = new LinkedHashMap<>();
    grants.forEach((a, r) -> granted.put(a.value(), Views.key(r)));
    json(ctx, 201, obj("principal", name, "token", token, "roles", granted));
  }

  private Instant now() {
    return clock.instant();
  }
}
