package org.pae.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;

/**
 * A request body: a JSON object whose members are checked one by one, so that every refusal names
 * the member at fault. Unknown members are refused (a typo must not be silently ignored).
 */
final class Body {
  /** The largest body accepted; steering requests are a few hundred bytes. */
  static final int MAX_BYTES = 16 * 1024;

  private final JsonNode node;

  private Body(JsonNode node) {
    this.node = node;
  }

  /** Parses {@code bytes} as a JSON object with members among {@code allowed}. */
  static Body parse(
      ObjectMapper mapper,
      String contentType,
      byte[] bytes,
      Set<String> allowed,
      boolean required) {
    if (bytes.length > MAX_BYTES) {
      throw new ApiException(
          413, "Body too large", "a body may hold at most " + MAX_BYTES + " bytes", null);
    }
    if (bytes.length == 0) {
      if (required) {
        throw ApiException.badRequest(null, "a JSON body is required");
      }
      return new Body(mapper.createObjectNode());
    }
    if (contentType == null
        || !contentType
            .split(";", 2)[0]
            .trim()
            .toLowerCase(java.util.Locale.ROOT)
            .equals("application/json")) {
      throw new ApiException(
          415, "Unsupported media type", "the body must be application/json", null);
    }
    JsonNode n;
    try {
      n = mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiException.badRequest(null, "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiException.badRequest(null, "the body could not be read");
    }
    if (n == null || n.isMissingNode() || n.isNull()) {
      throw ApiException.badRequest(null, "the body must be a JSON object");
    }
    if (!n.isObject()) {
      throw ApiException.badRequest(null, "the body must be a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(
            clip(name),
            "unknown member '"
                + clip(name)
                + "'; allowed: "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return new Body(n);
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }

  Optional<Double> number(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isNumber()) {
      throw ApiException.badRequest(name, name + " must be a number");
    }
    double d = v.doubleValue();
    if (!Double.isFinite(d)) {
      throw ApiException.invalid(name, name + " must be finite");
    }
    return Optional.of(d);
  }

  double requiredNumber(String name) {
    return number(name).orElseThrow(() -> missing(name));
  }

  Optional<String> string(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(name, name + " must be a string");
    }
    return Optional.of(v.textValue());
  }

  Optional<Resource> resource(String name) {
    return string(name).map(s -> Params.resource(name, s));
  }

  Resource requiredResource(String name) {
    return resource(name).orElseThrow(() -> missing(name));
  }

  Optional<Instant> instant(String name) {
    return string(name).map(s -> Params.instant(name, s));
  }

  Instant requiredInstant(String name) {
    return instant(name).orElseThrow(() -> missing(name));
  }

  /** A duration in seconds (a number), {@code >= 0}. */
  Optional<Duration> seconds(String name) {
    return number(name)
        .map(
            s -> {
              if (s < 0 || s > 366 * 86400.0) {
                throw ApiException.invalid(name, name + " must be in [0, 31622400] seconds");
              }
              return Duration.ofMillis(Math.round(s * 1000));
            });
  }

  Optional<Role> role(String name) {
    return string(name).map(s -> Params.role(name, s));
  }

  JsonNode node(String name) {
    return node.get(name);
  }

  static ApiException missing(String name) {
    return ApiException.badRequest(name, name + " is required");
  }
}
