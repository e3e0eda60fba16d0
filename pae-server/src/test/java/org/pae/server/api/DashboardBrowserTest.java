package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.core.model.WorkloadId;
import org.pae.server.demo.SyntheticFleet;

/**
 * The dashboard end to end in headless Chromium (Debian's {@code chromium}, which {@code .ci/run}
 * installs): the page loads uPlot from the server's WebJar, reads the API with a token and marks on
 * {@code <body>} what it drew (data-selected, data-charts-ready, data-chart-resources,
 * data-fleet-fits), which these tests read from the DOM Chromium dumps. Two fleets: two tenants'
 * synthetic workloads, and a host as {@code pae run} sees one (processes, a service's cgroup, a
 * libvirt guest, eth0) either in its first minutes (everything warming up) or past a short warm-up
 * with one process that started late. Screenshots go to {@code target/dashboard-*.png}.
 */
class DashboardBrowserTest {
  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Fixture tenants;
  private static Fixture host;
  private static Fixture firstMinutes;
  private static Fixture anomalous;
  private static Path chromium;

  @BeforeAll
  static void start() {
    chromium = findChromium();
    Assumptions.assumeTrue(
        chromium != null, "chromium is not installed (apt-get install -y chromium): skipped");
    tenants = new Fixture(40, 80);
    // A 5-minute warm-up, 80 ticks of 5 s: decided by now, except rsync, which started at tick 60.
    host =
        new Fixture(
            SyntheticFleet.host(3, START, 720, Map.of("allocate.choice.warm-up", "5m"), 60), 80);
    // The default hour of warm-up, one minute in.
    firstMinutes = new Fixture(SyntheticFleet.host(3, START, 720, Map.of(), 0), 12);
    // The host with the anomaly detector on (scoring after 24 ticks) and postgres's memory leaking
    // 3 % of its level a tick from tick 60 on: 100 ticks.
    anomalous =
        new Fixture(
            SyntheticFleet.host(
                    3,
                    START,
                    720,
                    Map.of(
                        "allocate.choice.warm-up", "5m",
                        "anomaly.detector", "surprise",
                        "anomaly.surprise.warmup", "24"),
                    60)
                .leak(WorkloadId.of("pid:812"), 60, 0.03),
            100);
  }

  @AfterAll
  static void stop() {
    for (Fixture f : new Fixture[] {tenants, host, firstMinutes, anomalous}) {
      if (f != null) {
        f.close();
      }
    }
  }

