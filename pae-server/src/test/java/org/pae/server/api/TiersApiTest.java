package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Role;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;

/** {@code /api/v1/tiers} and the tier metrics, over {@link TierFixture}'s recommend-only run. */
class TiersApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Fixture f;

  @BeforeAll
  static void start() {
    f = new Fixture(4, 2);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void showsOccupancyServedSharesAndTheMovesWithTheirReasons() throws Exception {
    JsonNode t = JSON.readTree(f.get("/api/v1/tiers", f.admin).body());
    assertThat(t.get("enabled").asBoolean()).isTrue();
    assertThat(t.get("epoch").asInt()).isEqualTo(2);
    assertThat(t.get("policy").asText()).isEqualTo("pae");
    assertThat(t.get("enforce").asBoolean()).isFalse();
    JsonNode cold = t.get("tiers").get(2);
    assertThat(cold.get("tier").asText()).isEqualTo("cold");
    assertThat(cold.get("files").asInt()).isEqualTo(20);
    assertThat(cold.get("capacity").isNull()).isTrue();
    // Every file stays cold (recommend-only): the epoch's 20 + 19 + ... + 1 reads were served cold.
    assertThat(cold.get("served").asLong()).isEqualTo(210);
    assertThat(cold.get("servedShare").asDouble()).isEqualTo(1.0);
    assertThat(t.get("tiers").get(0).get("capacity").asInt()).isEqualTo(2);
    JsonNode moves = t.get("moves");
    assertThat(moves.size()).isEqualTo(Math.min(50, f.tiers.moves().size())).isPositive();
    boolean hottest = false;
    for (JsonNode m : moves) {
      assertThat(m.get("outcome").asText()).isEqualTo("recommended");
      if (m.get("to").asText().equals("hot") && m.get("from").asText().equals("cold")) {
        assertThat(m.get("predictedRate").asDouble()).isGreaterThan(m.get("payRate").asDouble());
        hottest |= m.get("file").asText().equals("db/f0");
      }
    }
    assertThat(hottest).as("the most read file is recommended hot").isTrue();
    assertThat(JSON.readTree(f.get("/api/v1/tiers?limit=1", f.admin).body()).get("moves").size())
        .isEqualTo(1);
  }

  @Test
  void theMetricsCarryTheTiersWithBoundedLabels() {
    String text = f.get("/metrics", null).body();
    assertThat(text)
        .contains("pae_tier_files{tier=\"cold\"} 20.0")
        .contains("pae_tier_files{tier=\"hot\"} 0.0")
        .contains("pae_tier_capacity_files{tier=\"warm\"} 5.0")
        .contains("pae_tier_requests_total{tier=\"cold\"} 210.0");
    assertThat(text).doesNotContain("db/f0");
  }

  @Test
  void aServerWithoutTiersSaysSo() throws Exception {
    TokenStore tokens = new TokenStore();
    String admin = tokens.issue(new Principal("root", Optional.of(Role.ADMIN)));
    try (ApiServer plain =
        new ApiServer(f.fleet.live(), f.fleet.steering(), tokens, f.fleet.metrics(), f.fleet::now)
            .start("127.0.0.1", 0)) {
      var reply =
          f.http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + plain.port() + "/api/v1/tiers"))
                  .header("Authorization", "Bearer " + admin)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(reply.body()).toString()).isEqualTo("{\"enabled\":false}");
    }
  }
}
