package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.prometheus.PrometheusClient;
import picocli.CommandLine;

/**
 * The real Prometheus (Debian's binary, which {@code .ci/prometheus.sh} installs) scrapes a running
 * {@code pae run}'s {@code /metrics}, and PAE's series come back through Prometheus's query API.
 * The test starts a Prometheus of its own, on a free port with a scrape config naming the engine's
 * port, which only the test knows: the shared one of {@code .ci/prometheus.sh} reads its targets
 * once, at its start. {@code /metrics} needs no token (the API's other paths do): Prometheus
 * scrapes it as it is.
 */
class PrometheusScrapesRunTest {
  @TempDir Path dir;

  @Test
  void prometheusScrapesTheEnginesMetricsAndAnswersWithThem() throws Exception {
    Path binary = prometheus();
    Path settings = dir.resolve("s.properties");
    Files.writeString(
        settings, "host.observe-cgroups = false\nhost.network = false\nloop.interval = 1s\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter()));
    // Runs until interrupted, once Prometheus has answered.
    Thread run =
        Thread.ofPlatform()
            .name("pae-run")
            .start(
                () ->
                    cli.execute(
                        "run",
                        "--settings",
                        settings.toString(),
                        "--data-dir",
                        dir.resolve("data").toString(),
                        "--listen",
                        "0",
                        "--iterations",
                        "0"));
    String engine = Listening.address(err, 1200);

    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: pae
            metrics_path: /metrics
            static_configs:
              - targets: ['%s']
        """
            .formatted(engine));
    Process prometheus =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try {
      PrometheusClient client =
          new PrometheusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(10));
      List<PrometheusClient.Sample> ticks = List.of();
      // Bounded: up to 120 tries, 1 s apart (Prometheus starts, then scrapes every second).
      for (int i = 0; i < 120 && ticks.isEmpty(); i++) {
        Thread.sleep(1000);
        try {
          ticks = client.query("pae_tick_duration_seconds_count{job=\"pae\"} > 0", Instant.now());
        } catch (PrometheusClient.PrometheusException notYet) {
          // Prometheus is still starting.
        }
      }
      assertThat(ticks)
          .as("%s", Files.readString(dir.resolve("prometheus.log")))
          .singleElement()
          .satisfies(s -> assertThat(s.labels()).containsEntry("instance", engine));
      assertThat(client.query("up{job=\"pae\"}", Instant.now()))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
      // A per-workload series, with its labels, as PAE exported it.
      assertThat(client.query("pae_workload_usage{job=\"pae\",resource=\"memory\"}", Instant.now()))
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.labels()).containsKey("workload"));
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
      // A tick that reads through an interruptible channel takes the interrupt for itself (and
      // holds, as after any failed read): interrupt until the loop's sleep sees it.
      for (int i = 0; i < 120 && run.isAlive(); i++) {
        run.interrupt();
        run.join(Duration.ofMillis(500));
      }
    }
    assertThat(run.isAlive()).isFalse();
  }

  /**
   * Debian's {@code prometheus}; the test is skipped without it, and fails instead where {@code
   * PAE_REQUIRE_PROMETHEUS} is set (as {@code .ci/run} does).
   */
  private static Path prometheus() {
    Path binary = Path.of("/usr/bin/prometheus");
    boolean present = Files.isExecutable(binary);
    if (!present && System.getenv("PAE_REQUIRE_PROMETHEUS") != null) {
      throw new AssertionError(binary + " is missing (PAE_REQUIRE_PROMETHEUS is set)");
    }
    assumeTrue(present, binary + " is missing; skipping (.ci/prometheus.sh installs it)");
    return binary;
  }
}
