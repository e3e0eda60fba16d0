package org.pae.server.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.pae.core.model.Role;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;
import org.pae.server.demo.SyntheticFleet;

/**
 * A real engine (the ControlLoop over a synthetic fleet) behind a real server on a free loopback
 * port, with tokens for each role: what every API test talks to.
 */
final class Fixture implements AutoCloseable {
  static final Instant START = Instant.parse("2026-03-02T08:00:00Z");

  final SyntheticFleet fleet;
  final TokenStore tokens = new TokenStore();
  final ApiServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String admin;
  final String acmeViewer;
  final String acmeOperator;
  final String globexOperator;
  final org.pae.core.tier.TierStatus tiers;

  /** The two tenants' fleet of {@code workloads}, after {@code ticks}. */
  Fixture(int workloads, int ticks) {
    this(new SyntheticFleet(workloads, 42, START, 720), ticks);
    fleet.steering().grant(SyntheticFleet.ACME, "ann", Role.VIEWER);
    fleet.steering().grant(SyntheticFleet.ACME, "otto", Role.OPERATOR);
    fleet.steering().grant(SyntheticFleet.GLOBEX, "gus", Role.OPERATOR);
  }

  /** Any fleet after {@code ticks}; only {@link #admin} sees a fleet without the two tenants. */
  Fixture(SyntheticFleet fleet, int ticks) {
    this.fleet = fleet;
    fleet.advance(ticks);
    admin = tokens.issue(new Principal("root", Optional.of(Role.ADMIN)));
    acmeViewer = tokens.issue(Principal.granted("ann", Map.of(SyntheticFleet.ACME, Role.VIEWER)));
    acmeOperator =
        tokens.issue(Principal.granted("otto", Map.of(SyntheticFleet.ACME, Role.OPERATOR)));
    globexOperator =
        tokens.issue(Principal.granted("gus", Map.of(SyntheticFleet.GLOBEX, Role.OPERATOR)));
    tiers = TierFixture.status(fleet.now());
    fleet.metrics().tierEpoch(tiers);
    server =
        new ApiServer(
                fleet.live(),
                fleet.steering(),
                tokens,
                fleet.metrics(),
                fleet::now,
                () -> Optional.of(tiers))
            .start("127.0.0.1", 0);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  String workloadOf(org.pae.core.model.AccountId account, org.pae.core.model.Criticality c) {
    return fleet.workloads().stream()
        .filter(w -> w.account().equals(account) && w.criticality() == c)
        .findFirst()
        .orElseThrow()
        .id()
        .value();
  }

  record Reply(
      int status, String contentType, String body, Map<String, java.util.List<String>> headers) {}

  /**
   * Sends one request. After refusing a malformed one (a bad URI, a body it does not read) Jetty
   * may close the connection, which the JDK client can already have picked for the next request:
   * that request is sent again, up to twice, by a new client, whose pool holds no connection yet.
   */
  Reply send(String method, String path, String token, String contentType, String body) {
    try {
      return sendOnce(http, method, path, token, contentType, body);
    } catch (java.io.UncheckedIOException first) {
      for (int attempt = 2; ; attempt++) {
        try (HttpClient fresh =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
          return sendOnce(fresh, method, path, token, contentType, body);
        } catch (java.io.UncheckedIOException e) {
          if (attempt == 3) {
            throw e;
          }
        }
      }
    }
  }

  private Reply sendOnce(
      HttpClient client,
      String method,
      String path,
      String token,
      String contentType,
      String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.body(),
          r.headers().map());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  Reply json(String method, String path, String token, String body) {
    return send(method, path, token, "application/json", body);
  }

  @Override
  public void close() {
    server.close();
  }
}
