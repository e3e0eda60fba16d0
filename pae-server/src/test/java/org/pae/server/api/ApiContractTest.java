package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Criticality;
import org.pae.core.model.Role;
import org.pae.server.auth.Principal;
import org.pae.server.demo.SyntheticFleet;

/**
 * Holds the server to openapi.yaml: the same routes on both sides, and every response the test
 * provokes — every documented status of every operation — matches its documented schema.
 */
class ApiContractTest {
  private static Fixture f;
  private static Contract contract;

  @BeforeAll
  static void start() {
    f = new Fixture(40, 40);
    contract = new Contract();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  private static int call(String op, String path, String token) {
    String method = op.split(" ")[0];
    return contract.check(op, path, f.send(method, path, token, null, null));
  }

  private static int call(String op, String path, String token, String body) {
    String method = op.split(" ")[0];
    return contract.check(op, path, f.json(method, path, token, body));
  }

  private static int raw(String op, String path, String token, String type, String body) {
    String method = op.split(" ")[0];
    return contract.check(op, path, f.send(method, path, token, type, body));
  }

  @Test
  void serverAndDocumentHaveTheSameRoutes() {
    assertThat(new TreeSet<>(f.server.routes())).isEqualTo(contract.operations());
  }

  @Test
  void servesItsOwnContract() {
    Fixture.Reply r = f.get("/openapi.yaml", null);
    assertThat(r.body()).isEqualTo(contract.yaml);
  }

  @Test
  void everyDocumentedResponseOfEveryOperationMatchesItsSchema() {
    String acme = f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL);
    String critical = f.workloadOf(SyntheticFleet.ACME, Criticality.CRITICAL);
    String globex = f.workloadOf(SyntheticFleet.GLOBEX, Criticality.NORMAL);
    String w = "/api/v1/workloads/" + Fixture.enc(acme);
    String c = "/api/v1/workloads/" + Fixture.enc(critical);
    String g = "/api/v1/workloads/" + Fixture.enc(globex);
    String big = "{\"x\":\"" + "a".repeat(20_000) + "\"}";
    String until = f.fleet.now().plusSeconds(3600).toString();
    String from = f.fleet.now().toString();

    assertThat(call("GET /health", "/health", null)).isEqualTo(200);
    assertThat(call("GET /openapi.yaml", "/openapi.yaml", null)).isEqualTo(200);
    assertThat(call("GET /metrics", "/metrics", null)).isEqualTo(200);
    String login = f.server.loginPath(new Principal("root", Optional.of(Role.ADMIN)));
    assertThat(call("GET /login/{code}", login, null)).isEqualTo(303);
    assertThat(call("GET /login/{code}", login, null)).isEqualTo(404);

    // Reads, for each: success, no token, an unknown query parameter.
    String[][] reads = {
      {"GET /api/v1/me", "/api/v1/me"},
      {"GET /api/v1/workloads", "/api/v1/workloads?account=acme&kind=vm&program=web&limit=5"},
      {"GET /api/v1/workloads/{id}", w},
      {"GET /api/v1/workloads/{id}/forecast", w + "/forecast?resource=memory"},
      {"GET /api/v1/workloads/{id}/decisions", w + "/decisions?limit=5"},
      {"GET /api/v1/workloads/{id}/history", w + "/history?resource=cpu&step=60"},
      {"GET /api/v1/workloads/{id}/steering", w + "/steering"},
      {"GET /api/v1/decisions", "/api/v1/decisions?limit=20"},
      {"GET /api/v1/accounts", "/api/v1/accounts"},
      {"GET /api/v1/anomalies", "/api/v1/anomalies?kind=leak&state=open&limit=20"},
    };
    for (String[] r : reads) {
      assertThat(call(r[0], r[1], f.acmeViewer)).as(r[1]).isEqualTo(200);
      assertThat(call(r[0], r[1], null)).isEqualTo(401);
      assertThat(call(r[0], r[1], "pae_not-a-real-token")).isEqualTo(401);
      String sep = r[1].contains("?") ? "&" : "?";
      assertThat(call(r[0], r[1] + sep + "bogus=1", f.acmeViewer)).isEqualTo(400);
    }
    assertThat(call("GET /api/v1/workloads", "/api/v1/workloads", f.admin)).isEqualTo(200);
    assertThat(call("GET /api/v1/workloads", "/api/v1/workloads?limit=0", f.admin)).isEqualTo(422);
    assertThat(call("GET /api/v1/decisions", "/api/v1/decisions?limit=5000", f.admin))
        .isEqualTo(422);
    assertThat(call("GET /api/v1/anomalies", "/api/v1/anomalies?limit=0", f.admin)).isEqualTo(422);
    assertThat(call("GET /api/v1/anomalies", "/api/v1/anomalies?kind=odd", f.admin)).isEqualTo(400);
    assertThat(call("GET /api/v1/workloads/{id}/decisions", w + "/decisions?limit=0", f.admin))
        .isEqualTo(422);
    assertThat(
            call(
                "GET /api/v1/workloads/{id}/history",
                w + "/history?resource=memory&from=" + until + "&to=" + from,
                f.admin))
        .isEqualTo(422);
    // The storage tiers are the host's: a role everywhere sees them, a tenant's viewer does not.
    assertThat(call("GET /api/v1/tiers", "/api/v1/tiers?limit=5", f.admin)).isEqualTo(200);
    assertThat(call("GET /api/v1/tiers", "/api/v1/tiers", f.acmeViewer)).isEqualTo(403);
    assertThat(call("GET /api/v1/tiers", "/api/v1/tiers", null)).isEqualTo(401);
    assertThat(call("GET /api/v1/tiers", "/api/v1/tiers?bogus=1", f.admin)).isEqualTo(400);
    assertThat(call("GET /api/v1/tiers", "/api/v1/tiers?limit=0", f.admin)).isEqualTo(422);
    // Not in a fleet: enabled false (pae-cli's FleetDaemonsTest reads a real fleet's).
    for (String fleet : List.of("/api/v1/fleet/hosts", "/api/v1/fleet/shares")) {
      assertThat(call("GET " + fleet, fleet, f.acmeViewer)).isEqualTo(200);
      assertThat(call("GET " + fleet, fleet, null)).isEqualTo(401);
      assertThat(call("GET " + fleet, fleet + "?bogus=1", f.admin)).isEqualTo(400);
    }
    // Another tenant's workload does not exist for this token.
    for (String[] r : reads) {
      if (r[0].contains("{id}")) {
        assertThat(call(r[0], r[1].replace(w, g), f.acmeViewer)).isEqualTo(404);
      }
    }

    // Steering: success as operator, 403 as viewer, 404 as another tenant, 401 without token,
    // 400 unknown member, 413 too large, 415 not JSON, 422 out of range.
    record Steer(String op, String path, String good, String invalid, int ok) {}
    Steer[] steers = {
      new Steer(
          "PUT /api/v1/workloads/{id}/policy",
          w + "/policy",
          "{\"resource\":\"memory\",\"riskBudget\":0.001,\"max\":1e12}",
          "{\"threshold\":2}",
          200),
      new Steer(
          "POST /api/v1/workloads/{id}/pins",
          w + "/pins",
          "{\"resource\":\"cpu\",\"allocation\":1500,\"ttl\":600}",
          "{\"resource\":\"cpu\",\"allocation\":-1,\"ttl\":600}",
          201),
      new Steer(
          "POST /api/v1/workloads/{id}/hints",
          w + "/hints",
          "{\"from\":\"" + from + "\",\"until\":\"" + until + "\",\"factor\":1.5}",
          "{\"from\":\"" + until + "\",\"until\":\"" + from + "\",\"factor\":1.5}",
          201),
      new Steer(
          "POST /api/v1/workloads/{id}/preallocations",
          c + "/preallocations",
          "{\"resource\":\"memory\",\"allocation\":8e9,\"from\":\""
              + from
              + "\",\"until\":\""
              + until
              + "\"}",
          "{\"resource\":\"memory\",\"allocation\":8e9,\"from\":\""
              + until
              + "\",\"until\":\""
              + from
              + "\"}",
          201),
      new Steer(
          "POST /api/v1/workloads/{id}/pause", w + "/pause", "{\"ttl\":300}", "{\"ttl\":-5}", 200),
      new Steer("POST /api/v1/workloads/{id}/resume", w + "/resume", "", null, 200),
      new Steer(
          "PUT /api/v1/accounts/{account}/policy",
          "/api/v1/accounts/acme/policy",
          "{\"headroom\":0.2}",
          "{\"riskBudget\":0.7}",
          200),
    };
    for (Steer s : steers) {
      assertThat(call(s.op, s.path, f.acmeOperator, s.good)).as(s.op).isEqualTo(s.ok);
      assertThat(call(s.op, s.path, f.acmeViewer, s.good)).as(s.op).isEqualTo(403);
      assertThat(call(s.op, s.path, null, s.good)).isEqualTo(401);
      assertThat(call(s.op, s.path, f.acmeOperator, "{\"nonsense\":1}")).isEqualTo(400);
      assertThat(call(s.op, s.path, f.acmeOperator, big)).isEqualTo(413);
      assertThat(raw(s.op, s.path, f.acmeOperator, "text/plain", "riskBudget=0.1")).isEqualTo(415);
      if (s.invalid != null) {
        assertThat(call(s.op, s.path, f.acmeOperator, s.invalid))
            .as(s.op + " " + s.invalid)
            .isEqualTo(422);
      }
      String other =
          s.path.replace(w, g).replace(c, g).replace("/accounts/acme/", "/accounts/globex/");
      assertThat(call(s.op, other, f.acmeOperator, s.good)).isEqualTo(404);
    }
    assertThat(
            call(
                "POST /api/v1/workloads/{id}/preallocations",
                w + "/preallocations",
                f.acmeOperator,
                steers[3].good))
        .isEqualTo(409);

    // Removing directives.
    String del = "DELETE /api/v1/workloads/{id}/{kind}/{directive}";
    long pin =
        f.fleet
            .steering()
            .directives(org.pae.core.model.WorkloadId.of(acme))
            .pins()
            .getFirst()
            .id();
    assertThat(call(del, w + "/pins/" + pin, f.acmeViewer)).isEqualTo(403);
    assertThat(call(del, w + "/pins/" + pin, null)).isEqualTo(401);
    assertThat(call(del, w + "/pins/" + pin, f.acmeOperator)).isEqualTo(204);
    assertThat(call(del, w + "/pins/" + pin, f.acmeOperator)).isEqualTo(404);
    assertThat(call(del, w + "/pins/abc", f.acmeOperator)).isEqualTo(400);

    // Administration: quotas and tokens.
    String q = "PUT /api/v1/accounts/{account}/quotas";
    assertThat(call(q, "/api/v1/accounts/acme/quotas", f.admin, "{\"cpu\":200000,\"memory\":null}"))
        .isEqualTo(200);
    assertThat(call(q, "/api/v1/accounts/acme/quotas", f.acmeOperator, "{\"cpu\":1}"))
        .isEqualTo(403);
    assertThat(call(q, "/api/v1/accounts/globex/quotas", f.acmeOperator, "{\"cpu\":1}"))
        .isEqualTo(404);
    assertThat(call(q, "/api/v1/accounts/acme/quotas", null, "{\"cpu\":1}")).isEqualTo(401);
    assertThat(call(q, "/api/v1/accounts/acme/quotas", f.admin, "{\"ram\":1}")).isEqualTo(400);
    assertThat(call(q, "/api/v1/accounts/acme/quotas", f.admin, "{\"cpu\":-1}")).isEqualTo(422);
    assertThat(call(q, "/api/v1/accounts/acme/quotas", f.admin, big)).isEqualTo(413);
    assertThat(raw(q, "/api/v1/accounts/acme/quotas", f.admin, "text/plain", "cpu=1"))
        .isEqualTo(415);

    String t = "POST /api/v1/tokens";
    assertThat(
            call(
                t,
                "/api/v1/tokens",
                f.admin,
                "{\"principal\":\"dora\",\"roles\":{\"acme\":\"viewer\"}}"))
        .isEqualTo(201);
    assertThat(
            call(
                t,
                "/api/v1/tokens",
                f.acmeOperator,
                "{\"principal\":\"eve\",\"roles\":{\"acme\":\"admin\"}}"))
        .isEqualTo(403);
    assertThat(
            call(
                t,
                "/api/v1/tokens",
                null,
                "{\"principal\":\"eve\",\"roles\":{\"acme\":\"admin\"}}"))
        .isEqualTo(401);
    assertThat(
            call(
                t,
                "/api/v1/tokens",
                f.admin,
                "{\"principal\":\"bad name!\",\"roles\":{\"acme\":\"viewer\"}}"))
        .isEqualTo(422);
    assertThat(call(t, "/api/v1/tokens", f.admin, "{\"principal\":\"x\",\"roles\":{},\"y\":1}"))
        .isEqualTo(400);
    assertThat(call(t, "/api/v1/tokens", f.admin, big)).isEqualTo(413);
    assertThat(raw(t, "/api/v1/tokens", f.admin, "text/plain", "x")).isEqualTo(415);

    assertThat(contract.unseen()).as("documented responses never provoked").isEmpty();
  }

