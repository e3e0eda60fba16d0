package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pae.core.anomaly.Anomaly;
import org.pae.core.anomaly.AnomalyKind;
import org.pae.core.anomaly.Band;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.server.state.AnomalyRecord;

/**
 * The webhook against a real HTTP server on the loopback that this test starts: a receiver that
 * fails twice and then recovers gets the anomaly on the third try; one that never recovers gets
 * every try and the failure is logged; each event is one log line.
 */
class AnomalyWebhookTest {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private HttpServer server;

  /** A receiver answering 503 to the first {@code failures} requests, 204 after. */
  private String receiver(int failures) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(calls.incrementAndGet() <= failures ? 503 : 204, -1);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static AnomalyRecord leak(Optional<Instant> end) {
    return new AnomalyRecord(
        new Anomaly(
            7,
            WorkloadId.of("vm-1"),
            Set.of(Resource.MEMORY),
            AnomalyKind.LEAK,
            T0,
            end,
            0.5,
            Optional.of(new Band(1, 2, 3)),
            "memory +20% over 18 steps (r2 0.98), cpu flat (+0%)"),
        new AccountId("acme"));
  }

  private static int await(CompletableFuture<Integer> f) throws Exception {
    return f.get(2, TimeUnit.MINUTES);
  }

  @Test
  void aReceiverThatFailsThenRecoversGetsTheAnomalyOnTheThirdTry() throws Exception {
    try (AnomalyWebhook hook =
        new AnomalyWebhook(receiver(2), 4, Duration.ofMillis(10), log::add)) {
      List<CompletableFuture<Integer>> sent = hook.publish(List.of(leak(Optional.empty())));
      assertThat(sent).hasSize(1);
      assertThat(await(sent.getFirst())).isEqualTo(3);
      // the same state again is not sent again; its close is
      assertThat(hook.publish(List.of(leak(Optional.empty())))).isEmpty();
      List<CompletableFuture<Integer>> closed =
          hook.publish(List.of(leak(Optional.of(T0.plusSeconds(60)))));
      assertThat(await(closed.getFirst())).isEqualTo(1);
    }
    assertThat(bodies).hasSize(4);
    assertThat(bodies.get(0)).isEqualTo(bodies.get(2));
    JsonNode first = new ObjectMapper().readTree(bodies.get(2));
    assertThat(first.get("event").asText()).isEqualTo("opened");
    assertThat(first.get("anomaly").get("kind").asText()).isEqualTo("leak");
    assertThat(first.get("anomaly").get("account").asText()).isEqualTo("acme");
    JsonNode last = new ObjectMapper().readTree(bodies.get(3));
    assertThat(last.get("event").asText()).isEqualTo("closed");
    assertThat(last.get("anomaly").get("end").asText()).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(log)
        .containsExactly(
            "anomaly opened: " + leak(Optional.empty()).anomaly().explain(),
            "anomaly closed: " + leak(Optional.empty()).anomaly().explain());
  }

  @Test
  void aReceiverThatNeverRecoversGetsEveryTryAndTheFailureIsLogged() throws Exception {
    String url = receiver(Integer.MAX_VALUE);
    try (AnomalyWebhook hook = new AnomalyWebhook(url, 3, Duration.ofMillis(10), log::add)) {
      CompletableFuture<Integer> sent = hook.publish(List.of(leak(Optional.empty()))).getFirst();
      assertThatThrownBy(() -> await(sent))
          .isInstanceOf(ExecutionException.class)
          .hasMessageContaining("not delivered after 3 attempts (HTTP 503)");
    }
    assertThat(bodies).hasSize(3);
    assertThat(log.getLast()).contains("anomaly #7 not delivered after 3 attempts (HTTP 503)");
  }

  @Test
  void aWebhookThatIsNotHttpIsRefused() {
    assertThatThrownBy(() -> new AnomalyWebhook("ftp://x/hook", 3, Duration.ZERO, log::add))
        .hasMessageContaining("anomaly.webhook must be an http(s) URL");
  }
}
