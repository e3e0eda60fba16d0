package org.pae.server.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.pae.core.allocate.Cap;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Reason;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.fleet.FleetStore;
import org.pae.core.forecast.Forecast;
import org.pae.core.model.Account;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.ports.HistoryStore;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierStatus;
import org.pae.server.state.AnomalyRecord;
import org.pae.server.state.DecisionRecord;
import org.pae.server.state.SeriesView;
import org.pae.server.state.WorkloadView;
import org.pae.server.steer.Directives;
import org.pae.server.steer.PolicyOverride;

/** The JSON shapes of the API (see openapi.yaml), built from the engine's values. */
final class Views {
  private Views() {}

  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static Double num(double d) {
    return Double.isFinite(d) ? d : null;
  }

  static Double num(OptionalDouble d) {
    return d.isPresent() ? num(d.getAsDouble()) : null;
  }

  static String key(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  static Map<String, Object> anomaly(AnomalyRecord r) {
    Anomaly a = r.anomaly();
    List<String> resources = new ArrayList<>();
    a.resources().forEach(x -> resources.add(x.key()));
    return obj(
        "id", a.id(),
        "workload", a.workload().value(),
        "account", r.account().value(),
        "kind", a.kind().key(),
        "resources", resources,
        "start", time(a.start()),
        "end", a.end().map(Views::time).orElse(null),
        "open", a.open(),
        "score", num(a.score()),
        "band",
            a.band()
                .map(
                    b -> obj("low", num(b.low()), "median", num(b.median()), "high", num(b.high())))
                .orElse(null),
        "evidence", a.evidence(),
        "text", a.explain());
  }

  static Map<String, Object> workload(Workload w) {
    return obj(
        "id", w.id().value(),
        "kind", key(w.kind()),
        "parent", w.parent().map(p -> p.value()).orElse(null),
        "program", w.program().id(),
        "account", w.account().value(),
        "criticality", key(w.criticality()));
  }

  static Map<String, Object> summary(WorkloadView v, boolean paused) {
    Map<String, Object> m = workload(v.workload());
    m.put("name", v.name());
    m.put("paused", paused);
    List<Object> series = new ArrayList<>();
    v.series().values().forEach(s -> series.add(series(s)));
    m.put("series", series);
    return m;
  }

  static Map<String, Object> series(SeriesView s) {
    return obj(
        "resource", s.resource().key(),
        "unit", s.resource().unit(),
        "usage", num(s.usage()),
        "allocation", num(s.allocation()),
        "forecast", num(s.predicted()),
        "risk", num(s.risk()),
        "savings", num(s.savings()),
        "decision", key(s.decision() instanceof Decision.Resize ? Kind.RESIZE : Kind.HOLD),
        "reason", s.decision().reason().explain(),
        "warmUpLeft", s.warmUpLeft().map(d -> d.toMillis() / 1000.0).orElse(null));
  }

  enum Kind {
    HOLD,
    RESIZE
  }

  static Map<String, Object> forecast(SeriesView s) {
    Map<String, Object> m = obj("resource", s.resource().key(), "unit", s.resource().unit());
    if (s.forecast().isEmpty()) {
      m.put("model", null);
      m.put("horizons", List.of());
      return m;
    }
    Forecast f = s.forecast().get();
    m.put("model", f.model());
    List<Object> horizons = new ArrayList<>();
    for (int h = 0; h < f.horizons().size(); h++) {
      Duration d = f.horizons().get(h);
      List<Object> qs = new ArrayList<>();
      for (int i = 0; i < f.levels().length; i++) {
        qs.add(obj("level", f.levels()[i], "value", num(f.values()[h][i])));
      }
      horizons.add(obj("horizon", d.toString(), "seconds", d.toMillis() / 1000.0, "quantiles", qs));
    }
    m.put("horizons", horizons);
    return m;
  }

  static Map<String, Object> decision(
      Instant time, String account, Decision d, Optional<org.pae.core.ports.Actuation> a) {
    boolean resize = d instanceof Decision.Resize;
    return obj(
        "time", time(time),
        "workload", d.series().workload().value(),
        "account", account,
        "resource", d.series().resource().key(),
        "kind", resize ? "resize" : "hold",
        "from", num(resize ? ((Decision.Resize) d).from() : d.allocation()),
        "to", num(d.allocation()),
        "reason", reason(d.reason()),
        "actuation", a.map(x -> obj("status", key(x.status()), "detail", x.detail())).orElse(null));
  }

  static Map<String, Object> decision(DecisionRecord r) {
    return decision(r.time(), r.account().value(), r.decision(), r.actuation());
  }

  static Map<String, Object> reason(Reason r) {
    List<String> caps = new ArrayList<>();
    for (Cap c : Cap.values()) {
      if (r.caps().contains(c)) {
        caps.add(key(c));
      }
    }
    return obj(
        "text", r.explain(),
        "rule", key(r.rule()),
        "usage", num(r.usage()),
        "evidence", r.evidence().map(Views::evidence).orElse(null),
        "caps", caps);
  }

  static Map<String, Object> evidence(Evidence e) {
    return obj(
        "model", e.model(),
        "horizon", e.horizon().toString(),
        "quantile", e.quantile(),
        "predicted", num(e.predicted()));
  }

  static Map<String, Object> point(HistoryStore.Sample p) {
    return obj(
        "time", time(p.time()),
        "usageMean", num(p.usage()),
        "usageMax", num(p.peak()),
        "allocation", num(p.allocation()),
        "samples", p.samples());
  }

  static Map<String, Object> quotas(Account a) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Resource r : Resource.values()) {
      a.quota(r).ifPresent(q -> m.put(r.key(), q));
    }
    return m;
  }

  static Map<String, Object> policy(Resource r, PolicyOverride o) {
    return obj(
        "resource", r == null ? null : r.key(),
        "threshold", o.threshold(),
        "reductionThreshold", o.reductionThreshold(),
        "headroom", o.headroom(),
        "riskBudget", o.riskBudget(),
        "leadTime", o.leadTime() == null ? null : o.leadTime().toMillis() / 1000.0,
        "min", o.min(),
        "max", o.max() == null || o.max().isInfinite() ? null : o.max());
  }

  static Map<String, Object> directives(Directives d) {
    return obj(
        "paused", d.pause().isPresent(),
        "pausedUntil", d.pause().flatMap(Directives.Pause::until).map(Views::time).orElse(null),
        "pins",
            d.pins().stream()
                .map(
                    p ->
                        obj(
                            "id", p.id(),
                            "resource", p.resource().key(),
                            "allocation", p.allocation(),
                            "until", time(p.until())))
                .toList(),
        "hints",
            d.hints().stream()
                .map(
                    h ->
                        obj(
                            "id", h.id(),
                            "resource", h.event().resource().map(Resource::key).orElse(null),
                            "from", time(h.window().from()),
                            "until", time(h.window().until()),
                            "factor", h.event().factor()))
                .toList(),
        "preAllocations",
            d.preAllocations().stream()
                .map(
                    p ->
                        obj(
                            "id", p.id(),
                            "resource", p.resource().key(),
                            "allocation", p.allocation(),
                            "from", time(p.from()),
                            "until", time(p.until())))
                .toList());
  }

  /** The storage tiers: occupancy and served share per tier, the latest moves with reasons. */
  static Map<String, Object> tiers(TierStatus t, int limit) {
    long served = t.served().values().stream().mapToLong(Long::longValue).sum();
    List<Object> tiers = new java.util.ArrayList<>();
    for (Tier tier : Tier.values()) {
      long s = t.served().getOrDefault(tier, 0L);
      tiers.add(
          obj(
              "tier",
              tier.key(),
              "files",
              t.files().getOrDefault(tier, 0),
              "capacity",
              switch (tier) {
                case HOT -> t.capacities().hot();
                case WARM -> t.capacities().warm();
                case COLD -> null;
              },
              "served",
              s,
              "servedShare",
              served == 0 ? null : (double) s / served));
    }
    List<Object> moves = new java.util.ArrayList<>();
    for (TierStatus.MoveRecord r : t.moves().subList(0, Math.min(limit, t.moves().size()))) {
      var m = r.move();
      moves.add(
          obj(
              "time", time(r.time()),
              "file", m.file(),
              "from", m.from().key(),
              "to", m.to().key(),
              "predictedRate", num(m.predictedRate()),
              "payRate", num(m.payRate()),
              "model", m.model(),
              "outcome", key(r.outcome()),
              "detail", r.detail()));
    }
    return obj(
        "enabled", true,
        "time", time(t.time()),
        "epoch", t.epoch(),
        "policy", t.policy(),
        "enforce", t.enforce(),
        "tiers", tiers,
        "moves", moves);
  }

  /** One host's share of one account quota; what is unknown (NaN) is left out. */
  static Map<String, Object> share(FleetStore.ShareView v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("host", v.host());
    out.put("account", v.pool().account().value());
    out.put("resource", v.pool().resource().key());
    out.put("quota", v.grant().quota());
    if (!Double.isNaN(v.desired())) {
      out.put("desired", v.desired());
    }
    if (!Double.isNaN(v.held())) {
      out.put("held", v.held());
    }
    out.put("target", v.grant().target());
    out.put("usable", v.grant().usable());
    out.put("recorded", v.grant().recorded());
    return out;
  }
}
