package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Rule;
import org.pae.core.model.Criticality;
import org.pae.core.model.Resource;
import org.pae.core.model.Role;
import org.pae.core.model.WorkloadId;
import org.pae.server.auth.Principal;
import org.pae.server.demo.SyntheticFleet;
import org.pae.server.state.SeriesView;

/** Tenancy, roles and tokens; and that what operators steer through the API, the loop honours. */
class AccessAndSteeringTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private Fixture f;

  @BeforeEach
  void start() {
    f = new Fixture(30, 30);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private JsonNode read(Fixture.Reply r) {
    try {
      return mapper.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(r.body(), e);
    }
  }

  @Test
  void aTenantSeesOnlyItsOwnWorkloadsDecisionsAndAccounts() {
    JsonNode list = read(f.get("/api/v1/workloads", f.acmeViewer));
    assertThat(list.get("total").asInt()).isEqualTo(20);
    list.get("workloads").forEach(w -> assertThat(w.get("account").asText()).isEqualTo("acme"));
    read(f.get("/api/v1/decisions?limit=1000", f.globexOperator))
        .get("decisions")
        .forEach(d -> assertThat(d.get("account").asText()).isEqualTo("globex"));
    JsonNode accounts = read(f.get("/api/v1/accounts", f.acmeViewer)).get("accounts");
    assertThat(accounts).hasSize(1);
    assertThat(accounts.get(0).get("id").asText()).isEqualTo("acme");
    assertThat(read(f.get("/api/v1/workloads?account=globex", f.acmeViewer)).get("total").asInt())
        .isZero();
  }

  @Test
  void anotherTenantsWorkloadIsIndistinguishableFromOneThatDoesNotExist() {
    String globex = f.workloadOf(SyntheticFleet.GLOBEX, Criticality.NORMAL);
    Fixture.Reply hidden = f.get("/api/v1/workloads/" + globex, f.acmeOperator);
    Fixture.Reply absent = f.get("/api/v1/workloads/nobody-here", f.acmeOperator);
    assertThat(hidden.status()).isEqualTo(absent.status()).isEqualTo(404);
    assertThat(hidden.body().replace(globex, "X"))
        .isEqualTo(absent.body().replace("nobody-here", "X"));
    assertThat(
            f.json("POST", "/api/v1/workloads/" + globex + "/pause", f.acmeOperator, "{}").status())
        .isEqualTo(404);
    assertThat(f.fleet.steering().directives(WorkloadId.of(globex)).pause()).isEmpty();
  }

  @Test
  void rolesGateSteeringAndAdministration() {
    String acme = "/api/v1/workloads/" + f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL);
    assertThat(f.json("POST", acme + "/pause", f.acmeViewer, "{}").status()).isEqualTo(403);
    assertThat(f.json("POST", acme + "/pause", f.acmeOperator, "{}").status()).isEqualTo(200);
    assertThat(
            f.json("PUT", "/api/v1/accounts/acme/quotas", f.acmeOperator, "{\"cpu\":1}").status())
        .isEqualTo(403);
    assertThat(f.json("PUT", "/api/v1/accounts/acme/quotas", f.admin, "{\"cpu\":1e6}").status())
        .isEqualTo(200);
  }

  @Test
  void tokensAreIssuedOnceStoredHashedAndCannotBorrowAnotherAccountsRoles() throws Exception {
    Fixture.Reply issued =
        f.json(
            "POST",
            "/api/v1/tokens",
            f.admin,
            "{\"principal\":\"ada\",\"roles\":{\"acme\":\"admin\"}}");
    String ada = read(issued).get("token").asText();
    assertThat(read(f.get("/api/v1/me", ada)).get("roles").get(0).get("role").asText())
        .isEqualTo("admin");
    // ada administers acme only: a token she mints for gus, who operates globex, holds acme's
    // viewer role and nothing of globex; gus's own token gains nothing of acme.
    Fixture.Reply borrow =
        f.json(
            "POST",
            "/api/v1/tokens",
            ada,
            "{\"principal\":\"gus\",\"roles\":{\"acme\":\"viewer\"}}");
    assertThat(borrow.status()).isEqualTo(201);
    String minted = read(borrow).get("token").asText();
    assertThat(read(f.get("/api/v1/me", minted)).get("roles").toString())
        .isEqualTo("[{\"account\":\"acme\",\"role\":\"viewer\"}]");
    assertThat(read(f.get("/api/v1/me", f.globexOperator)).get("roles").toString())
        .isEqualTo("[{\"account\":\"globex\",\"role\":\"operator\"}]");
    assertThat(
            f.json(
                    "POST",
                    "/api/v1/tokens",
                    ada,
                    "{\"principal\":\"root\",\"roles\":{\"acme\":\"viewer\"}}")
                .status())
        .isEqualTo(403);
    assertThat(f.get("/api/v1/me", ada.substring(0, ada.length() - 1) + "x").status())
        .isEqualTo(401);

    var field = f.tokens.getClass().getDeclaredField("byHash");
    field.setAccessible(true);
    java.util.Map<?, ?> stored = (java.util.Map<?, ?>) field.get(f.tokens);
    assertThat(stored).isNotEmpty();
    for (Object key : stored.keySet()) {
      assertThat((String) key).matches("[0-9a-f]{64}");
    }
    assertThat(stored.toString()).doesNotContain(ada).doesNotContain(f.admin);
  }

  /**
   * A tenant admin mints a token for a name and keeps it; the host's admin later grants that name a
   * role elsewhere. The kept token gains nothing, and the tenant admin can still demote it; no
   * refusal names another tenant's principals.
   */
  @Test
  void aTokenHoldsTheGrantThatMadeItAndNoLaterOne() throws Exception {
    String tess =
        read(f.json(
                "POST",
                "/api/v1/tokens",
                f.admin,
                "{\"principal\":\"tess\",\"roles\":{\"acme\":\"admin\"}}"))
            .get("token")
            .asText();
    String squatted =
        read(f.json(
                "POST",
                "/api/v1/tokens",
                tess,
                "{\"principal\":\"boss\",\"roles\":{\"acme\":\"operator\"}}"))
            .get("token")
            .asText();
    Fixture.Reply later =
        f.json(
            "POST",
            "/api/v1/tokens",
            f.admin,
            "{\"principal\":\"boss\",\"roles\":{\"globex\":\"admin\"}}");
    assertThat(later.status()).isEqualTo(201);
    String globex = f.workloadOf(SyntheticFleet.GLOBEX, Criticality.NORMAL);
    assertThat(f.get("/api/v1/workloads/" + Fixture.enc(globex), squatted).status()).isEqualTo(404);
    assertThat(f.json("PUT", "/api/v1/accounts/globex/quotas", squatted, "{\"cpu\":1}").status())
        .isEqualTo(404);
    String bossesOwn = read(later).get("token").asText();
    assertThat(f.get("/api/v1/workloads/" + Fixture.enc(globex), bossesOwn).status())
        .isEqualTo(200);

    // tess demotes the boss she made; the refusal of a globex grant names no one of globex.
    assertThat(
            f.json(
                    "POST",
                    "/api/v1/tokens",
                    tess,
                    "{\"principal\":\"boss\",\"roles\":{\"acme\":\"viewer\"}}")
                .status())
        .isEqualTo(201);
    assertThat(read(f.get("/api/v1/me", squatted)).get("roles").toString())
        .isEqualTo("[{\"account\":\"acme\",\"role\":\"viewer\"}]");
    Fixture.Reply refused =
        f.json(
            "POST",
            "/api/v1/tokens",
            tess,
            "{\"principal\":\"gus\",\"roles\":{\"globex\":\"viewer\"}}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).doesNotContain("gus").doesNotContain("boss");
  }

  @Test
  void noTokenEverReachesTheLog() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> tokens = new ArrayList<>(List.of(f.admin, f.acmeViewer, f.acmeOperator));
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      String acme = "/api/v1/workloads/" + f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL);
      for (String t : tokens) {
        f.get("/api/v1/me", t);
        f.json("PUT", acme + "/policy", t, "{\"threshold\":7}");
        f.json("PUT", acme + "/policy", t, "{\"x\":\"" + "y".repeat(30_000) + "\"}");
        f.get("/api/v1/nowhere/" + t, t);
      }
      String minted =
          read(f.json(
                  "POST",
                  "/api/v1/tokens",
                  f.admin,
                  "{\"principal\":\"cy\",\"roles\":{\"acme\":\"viewer\"}}"))
              .get("token")
              .asText();
      tokens.add(minted);
      f.get("/api/v1/me", "pae_guessed-token-value");
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    for (String t : tokens) {
      assertThat(log).doesNotContain(t).doesNotContain(t.substring(4));
    }
    assertThat(log).doesNotContain("pae_guessed-token-value");
  }

  @Test
  void theLoopHonoursPausePinQuotaAndPreAllocationSetThroughTheApi() {
    String normal = f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL);
    String critical = f.workloadOf(SyntheticFleet.ACME, Criticality.CRITICAL);
    String n = "/api/v1/workloads/" + normal;
    assertThat(f.json("POST", n + "/pause", f.acmeOperator, "{\"ttl\":3600}").status())
        .isEqualTo(200);
    assertThat(
            f.json(
                    "POST",
                    n + "/pins",
                    f.acmeOperator,
                    "{\"resource\":\"cpu\",\"allocation\":5000,\"ttl\":3600}")
                .status())
        .isEqualTo(201);
    String from = f.fleet.now().toString();
    String until = f.fleet.now().plusSeconds(600).toString();
    assertThat(
            f.json(
                    "POST",
                    "/api/v1/workloads/" + critical + "/preallocations",
                    f.acmeOperator,
                    "{\"resource\":\"memory\",\"allocation\":9e9,\"from\":\""
                        + from
                        + "\",\"until\":\""
                        + until
                        + "\"}")
                .status())
        .isEqualTo(201);
    f.fleet.advance(1);
    var snap = f.fleet.live().snapshot();
    SeriesView paused =
        snap.workload(WorkloadId.of(normal)).orElseThrow().series().get(Resource.MEMORY);
    assertThat(paused.decision().reason().rule()).isEqualTo(Rule.PAUSED);
    assertThat(read(f.get(n, f.acmeViewer)).get("paused").asBoolean()).isTrue();
    SeriesView reserved =
        snap.workload(WorkloadId.of(critical)).orElseThrow().series().get(Resource.MEMORY);
    assertThat(reserved.allocation()).isEqualTo(9e9);

    assertThat(f.json("POST", n + "/resume", f.acmeOperator, null).status()).isEqualTo(200);
    f.fleet.advance(1);
    SeriesView pinned =
        f.fleet
            .live()
            .snapshot()
            .workload(WorkloadId.of(normal))
            .orElseThrow()
            .series()
            .get(Resource.CPU);
    assertThat(pinned.decision().reason().rule()).isEqualTo(Rule.PINNED);
    assertThat(pinned.allocation()).isEqualTo(5000);

    double quota = 20 * 1.5 * 1024 * 1024 * 1024;
    assertThat(
            f.json("PUT", "/api/v1/accounts/acme/quotas", f.admin, "{\"memory\":" + quota + "}")
                .status())
        .isEqualTo(200);
    f.fleet.advance(1);
    JsonNode acme = read(f.get("/api/v1/accounts", f.acmeViewer)).get("accounts").get(0);
    assertThat(acme.get("quotas").get("memory").asDouble()).isEqualTo(quota);
    assertThat(acme.get("allocated").get("memory").asDouble())
        .isLessThanOrEqualTo(quota * (1 + 1e-9));
  }

  @Test
  void theHostOperatorHoldsItsRoleInEveryAccount() {
    Principal root = new Principal("root", Optional.of(Role.ADMIN));
    assertThat(root.role(f.fleet.steering().account(SyntheticFleet.GLOBEX))).contains(Role.ADMIN);
    assertThat(read(f.get("/api/v1/accounts", f.admin)).get("accounts")).hasSize(2);
  }

  @Test
  void aRefusedHintTakesNoIdAndAWorkloadHoldsAtMostSixteenHints() {
    String w =
        "/api/v1/workloads/" + Fixture.enc(f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL));
    java.time.Instant now = f.fleet.now();
    String window =
        "\"from\":\"" + now + "\",\"until\":\"" + now.plus(java.time.Duration.ofHours(1)) + "\"";
    long before = f.fleet.steering().nextId();
    assertThat(
            f.json("POST", w + "/hints", f.acmeOperator, "{" + window + ",\"factor\":1000}")
                .status())
        .isEqualTo(422);
    assertThat(f.fleet.steering().nextId()).isEqualTo(before + 1);
    int made =
        f.fleet
            .steering()
            .directives(WorkloadId.of(f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL)))
            .hints()
            .size();
    for (int i = made; i < 16; i++) {
      assertThat(
              f.json("POST", w + "/hints", f.acmeOperator, "{" + window + ",\"factor\":100}")
                  .status())
          .isEqualTo(201);
    }
    Fixture.Reply one =
        f.json("POST", w + "/hints", f.acmeOperator, "{" + window + ",\"factor\":100}");
    assertThat(one.status()).isEqualTo(422);
    assertThat(one.body()).contains("at most 16 event hints");
  }

  @Test
  void bodiesAndParametersAreTakenOnlyAsTheContractWritesThem() {
    String w =
        "/api/v1/workloads/" + Fixture.enc(f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL));
    assertThat(f.get("/api/v1/workloads?kind=VM", f.acmeViewer).status()).isEqualTo(400);
    assertThat(f.get(w + "/history?resource=Memory", f.acmeViewer).status()).isEqualTo(400);
    assertThat(
            f.send("PUT", w + "/policy", f.acmeOperator, "application/jsonx", "{\"headroom\":0.1}")
                .status())
        .isEqualTo(415);
    Fixture.Reply twice = f.json("PUT", w + "/policy", f.acmeOperator, "{\"min\":1,\"min\":1e308}");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.body()).contains("min");
  }
}
