package org.pae.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pae.core.anomaly.AnomalyKind;
import org.pae.server.state.AnomalyRecord;

/**
 * The alert sink: each anomaly that opens, changes kind or closes is written to the log as one line
 * and POSTed as JSON ({@code {"event": "opened", "anomaly": {...}}}, the anomaly as {@code GET
 * /api/v1/anomalies} shows it) to a webhook. A delivery that fails (no connection, a status other
 * than 2xx) is tried again after {@code backoff}, doubling, up to {@code attempts} tries, on a
 * thread of its own, so the loop never waits for a receiver; one that still fails is logged.
 */
public final class AnomalyWebhook implements AutoCloseable {
  private final URI url;
  private final int attempts;
  private final Duration backoff;
  private final Consumer<String> log;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(Thread.ofPlatform().name("pae-webhook").daemon().factory());

  /** What was last published of each anomaly: its kind, and whether it was open. */
  private final Map<Long, String> published = new HashMap<>();

  /**
   * @param url where to POST; empty: log lines only
   * @param attempts tries per delivery, &gt;= 1
   * @param backoff the wait after the first failed try, doubling after each
   * @param log where the log lines go
   */
  public AnomalyWebhook(String url, int attempts, Duration backoff, Consumer<String> log) {
    if (attempts < 1 || backoff.isNegative()) {
      throw new IllegalArgumentException(
          "webhook attempts must be >= 1 and backoff >= 0: " + attempts + ", " + backoff);
    }
    this.url = url.isBlank() ? null : URI.create(url.trim());
    if (this.url != null && !Set.of("http", "https").contains(this.url.getScheme())) {
      throw new IllegalArgumentException("anomaly.webhook must be an http(s) URL: " + url);
    }
    this.attempts = attempts;
    this.backoff = backoff;
    this.log = Objects.requireNonNull(log, "log");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Takes the latest anomalies (as the snapshot lists them) and publishes those that opened,
   * changed kind or closed since the last call; returns the deliveries started, each completing
   * with the number of tries it took, or exceptionally when every try failed.
   */
  public List<CompletableFuture<Integer>> publish(List<AnomalyRecord> latest) {
    List<CompletableFuture<Integer>> out = new ArrayList<>();
    Set<Long> present = new HashSet<>();
    for (AnomalyRecord r : latest) {
      long id = r.anomaly().id();
      present.add(id);
      AnomalyKind kind = r.anomaly().kind();
      String state = kind.key() + (r.anomaly().open() ? "" : ":closed");
      String before = published.put(id, state);
      if (state.equals(before)) {
        continue;
      }
      String event =
          before == null
              ? (r.anomaly().open() ? "opened" : "closed")
              : r.anomaly().open() ? "changed" : "closed";
      log.accept("anomaly " + event + ": " + r.anomaly().explain());
      if (url != null) {
        out.add(deliver(event, r));
      }
    }
    published.keySet().retainAll(present);
    return out;
  }

  private CompletableFuture<Integer> deliver(String event, AnomalyRecord r) {
    String body;
    try {
      body = mapper.writeValueAsString(Views.obj("event", event, "anomaly", Views.anomaly(r)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an anomaly did not serialise: " + r, e);
    }
    CompletableFuture<Integer> done = new CompletableFuture<>();
    sender.execute(() -> send(body, r, done));
    return done;
  }

  private void send(String body, AnomalyRecord r, CompletableFuture<Integer> done) {
    Duration wait = backoff;
    String last = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpResponse<Void> reply =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (reply.statusCode() / 100 == 2) {
          done.complete(attempt);
          return;
        }
        last = "HTTP " + reply.statusCode();
      } catch (java.io.IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done.completeExceptionally(e);
        return;
      }
      if (attempt < attempts) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          done.completeExceptionally(e);
          return;
        }
        wait = wait.multipliedBy(2);
      }
    }
    String message =
        "webhook "
            + url
            + ": anomaly #"
            + r.anomaly().id()
            + " not delivered after "
            + attempts
            + " attempts ("
            + last
            + ")";
    log.accept(message);
    done.completeExceptionally(new java.io.IOException(message));
  }

  /** Stops taking deliveries and waits up to {@code wait} for those under way. */
  public void close(Duration wait) throws InterruptedException {
    sender.shutdown();
    sender.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
