package org.pae.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The Prometheus that {@code .ci/prometheus.sh} starts on loopback, scraping a node exporter. */
final class LocalPrometheus {
  static final String URL = "http://127.0.0.1:19090";

  /** The node exporter's instance label. */
  static final String NODE = "127.0.0.1:19100";

  private LocalPrometheus() {}

  /** GET {@code path} (with its query) from the server. */
  static String get(String pathAndQuery) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(URL + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * Skips the test unless the server answers with the node exporter up; fails it instead where
   * {@code PAE_REQUIRE_PROMETHEUS} is set (as {@code .ci/run} does).
   */
  static void up() {
    String why = null;
    try {
      if (!get("/api/v1/query?query=up%7Bjob%3D%22node%22%7D").contains("\"value\"")) {
        why = "Prometheus at " + URL + " has no node exporter up";
      }
    } catch (Exception e) {
      why = "no Prometheus at " + URL + ": " + e;
    }
    if (why != null && System.getenv("PAE_REQUIRE_PROMETHEUS") != null) {
      throw new AssertionError(why + " (PAE_REQUIRE_PROMETHEUS is set)");
    }
    assumeTrue(why == null, why + "; skipping (.ci/prometheus.sh starts one)");
  }
}
