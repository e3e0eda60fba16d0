package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.server.demo.SyntheticFleet;

/**
 * The Grafana dashboard that ships with PAE ({@code deploy/grafana/pae-dashboard.json}) against a
 * real Prometheus (Debian's {@code prometheus}, started here with its own config and a temporary
 * TSDB) scraping a real PAE server: every panel's query, and the workload variable's, returns data.
 * Also the label sets stay bounded: at most {@code metrics.max-workloads} workloads are exported.
 */
class GrafanaDashboardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXPORTED = 7;
  private static Fixture f;
  private static Process prometheus;
  private static Path dir;
  private static String base;

  private static Path onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  @BeforeAll
  static void start() throws Exception {
    Path binary = onPath("prometheus");
    Assumptions.assumeTrue(
        binary != null, "prometheus is not installed (.ci/prometheus.sh installs it): skipped");
    f =
        new Fixture(
            SyntheticFleet.host(
                5,
                Instant.parse("2026-03-02T08:00:00Z"),
                100,
                Map.of("allocate.choice.warm-up", "2m"),
                40),
            60);
    f.fleet.live().exportWorkloads(EXPORTED);
    dir = Files.createTempDirectory("pae-prometheus-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: pae
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(f.server.port()));
    prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    base = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (f != null) {
      f.close();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static JsonNode query(String promql) throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/api/v1/query?query=" + Fixture.enc(promql)))
            .build();
    try {
      return JSON.readTree(
          http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
    } catch (java.io.IOException e) {
      return JSON.readTree("{\"status\":\"unreachable\"}");
    }
  }

  /** Queries until Prometheus answers with data (it scrapes every second), at most two minutes. */
  private static JsonNode data(String promql) throws Exception {
    JsonNode r = query(promql);
    for (int i = 0; i < 240 && !hasData(r); i++) {
      Thread.sleep(500);
      r = query(promql);
    }
    return r;
  }

  private static boolean hasData(JsonNode r) {
    return r.path("status").asText().equals("success") && !r.path("data").path("result").isEmpty();
  }

  private static String expand(String expr) {
    return expr.replace("$workload", ".*").replace("$__rate_interval", "1m");
  }

  @Test
  void everyPanelsQueryReturnsDataFromPrometheusScrapingPae() throws Exception {
    JsonNode dashboard =
        JSON.readTree(Path.of("..", "deploy", "grafana", "pae-dashboard.json").toFile());
    assertThat(data("up{job=\"pae\"} == 1").path("data").path("result"))
        .as(Files.readString(dir.resolve("prometheus.log")))
        .hasSize(1);
    List<String> empty = new ArrayList<>();
    int queries = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        String expr = expand(target.get("expr").asText());
        queries++;
        JsonNode r = data(expr);
        assertThat(r.path("status").asText()).as(expr + ": " + r).isEqualTo("success");
        if (r.path("data").path("result").isEmpty()) {
          empty.add(panel.get("title").asText() + ": " + expr);
        }
      }
    }
    assertThat(queries).isGreaterThanOrEqualTo(20);
    assertThat(empty).as("queries without data").isEmpty();
    // The workload variable lists the exported workloads by name.
    String variable =
        dashboard.get("templating").get("list").get(1).get("query").get("query").asText();
    assertThat(variable).isEqualTo("label_values(pae_workload_usage, name)");
    JsonNode names = data("group by (name) (pae_workload_usage)").path("data").path("result");
    List<String> shown = new ArrayList<>();
    names.forEach(n -> shown.add(n.path("metric").path("name").asText()));
    assertThat(shown).hasSize(EXPORTED).contains("web", "docker.service", "eth0");
  }

  @Test
  void theLabelSetsAreBoundedByTheSetting() throws Exception {
    String text = f.get("/metrics", null).body();
    assertThat(text)
        .containsPattern("\npae_workloads 8(\\.0)?\n")
        .containsPattern("\npae_workloads_exported 7(\\.0)?\n");
    long workloads =
        text.lines()
            .filter(l -> l.startsWith("pae_workload_recommendation{"))
            .map(l -> l.replaceAll(".*workload=\"([^\"]*)\".*", "$1"))
            .distinct()
            .count();
    assertThat(workloads).isEqualTo(EXPORTED);
    // Cgroups, VMs and devices first, then the processes by memory allocated: not nginx.
    assertThat(text)
        .contains("name=\"java (pid 1207)\"")
        .contains("name=\"postgres (pid 812)\"")
        .doesNotContain("name=\"nginx (pid 377)\"")
        .containsPattern("pae_workload_forecast\\{[^}]*quantile=\"0.95\"[^}]*resource=\"memory\"");
  }
}
