package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything an operator sets through the API survives a SIGKILL of {@code pae run} and a restart
 * on the same data directory, read back through the API: quotas, account and workload policies,
 * pins, hints, pauses, accounts and their grants, issued tokens. A pin that expired while the
 * daemon was down stays expired.
 */
class RestartKeepsOperatorStateTest {
  @TempDir Path dir;
  private Daemons running;

  @AfterEach
  void stop() throws InterruptedException {
    if (running != null) {
      running.kill();
    }
  }

  @Test
  void everythingSetThroughTheApiIsThereAfterKillNineAndARestart() throws Exception {
    Path settings = dir.resolve("s.properties");
    Files.writeString(
        settings, "host.observe-cgroups = false\nhost.network = false\nloop.interval = 200ms\n");
    Path data = dir.resolve("data");
    // This test's own JVM outlives both daemons: its process is a workload of both.
    String w = "pid:" + ProcessHandle.current().pid();
    String wp = Daemons.path(w);

    running = Daemons.start(settings, data, dir.resolve("first.log"));
    String account = running.awaitWorkload(w).get("account").textValue();
    String a = "/api/v1/accounts/" + account;
    running.call("PUT", a + "/quotas", "{\"memory\": 5.0E11, \"cpu\": 64000}", 200);
    running.call("PUT", a + "/policy", "{\"leadTime\": 30}", 200);
    running.call("PUT", wp + "/policy", "{\"resource\": \"memory\", \"riskBudget\": 0.02}", 200);
    running.call(
        "POST", wp + "/pins", "{\"resource\": \"cpu\", \"allocation\": 500, \"ttl\": 3600}", 201);
    Instant now = Instant.now();
    running.call(
        "POST",
        wp + "/hints",
        "{\"from\": \"" + now + "\", \"until\": \"" + now.plusSeconds(3600) + "\", \"factor\": 2}",
        201);
    running.call("POST", wp + "/pause", "{\"ttl\": 3600}", 200);
    JsonNode issued =
        running.call(
            "POST",
            "/api/v1/tokens",
            "{\"principal\": \"ann\", \"roles\": {\"" + account + "\": \"viewer\"}}",
            201);
    String ann = issued.get("token").textValue();
    JsonNode steered = running.call("GET", wp + "/steering", null, 200);
    JsonNode accounts = running.call("GET", "/api/v1/accounts", null, 200);
    // A pin that expires while the daemon is down.
    JsonNode shortPin =
        running.call(
            "POST",
            wp + "/pins",
            "{\"resource\": \"memory\", \"allocation\": 1.0E9, \"ttl\": 1}",
            201);
    assertThat(shortPin.get("pins")).hasSize(2);
    running.kill();
    Thread.sleep(1100);

    running = Daemons.start(settings, data, dir.resolve("second.log"));
    running.awaitWorkload(w);
    JsonNode after = running.call("GET", wp + "/steering", null, 200);
    assertThat(after.get("policy")).isEqualTo(steered.get("policy"));
    assertThat(after.get("accountPolicy")).isEqualTo(steered.get("accountPolicy"));
    assertThat(after.get("hints")).isEqualTo(steered.get("hints"));
    assertThat(after.get("pause")).isEqualTo(steered.get("pause"));
    assertThat(after.get("pins")).isEqualTo(steered.get("pins"));
    assertThat(after.get("pins").get(0).get("resource").textValue()).isEqualTo("cpu");
    JsonNode accountsAfter = running.call("GET", "/api/v1/accounts", null, 200);
    assertThat(quotas(accountsAfter, account)).isEqualTo(quotas(accounts, account));
    Daemons.Reply me = running.send("GET", "/api/v1/me", ann, null);
    assertThat(me.status()).as("the issued token after the restart: %s", me.body()).isEqualTo(200);
    assertThat(me.body().get("roles").get(0).get("role").textValue()).isEqualTo("viewer");
    // A new directive after the restart takes an id no directive before it had.
    JsonNode pinned =
        running.call(
            "POST",
            wp + "/pins",
            "{\"resource\": \"memory\", \"allocation\": 2.0E9, \"ttl\": 60}",
            201);
    long most = 0;
    for (JsonNode p : shortPin.get("pins")) {
      most = Math.max(most, p.get("id").longValue());
    }
    for (JsonNode p : pinned.get("pins")) {
      if (p.get("resource").textValue().equals("memory")) {
        assertThat(p.get("id").longValue()).isGreaterThan(most);
      }
    }
  }

  private static JsonNode quotas(JsonNode accounts, String account) {
    for (JsonNode a : accounts.get("accounts")) {
      if (a.get("id").textValue().equals(account)) {
        return a.get("quotas");
      }
    }
    throw new AssertionError("no account " + account + " in " + accounts);
  }
}
