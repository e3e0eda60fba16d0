package org.pae.server.api;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.pae.core.anomaly.AnomalyKind;
import org.pae.core.model.Criticality;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;
import org.pae.core.model.WorkloadKind;

/** Query and path parameters, each checked and named when wrong. */
final class Params {
  private Params() {}

  /** Refuses query parameters other than {@code allowed}, and any given twice. */
  static void only(Context ctx, Set<String> allowed) {
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              if (!allowed.contains(name)) {
                String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
                throw ApiException.badRequest(
                    shown,
                    "unknown query parameter '"
                        + shown
                        + "'"
                        + (allowed.isEmpty()
                            ? ""
                            : "; allowed: "
                                + String.join(", ", allowed.stream().sorted().toList())));
              }
              if (values.size() > 1) {
                throw ApiException.badRequest(name, name + " may be given once");
              }
            });
  }

  static Optional<String> string(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  static int integer(Context ctx, String name, int fallback, int min, int max) {
    Optional<String> v = string(ctx, name);
    if (v.isEmpty()) {
      return fallback;
    }
    int i;
    try {
      i = Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, name + " must be an integer");
    }
    if (i < min || i > max) {
      throw ApiException.invalid(name, name + " must be in [" + min + ", " + max + "]");
    }
    return i;
  }

  static Optional<Instant> instant(Context ctx, String name) {
    return string(ctx, name).map(s -> instant(name, s));
  }

  /** The earliest and latest times the API takes: years 0 to 9999, as RFC 3339 writes them. */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /** The longest duration the API takes: as many seconds as {@link #duration} accepts. */
  private static final Duration LONGEST = Duration.ofSeconds(1_000_000_000);

  static Instant instant(String name, String value) {
    Instant t;
    try {
      t = Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          name, name + " must be an RFC 3339 time such as 2026-01-01T00:00:00Z");
    }
    if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
      // Beyond these, epoch milliseconds overflow and an hour before is no time at all.
      throw ApiException.badRequest(name, name + " must lie within the years 0000 to 9999");
    }
    return t;
  }

  /** A duration as seconds ({@code 60}) or ISO-8601 ({@code PT1M}). */
  static Optional<Duration> duration(Context ctx, String name) {
    return string(ctx, name)
        .map(
            s -> {
              try {
                if (s.startsWith("P") || s.startsWith("p")) {
                  Duration d = Duration.parse(s);
                  if (d.isNegative() || d.compareTo(LONGEST) > 0) {
                    throw ApiException.badRequest(
                        name, name + " must be between 0 and " + LONGEST.getSeconds() + " seconds");
                  }
                  return d;
                }
                double secs = Double.parseDouble(s);
                if (!(secs >= 0) || secs > 1e9) {
                  throw ApiException.invalid(name, name + " must be >= 0 seconds");
                }
                return Duration.ofMillis(Math.round(secs * 1000));
              } catch (DateTimeParseException | NumberFormatException e) {
                throw ApiException.badRequest(
                    name, name + " must be seconds (60) or an ISO-8601 duration (PT1M)");
              }
            });
  }

  static Resource resource(String name, String value) {
    for (Resource r : Resource.values()) {
      if (r.key().equals(value)) {
        return r;
      }
    }
    throw ApiException.badRequest(
        name, name + " must be one of memory, cpu, disk_io, network, gpu");
  }

  static Role role(String name, String value) {
    return parse(Role.class, name, value, "viewer, operator, admin");
  }

  static WorkloadKind kind(String name, String value) {
    return parse(WorkloadKind.class, name, value, "vm, container, process, device");
  }

  static Criticality criticality(String name, String value) {
    return parse(Criticality.class, name, value, "best_effort, normal, critical");
  }

  static AnomalyKind anomalyKind(String name, String value) {
    return parse(
        AnomalyKind.class,
        name,
        value,
        "spike, level_shift, leak, mining_or_exfiltration, disk_surge, profile_change");
  }

  private static <E extends Enum<E>> E parse(
      Class<E> type, String name, String value, String allowed) {
    // Exactly as the contract writes them, in lower case: VIEWER or best-effort are refused.
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
        return e;
      }
    }
    throw ApiException.badRequest(name, name + " must be one of " + allowed);
  }

  static List<Resource> resources(Context ctx, String name) {
    return string(ctx, name)
        .map(s -> List.of(resource(name, s)))
        .orElse(List.of(Resource.values()));
  }
}