  private static Path findChromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static String run(List<String> extra, String url)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("pae-chromium-");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1400,1500",
                "--virtual-time-budget=20000"));
    cmd.addAll(extra);
    cmd.add(url);
    Path out = Files.createTempFile("pae-chromium-", ".out");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    try (var walk = Files.walk(profile)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
    return dom;
  }

  private static String dom(Fixture f, String token, String view) throws Exception {
    return run(List.of("--dump-dom"), f.url("/dashboard/#token=" + token + view));
  }

  private static String attribute(String dom, String name) {
    Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(dom);
    assertThat(m.find())
        .as("%s drawn; DOM was:%n%s", name, dom.substring(0, Math.min(4000, dom.length())))
        .isTrue();
    return m.group(1);
  }

  private static List<JsonNode> workloads(Fixture f, String token) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(f.get("/api/v1/workloads", token).body()).get("workloads").forEach(out::add);
    return out;
  }

  /** The largest risk among a workload's series past warm-up; -1 when none is. */
  private static double risk(JsonNode w) {
    double worst = -1;
    for (JsonNode s : w.get("series")) {
      if (s.get("warmUpLeft").isNull() && !s.get("risk").isNull()) {
        worst = Math.max(worst, s.get("risk").asDouble());
      }
    }
    return worst;
  }

  private static double memoryUsage(JsonNode w) {
    for (JsonNode s : w.get("series")) {
      if (s.get("resource").asText().equals("memory") && !s.get("usage").isNull()) {
        return s.get("usage").asDouble();
      }
    }
    return -1;
  }

  @Test
  void chartsRenderWithDataAndTheTablesFillForOneTenant() throws Exception {
    String dom = dom(tenants, tenants.acmeViewer, "");
    assertThat(attribute(dom, "data-charts-ready")).isEqualTo("2");
    assertThat(attribute(dom, "data-chart-resources")).isEqualTo("memory cpu");
    assertThat(Integer.parseInt(attribute(dom, "data-chart-points"))).isGreaterThan(20);
    assertThat(dom).contains("class=\"uplot").contains("<canvas");
    assertThat(Pattern.compile("<tr data-id=\"acme-").matcher(dom).results().count()).isEqualTo(27);
    assertThat(dom).doesNotContain("data-id=\"globex-");
    assertThat(dom)
        .containsPattern(" by [a-z/-]+ q0\\.\\d+@\\d+s = \\d+(\\.\\d+)?( MiB| GiB|m| cores)");
    assertThat(dom).doesNotContain(tenants.acmeViewer);
  }

  @Test
  void theFirstViewIsTheRiskiestWorkloadNamedAndInUnitsWithAChartPerResource() throws Exception {
    List<JsonNode> all = workloads(host, host.admin);
    JsonNode riskiest =
        all.stream()
            .sorted(
                Comparator.comparingDouble(DashboardBrowserTest::risk)
                    .reversed()
                    .thenComparing(
                        Comparator.comparingDouble(DashboardBrowserTest::memoryUsage).reversed()))
            .findFirst()
            .orElseThrow();
    String dom = dom(host, host.admin, "");
    String selected = attribute(dom, "data-selected");
    assertThat(selected).isEqualTo(riskiest.get("id").asText()).isNotEqualTo("net:eth0");

    List<String> resources = new ArrayList<>();
    riskiest.get("series").forEach(s -> resources.add(s.get("resource").asText()));
    assertThat(attribute(dom, "data-chart-resources")).isEqualTo(String.join(" ", resources));
    assertThat(attribute(dom, "data-charts-ready")).isEqualTo(Integer.toString(resources.size()));

    // Named as a person knows them, never pid:NNNN or program unknown.
    assertThat(dom)
        .contains("data-name=\"java (pid 1207)\"")
        .contains("data-name=\"postgres (pid 812)\"")
        .contains("data-name=\"docker.service\"")
        .contains("data-name=\"web\"")
        .contains("data-name=\"eth0\"")
        .doesNotContain("data-name=\"pid:")
        .doesNotContain("program unknown");
    // Units everywhere, scaled: no raw exponent, no 0.00 of a unit too large.
    assertThat(dom).doesNotContainPattern("\\d\\.?\\d*e[+-]\\d").doesNotContain("0.00 GiB");
    assertThat(dom)
        .containsPattern("disk \\d+(\\.\\d+)? (MiB|KiB)/s")
        .containsPattern("net \\d+(\\.\\d+)? MiB/s");
    // Every row on the page, no scroll box; the table fits 1400 px.
    assertThat(attribute(dom, "data-fleet-rows")).isEqualTo(Integer.toString(all.size()));
    assertThat(attribute(dom, "data-fleet-fits")).isEqualTo("true");
    // rsync started late: warming up, with the time left; savings never shown as a negative.
    assertThat(dom).containsPattern("data-id=\"pid:4242\".*?warming up, \\d+ min left");
    assertThat(dom).containsPattern("data-card=\"memory (saved|added) since start\"[^>]*><b>\\d");
    assertThat(dom).doesNotContainPattern("<td[^>]*>[-−]\\d");
    // The storage tiers, for the host's admin: occupancy against capacity and the latest moves.
    int moves = Math.min(50, host.tiers.moves().size());
    assertThat(attribute(dom, "data-tiers")).isEqualTo("hot:0/2,warm:0/5,cold:20/-;moves:" + moves);
    assertThat(dom).contains("moves are recommended only").contains("recommended</td>");
  }

  @Test
  void theFleetFiltersAndSortsAndTheLogFiltersByWorkloadAndRule() throws Exception {
    JsonNode decisions = JSON.readTree(host.get("/api/v1/decisions", host.admin).body());
    assertThat(decisions.get("decisions")).isNotEmpty();
    JsonNode first = decisions.get("decisions").get(0);
    String workload = first.get("workload").asText();
    String rule = first.get("reason").get("rule").asText();
    long expected = 0;
    for (JsonNode d : decisions.get("decisions")) {
      if (d.get("workload").asText().equals(workload)
          && d.get("reason").get("rule").asText().equals(rule)) {
        expected++;
      }
    }
    String dom =
        dom(
            host,
            host.admin,
            "&filter=process&sort=-mem&log-workload="
                + Fixture.enc(workload)
                + "&log-rule="
                + rule);
    List<String> logged =
        Pattern.compile("<tr data-workload=\"([^\"]*)\" data-rule=\"([^\"]*)\"")
            .matcher(dom)
            .results()
            .map(m -> m.group(1) + " " + m.group(2))
            .toList();
    assertThat(logged).hasSize((int) expected).allMatch(l -> l.equals(workload + " " + rule));
    // Filtered to the five processes, sorted by memory used, largest first.
    List<String> rows =
        Pattern.compile("<tr data-id=\"([^\"]*)\"")
            .matcher(dom)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(rows).hasSize(5).allMatch(id -> id.startsWith("pid:"));
    assertThat(rows.getFirst()).isEqualTo("pid:1207");
    assertThat(dom).contains("class=\"desc\"");
  }

  @Test
  void inTheFirstMinutesForecastsShowAndWarmUpIsExplainedNotCountedAsRisk() throws Exception {
    for (JsonNode w : workloads(firstMinutes, firstMinutes.admin)) {
      for (JsonNode s : w.get("series")) {
        assertThat(s.get("forecast").isNull()).as("%s forecast", w.get("id")).isFalse();
        assertThat(s.get("warmUpLeft").asDouble()).isBetween(3000.0, 3600.0);
      }
    }
    String dom = dom(firstMinutes, firstMinutes.admin, "");
    assertThat(dom)
        .containsPattern(
            "<section id=\"warmup\" class=\"banner\" data-left=\"\\d+\">Warming up: 8 of 8")
        .containsPattern("(5\\d|60) min left")
        .contains("allocate.choice.warm-up")
        .containsPattern("data-card=\"at risk \\((&gt;|>) 5 %\\): counted after warm-up\"")
        .doesNotContain("risk-high")
        .containsPattern("<tr data-workload=\"[^\"]+\" data-rule=\"warming_up\">");
    // The memory forecast of the first row is shown, marked as warming up.
    assertThat(dom).containsPattern("<td class=\"warming\">\\d+(\\.\\d+)? (MiB|GiB)</td>");
    assertThat(attribute(dom, "data-charts-ready")).isNotEmpty();
  }

  /**
   * Issue 17: the anomalies the token may see are listed (workload, kind, start, end, score, band
   * broken) and shaded on the selected workload's charts with their kind; a tenant sees none of
   * another's.
   */
  @Test
  void anomaliesAreListedAndShadedOnTheChartsOfTheirWorkloadForTheirTenantOnly() throws Exception {
    JsonNode api =
        JSON.readTree(anomalous.get("/api/v1/anomalies", anomalous.admin).body()).get("anomalies");
    List<String> leaks = new ArrayList<>();
    api.forEach(
        a -> {
          if (a.get("kind").asText().equals("leak")) {
            leaks.add(a.get("workload").asText());
          }
        });
    assertThat(leaks).as("the API found the leak").contains("pid:812");

    String dom = dom(anomalous, anomalous.admin, "&select=" + Fixture.enc("pid:812"));
    assertThat(attribute(dom, "data-selected")).isEqualTo("pid:812");
    assertThat(attribute(dom, "data-anomaly-rows")).isEqualTo(Integer.toString(api.size()));
    assertThat(dom)
        .containsPattern(
            "<tr data-workload=\"pid:812\" data-kind=\"leak\"[^>]*><td[^>]*>postgres \\(pid"
                + " 812\\)</td><td class=\"kind\">leak</td><td>memory</td><td>[^<]+</td><td>"
                + "(open|[^<]+)</td><td>[01]\\.\\d\\d</td><td>\\d[^<]* – \\d[^<]* \\(median \\d");
    assertThat(attribute(dom, "data-anomaly-marks").split(" ")).contains("memory:leak");
    assertThat(dom).containsPattern("data-resource=\"memory\" data-anomalies=\"[^\"]*leak");
    assertThat(attribute(dom, "data-charts-ready")).isNotEmpty();

    String other = dom(anomalous, anomalous.acmeViewer, "");
    assertThat(attribute(other, "data-anomaly-rows")).isEqualTo("0");
    assertThat(other).doesNotContain("data-kind=").contains("no anomaly found");
  }

  @Test
  void withoutATokenItAsksForTheOneInTheDataDir() throws Exception {
    String dom = run(List.of("--dump-dom"), host.url("/dashboard/"));
    assertThat(dom).contains("&lt;data-dir&gt;/api-token").doesNotContain("~/.pae");
  }

  @Test
  void screenshotsShowTheDashboard() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    for (var shot :
        Map.of("host", host, "first-minutes", firstMinutes, "tenants", tenants).entrySet()) {
      Path png = target.resolve("dashboard-" + shot.getKey() + ".png");
      Files.deleteIfExists(png);
      run(
          List.of("--screenshot=" + png),
          shot.getValue().url("/dashboard/#token=" + shot.getValue().admin));
      assertThat(png).exists();
      assertThat(Files.size(png)).isGreaterThan(30_000);
    }
    Path png = target.resolve("dashboard-anomalies.png");
    Files.deleteIfExists(png);
    run(
        List.of("--screenshot=" + png),
        anomalous.url(
            "/dashboard/#token=" + anomalous.admin + "&select=" + Fixture.enc("pid:812")));
    assertThat(png).exists();
  }
}
