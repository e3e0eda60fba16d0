package org.pae.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Rule;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;

/**
 * Against a real Prometheus scraping a real node exporter on this host ({@code .ci/prometheus.sh}:
 * Prometheus on 127.0.0.1:19090 scraping the exporter on 127.0.0.1:19100 every second; another
 * server with {@code PAE_PROMETHEUS_URL}). Skipped with the reason when none answers, unless {@code
 * PAE_REQUIRE_PROMETHEUS} is set (as CI does), when it fails.
 */
class PrometheusSourceTest {
  private static final String URL =
      System.getenv().getOrDefault("PAE_PROMETHEUS_URL", "http://127.0.0.1:19090");
  private static final String NODE = "127.0.0.1:19100/node";
  private static PrometheusClient client;

  @BeforeAll
  static void reachable() {
    client = new PrometheusClient(URI.create(URL), Duration.ofSeconds(10));
    String why = null;
    try {
      if (client.query("up{job=\"node\"} == 1", Instant.now()).isEmpty()) {
        why = "Prometheus at " + URL + " has no node exporter up (job=\"node\")";
      }
    } catch (PrometheusClient.PrometheusException e) {
      why = e.getMessage();
    }
    if (why != null && System.getenv("PAE_REQUIRE_PROMETHEUS") != null) {
      throw new AssertionError(why + " (PAE_REQUIRE_PROMETHEUS is set)");
    }
    assumeTrue(why == null, why + "; skipping (.ci/prometheus.sh starts one)");
  }

  private static PrometheusSettings settings(Map<String, String> more) {
    Map<String, String> s = new HashMap<>(more);
    s.put("prometheus.url", URL);
    s.put("prometheus.workload-labels", "instance,job");
    return PrometheusSettings.from(SettingsSource.of(s));
  }

  @Test
  void mapsTheNodeExportersSeriesToAWorkloadByItsLabels() throws Exception {
    PrometheusSource source =
        new PrometheusSource(
            client,
            settings(
                Map.of(
                    "prometheus.query.memory", "node_memory_MemTotal_bytes",
                    "prometheus.query.cpu",
                        "1000 * sum by (instance, job) (rate(node_cpu_seconds_total{mode!=\"idle\"}[5s]))")),
            m -> {});
    List<Observation> seen = source.observe(Instant.now());
    Observation memory =
        seen.stream()
            .filter(o -> o.resource() == Resource.MEMORY && o.workload().id().value().equals(NODE))
            .findFirst()
            .orElseThrow();
    assertThat(memory.workload().kind()).isEqualTo(WorkloadKind.VM);
    // The exporter reads this host's /proc/meminfo: the same MemTotal, to the byte.
    assertThat(memory.usage().getAsDouble()).isEqualTo(memTotal());
    Observation cpu =
        seen.stream()
            .filter(o -> o.resource() == Resource.CPU && o.workload().id().value().equals(NODE))
            .findFirst()
            .orElseThrow();
    assertThat(cpu.usage().getAsDouble())
        .isPositive()
        .isLessThanOrEqualTo(1000.0 * Runtime.getRuntime().availableProcessors() * 1.05);
  }

  @Test
  void backfillCarriesEverySeriesPastItsWarmUp() throws Exception {
    Instant now = Instant.now();
    // Prometheus scrapes every second: wait for a minute of history if it only just started.
    Instant deadline = now.plusSeconds(70);
    while (client
            .queryRange("up{job=\"node\"}", now.minusSeconds(60), now, Duration.ofSeconds(1))
            .stream()
            .mapToInt(s -> s.values().length)
            .max()
            .orElse(0)
        < 40) {
      assumeTrue(Instant.now().isBefore(deadline), "Prometheus has under 40 s of history yet");
      Thread.sleep(5000);
      now = Instant.now();
    }
    PrometheusSettings ps =
        settings(
            Map.of(
                "prometheus.query.memory",
                "node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes"));
    PrometheusSource source = new PrometheusSource(client, ps, m -> {});
    Duration interval = Duration.ofSeconds(1);

    // Cold, PAE's choice policy warms up (30 s here) at the first tick and the second.
    Instant second = now.plus(interval);
    ControlLoop cold = loop(interval);
    assertThat(memory(cold.step(now, source.observe(now))).reason().rule())
        .isEqualTo(Rule.WARMING_UP);
    assertThat(memory(cold.step(second, source.observe(second))).reason().rule())
        .isEqualTo(Rule.WARMING_UP);

    ControlLoop warm = loop(interval);
    long replayed = source.backfill(warm, now, Duration.ofSeconds(60), interval);
    assertThat(replayed).isGreaterThanOrEqualTo(40);
    // The backfill ends with a rehearsal of each series' last sample: the first tick decides.
    Decision decided = memory(warm.step(now, source.observe(now)));
    assertThat(decided.reason().rule()).as("%s", decided).isNotEqualTo(Rule.WARMING_UP);
    assertThat(decided.reason().evidence()).isPresent();
  }

  @Test
  void aQueryPrometheusRefusesOrAServerThatIsDownIsAClearError() throws Exception {
    assertThatThrownBy(() -> client.query("sum(", Instant.now()))
        .isInstanceOf(PrometheusClient.PrometheusException.class)
        .hasMessageContaining("refused sum(: bad_data");
    Instant now = Instant.now();
    assertThatThrownBy(
            () -> client.queryRange("sum(", now.minusSeconds(60), now, Duration.ofSeconds(5)))
        .isInstanceOf(PrometheusClient.PrometheusException.class)
        .hasMessageContaining("refused sum(: bad_data");
    // The range answer is parsed as it streams in: its values are Prometheus's, to the byte.
    List<PrometheusClient.Series> range =
        client.queryRange(
            "node_memory_MemTotal_bytes", now.minusSeconds(60), now, Duration.ofSeconds(5));
    assertThat(range).singleElement().satisfies(r -> assertThat(r.values()).isNotEmpty());
    assertThat(range.getFirst().values()).containsOnly(memTotal());
    assertThat(range.getFirst().labels()).containsEntry("job", "node");
    List<String> warnings = new ArrayList<>();
    PrometheusSource source =
        new PrometheusSource(
            client,
            settings(Map.of("prometheus.query.memory", "node_memory_MemTotal_bytes")),
            warnings::add);
    assertThat(source.observe(Instant.now())).isNotEmpty();
    PrometheusSource unreachable =
        new PrometheusSource(
            new PrometheusClient(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2)),
            settings(Map.of("prometheus.query.memory", "node_memory_MemTotal_bytes")),
            warnings::add);
    assertThat(unreachable.observe(Instant.now())).isEmpty();
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("cannot reach Prometheus at http://127.0.0.1:1/")
        .endsWith("holding every memory series until it answers");
  }

  /**
   * PAE's default policy (choice), whose new series hold their allocation for
   * allocate.choice.warm-up (1 h by default; 30 s here, against a minute of history).
   */
  private static ControlLoop loop(Duration interval) {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    Settings s =
        Settings.load(Map.of("loop.interval", "1s", "allocate.choice.warm-up", "30s"), registry);
    return new ControlLoop(
        s.allocationPolicy("pae", s.forecasterFactory(registry), interval),
        Steering.uniform(s.bounds(), Map.of()),
        interval);
  }

  private static Decision memory(Plan plan) {
    return plan.decisions().stream()
        .filter(d -> d.series().workload().value().equals(NODE))
        .findFirst()
        .orElseThrow();
  }

  private static double memTotal() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return 1024.0 * Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no MemTotal in /proc/meminfo");
  }
}