  @Test
  void problemsNameTheFieldAtFault() {
    String w =
        "/api/v1/workloads/" + Fixture.enc(f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL));
    assertThat(f.json("PUT", w + "/policy", f.acmeOperator, "{\"riskBudget\":\"low\"}").body())
        .contains("\"field\":\"riskBudget\"");
    assertThat(
            f.json(
                    "PUT",
                    w + "/policy",
                    f.acmeOperator,
                    "{\"threshold\":0.5,\"reductionThreshold\":0.6}")
                .body())
        .contains("\"field\":\"reductionThreshold\"");
    assertThat(
            f.json(
                    "POST",
                    w + "/pins",
                    f.acmeOperator,
                    "{\"resource\":\"ram\",\"allocation\":1,\"ttl\":5}")
                .body())
        .contains("\"field\":\"resource\"");
    assertThat(f.get(w + "/history?resource=memory&step=soon", f.acmeViewer).body())
        .contains("\"field\":\"step\"");
    assertThat(f.get("/api/v1/workloads?kind=vmm", f.acmeViewer).body())
        .contains("\"field\":\"kind\"");
    assertThat(Set.of(f.json("PUT", w + "/policy", f.acmeOperator, "{\"threshold\":").status()))
        .containsExactly(400);
  }

  @Test
  void extremeHistoryTimesAndStepsAreRefusedAsProblemsNotServerErrors() {
    String w =
        "/api/v1/workloads/" + Fixture.enc(f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL));
    for (String query :
        List.of(
            "from=%2B1000000000-01-01T00:00:00Z&to=%2B1000000000-01-02T00:00:00Z",
            "from=-1000000000-01-01T00:00:00Z",
            "to=-1000000000-01-01T00:00:00Z",
            "step=PT2562047788015215H")) {
      Fixture.Reply r = f.get(w + "/history?resource=memory&" + query, f.acmeViewer);
      assertThat(r.status()).as(query + ": " + r.body()).isEqualTo(400);
      assertThat(r.contentType()).as(query).startsWith("application/problem+json");
    }
  }
}
