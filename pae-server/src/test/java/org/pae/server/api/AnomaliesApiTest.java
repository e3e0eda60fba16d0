package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.anomaly.AnomalyKind;
import org.pae.core.anomaly.Band;
import org.pae.core.config.SettingsSource;
import org.pae.core.engine.Engine;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;
import org.pae.server.metrics.EngineMetrics;
import org.pae.server.state.LiveState;
import org.pae.server.steer.LiveSteering;

/**
 * {@code GET /api/v1/anomalies} and the anomaly metrics, on the real server and state, after two
 * ticks that found a leak in one tenant's workload (still open) and a spike in the other's (open at
 * the first tick, closed at the second).
 */
class AnomaliesApiTest {
  private static final AccountId ACME = new AccountId("acme");
  private static final AccountId GLOBEX = new AccountId("globex");
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final Workload A = Workload.of("acme-1", WorkloadKind.VM).withAccount(ACME);
  private static final Workload G = Workload.of("globex-1", WorkloadKind.VM).withAccount(GLOBEX);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ApiServer server;
  private static EngineMetrics metrics;
  private static String admin;
  private static String acme;
  private static String globex;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Anomaly leak(Instant start) {
    return new Anomaly(
        1,
        A.id(),
        Set.of(Resource.MEMORY),
        AnomalyKind.LEAK,
        start,
        Optional.empty(),
        0.4,
        Optional.of(new Band(1.9e9, 2e9, 2.1e9)),
        "memory +18% over 18 steps (r2 0.99), cpu flat (+1%)");
  }

  private static Anomaly spike(Optional<Instant> end) {
    return new Anomaly(
        2,
        G.id(),
        Set.of(Resource.MEMORY),
        AnomalyKind.SPIKE,
        T0,
        end,
        1,
        Optional.of(new Band(1e9, 1.1e9, 1.2e9)),
        "memory 5e9 outside [1e9, 1.2e9], score 1.00");
  }

  private static void tick(LiveState live, Instant now, List<Anomaly> anomalies) {
    List<Observation> seen =
        List.of(
            Observation.of(A, Resource.MEMORY, 2.3e9, 4e9),
            Observation.of(G, Resource.MEMORY, 1.1e9, 4e9));
    List<Observation> observed = live.observing(t -> seen).observe(now);
    List<Decision> decisions = new ArrayList<>();
    for (Observation o : observed) {
      decisions.add(
          new Decision.Hold(
              o.key(),
              o.allocated(),
              new Reason(Rule.WITHIN_BAND, OptionalDouble.of(2.3e9), Optional.empty(), Set.of())));
    }
    live.record(
        now, new Engine.Tick(new Plan(now, decisions, anomalies), List.of()), Duration.ZERO);
  }

  @BeforeAll
  static void start() {
    Settings settings =
        Settings.load(
            SettingsSource.of(Map.of()), org.pae.core.forecast.ForecasterRegistry.standard());
    metrics = new EngineMetrics();
    LiveState live =
        new LiveState(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            "pae",
            metrics,
            Optional.empty(),
            10,
            100);
    tick(live, T0, List.of(leak(T0), spike(Optional.empty())));
    tick(live, T0.plusSeconds(5), List.of(leak(T0), spike(Optional.of(T0.plusSeconds(5)))));
    LiveSteering steering =
        new LiveSteering(
            Steering.uniform(settings.bounds(), Map.of()),
            List.of(Account.unlimited(ACME), Account.unlimited(GLOBEX)));
    steering.grant(ACME, "ann", Role.VIEWER);
    steering.grant(GLOBEX, "gus", Role.VIEWER);
    TokenStore tokens = new TokenStore();
    admin = tokens.issue(new Principal("root", Optional.of(Role.ADMIN)));
    acme = tokens.issue(Principal.granted("ann", Map.of(ACME, Role.VIEWER)));
    globex = tokens.issue(Principal.granted("gus", Map.of(GLOBEX, Role.VIEWER)));
    server =
        new ApiServer(live, steering, tokens, metrics, () -> T0.plusSeconds(10))
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String get(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  private static List<String> kinds(String path, String token) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode a : JSON.readTree(get(path, token)).get("anomalies")) {
      out.add(a.get("kind").asText() + "@" + a.get("workload").asText());
    }
    return out;
  }

  @Test
  void eachTenantSeesItsOwnAnomaliesAndTheAdminAllNewestFirst() throws Exception {
    assertThat(kinds("/api/v1/anomalies", admin)).containsExactly("spike@globex-1", "leak@acme-1");
    assertThat(kinds("/api/v1/anomalies", acme)).containsExactly("leak@acme-1");
    assertThat(kinds("/api/v1/anomalies", globex)).containsExactly("spike@globex-1");
    JsonNode leak = JSON.readTree(get("/api/v1/anomalies", acme)).get("anomalies").get(0);
    assertThat(leak.get("open").asBoolean()).isTrue();
    assertThat(leak.get("end").isNull()).isTrue();
    assertThat(leak.get("account").asText()).isEqualTo("acme");
    assertThat(leak.get("resources").get(0).asText()).isEqualTo("memory");
    assertThat(leak.get("band").get("high").asDouble()).isEqualTo(2.1e9);
    assertThat(leak.get("text").asText()).startsWith("leak #1 of acme-1 (memory): memory +18%");
  }

  @Test
  void filtersByStateKindWorkloadAndTime() throws Exception {
    assertThat(kinds("/api/v1/anomalies?state=closed", admin)).containsExactly("spike@globex-1");
    assertThat(kinds("/api/v1/anomalies?state=open", admin)).containsExactly("leak@acme-1");
    assertThat(kinds("/api/v1/anomalies?kind=spike", admin)).containsExactly("spike@globex-1");
    assertThat(kinds("/api/v1/anomalies?workload=acme-1", admin)).containsExactly("leak@acme-1");
    assertThat(kinds("/api/v1/anomalies?account=globex", acme)).isEmpty();
    // open at some time at or after T0 + 6 s: the spike ended at T0 + 5 s
    assertThat(kinds("/api/v1/anomalies?from=" + T0.plusSeconds(6), admin))
        .containsExactly("leak@acme-1");
    assertThat(kinds("/api/v1/anomalies?to=" + T0, admin)).isEmpty();
  }

  @Test
  void metricsCountOpenAnomaliesByKindAndClosedOnes() throws Exception {
    String text = get("/metrics", null);
    assertThat(text)
        .contains("pae_anomalies_open{kind=\"leak\"} 1.0")
        .contains("pae_anomalies_open{kind=\"spike\"} 0.0")
        .contains("pae_anomalies_closed_total{kind=\"spike\"} 1.0")
        .contains("pae_anomalies_closed_total{kind=\"leak\"} 0.0");
  }
}
