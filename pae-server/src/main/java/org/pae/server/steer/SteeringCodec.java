package org.pae.server.steer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;

/**
 * What {@link LiveSteering} keeps in the {@link org.pae.core.ports.OperatorState} as JSON texts:
 * accounts (quotas and roles), policy overrides and directives. Times are ISO-8601 instants, so an
 * expired pin or hint read back is as expired as it was.
 */
final class SteeringCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SteeringCodec() {}

  static String account(Account a) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode q = n.putObject("quotas");
    a.quotas().forEach((r, v) -> q.put(r.key(), v));
    ObjectNode roles = n.putObject("roles");
    a.roles().forEach((p, r) -> roles.put(p, r.name()));
    return n.toString();
  }

  static Account account(AccountId id, String text) {
    JsonNode n = read(text);
    Map<Resource, Double> quotas = new EnumMap<>(Resource.class);
    n.path("quotas")
        .properties()
        .forEach(e -> quotas.put(Resource.parse(e.getKey()), e.getValue().doubleValue()));
    Map<String, Role> roles = new HashMap<>();
    n.path("roles")
        .properties()
        .forEach(e -> roles.put(e.getKey(), Role.valueOf(e.getValue().textValue())));
    return new Account(id, quotas, roles);
  }

  static String policy(PolicyOverride o) {
    ObjectNode n = JSON.createObjectNode();
    putNumber(n, "threshold", o.threshold());
    putNumber(n, "reductionThreshold", o.reductionThreshold());
    putNumber(n, "headroom", o.headroom());
    putNumber(n, "riskBudget", o.riskBudget());
    if (o.leadTime() != null) {
      n.put("leadTime", o.leadTime().toString());
    }
    putNumber(n, "min", o.min());
    putNumber(n, "max", o.max());
    return n.toString();
  }

  static PolicyOverride policy(String text) {
    JsonNode n = read(text);
    return new PolicyOverride(
        number(n, "threshold"),
        number(n, "reductionThreshold"),
        number(n, "headroom"),
        number(n, "riskBudget"),
        n.hasNonNull("leadTime") ? Duration.parse(n.get("leadTime").textValue()) : null,
        number(n, "min"),
        number(n, "max"));
  }

  static String directives(Directives d) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode pins = n.putArray("pins");
    for (Directives.Pin p : d.pins()) {
      pins.addObject()
          .put("id", p.id())
          .put("resource", p.resource().key())
          .put("allocation", p.allocation())
          .put("until", p.until().toString());
    }
    ArrayNode hints = n.putArray("hints");
    for (Directives.Hint h : d.hints()) {
      ObjectNode o = hints.addObject().put("id", h.id());
      h.event().resource().ifPresent(r -> o.put("resource", r.key()));
      o.put("from", h.window().from().toString())
          .put("until", h.window().until().toString())
          .put("factor", h.event().factor());
    }
    ArrayNode pre = n.putArray("preAllocations");
    for (Directives.PreAllocation p : d.preAllocations()) {
      pre.addObject()
          .put("id", p.id())
          .put("resource", p.resource().key())
          .put("allocation", p.allocation())
          .put("from", p.from().toString())
          .put("until", p.until().toString());
    }
    d.pause()
        .ifPresent(
            p -> {
              ObjectNode o = n.putObject("pause");
              p.until().ifPresent(u -> o.put("until", u.toString()));
            });
    return n.toString();
  }

  static Directives directives(String text) {
    JsonNode n = read(text);
    List<Directives.Pin> pins = new ArrayList<>();
    for (JsonNode p : n.path("pins")) {
      pins.add(
          new Directives.Pin(
              p.get("id").longValue(),
              Resource.parse(p.get("resource").textValue()),
              p.get("allocation").doubleValue(),
              Instant.parse(p.get("until").textValue())));
    }
    List<Directives.Hint> hints = new ArrayList<>();
    for (JsonNode h : n.path("hints")) {
      hints.add(
          Directives.Hint.of(
              h.get("id").longValue(),
              Optional.ofNullable(h.get("resource")).map(r -> Resource.parse(r.textValue())),
              Instant.parse(h.get("from").textValue()),
              Instant.parse(h.get("until").textValue()),
              h.get("factor").doubleValue()));
    }
    List<Directives.PreAllocation> pre = new ArrayList<>();
    for (JsonNode p : n.path("preAllocations")) {
      pre.add(
          new Directives.PreAllocation(
              p.get("id").longValue(),
              Resource.parse(p.get("resource").textValue()),
              p.get("allocation").doubleValue(),
              Instant.parse(p.get("from").textValue()),
              Instant.parse(p.get("until").textValue())));
    }
    Optional<Directives.Pause> pause =
        n.has("pause")
            ? Optional.of(
                new Directives.Pause(
                    Optional.ofNullable(n.get("pause").get("until"))
                        .map(u -> Instant.parse(u.textValue()))))
            : Optional.empty();
    return new Directives(pins, hints, pre, pause);
  }

  private static void putNumber(ObjectNode n, String field, Double v) {
    if (v != null) {
      n.put(field, v);
    }
  }

  private static Double number(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).doubleValue() : null;
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
