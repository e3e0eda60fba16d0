package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --trace prometheus:URL?...} against the real Prometheus of {@code
 * .ci/prometheus.sh}: the same samples, fetched from Prometheus's HTTP API by the test itself and
 * written as the generic CSV, replay to the same figures.
 */
class PrometheusTraceTest {
  private static final String MEMORY =
      "node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes";
  private static final String CPU =
      "1000 * sum by (instance) (rate(node_cpu_seconds_total{mode!=\"idle\"}[15s]))";
  private static final long STEP = 5;
  private static final long SPAN = 600;

  @TempDir Path dir;
  private long end;

  @BeforeEach
  void prometheus() {
    LocalPrometheus.up();
    // A past window on the step's grid, so both reads see the same finished samples.
    end = Math.floorDiv(Instant.now().getEpochSecond(), STEP) * STEP - 30;
  }

  private record Result(int code, String out, String err) {}

  private static Result pae(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private String spec() {
    return "prometheus:"
        + LocalPrometheus.URL
        + "?memory="
        + MEMORY
        + "&cpu="
        + CPU
        + "&labels=instance&span="
        + SPAN
        + "s&step="
        + STEP
        + "s&end="
        + end;
  }

  /**
   * The range as the CSV {@code timestamp,workload,resource,value}, from {@code query_range} over
   * {@code [end - span, end - step]} read here with Jackson.
   */
  private Path csv() throws Exception {
    StringBuilder rows = new StringBuilder("timestamp,workload,resource,value\n");
    ObjectMapper json = new ObjectMapper();
    for (var q : Map.of("memory", MEMORY, "cpu", CPU).entrySet()) {
      JsonNode body =
          json.readTree(
              LocalPrometheus.get(
                  "/api/v1/query_range?query="
                      + URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8)
                      + "&start="
                      + (end - SPAN)
                      + "&end="
                      + (end - STEP)
                      + "&step="
                      + STEP));
      assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("success");
      for (JsonNode series : body.path("data").path("result")) {
        String instance = series.path("metric").path("instance").asText();
        for (JsonNode v : series.path("values")) {
          rows.append(v.get(0).asLong())
              .append(',')
              .append(instance)
              .append(',')
              .append(q.getKey())
              .append(',')
              .append(v.get(1).asText())
              .append('\n');
        }
      }
    }
    Path file = dir.resolve("node.csv");
    Files.writeString(file, rows);
    return file;
  }

  @Test
  void aReplayFromPrometheusGivesTheFiguresOfTheSameSamplesReadFromCsv() throws Exception {
    Path file = csv();
    String[] common = {"--policies", "provisioned,reactive,vpa,autopilot,pae", "--report", "csv"};
    Result fromPrometheus = simulate(spec(), common);
    Result fromCsv = simulate("csv:" + file, common);
    assertThat(fromPrometheus.code()).as(fromPrometheus.err()).isZero();
    assertThat(fromCsv.code()).as(fromCsv.err()).isZero();
    assertThat(fromPrometheus.out())
        .contains("1 workloads, ")
        .contains("step 5s")
        .contains("pae,memory")
        .contains("pae,cpu");
    assertThat(fromPrometheus.out()).isEqualTo(fromCsv.out());
  }

  private static Result simulate(String trace, String[] common) {
    String[] args = new String[common.length + 3];
    args[0] = "simulate";
    args[1] = "--trace";
    args[2] = trace;
    System.arraycopy(common, 0, args, 3, common.length);
    return pae(args);
  }

  @Test
  void forecastEvalReadsTheSameTrace() {
    Result r =
        pae(
            "forecast-eval",
            "--trace",
            spec(),
            "--models",
            "naive",
            "--interval",
            "5s",
            "--history",
            "2m",
            "--every",
            "30s");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("naive,"))).isNotEmpty();
  }

  @Test
  void aBadSpecOrAServerThatIsDownIsAClearError() {
    Result noQuery = pae("simulate", "--trace", "prometheus:" + LocalPrometheus.URL);
    assertThat(noQuery.code()).isEqualTo(2);
    assertThat(noQuery.err()).contains("name at least one resource's PromQL");

    Result typo = pae("simulate", "--trace", spec() + "&stpe=5s");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("unknown parameter 'stpe'");

    Result down =
        pae("simulate", "--trace", "prometheus:http://127.0.0.1:1?memory=up", "--interval", "5s");
    assertThat(down.code()).isNotZero();
    assertThat(down.err()).contains("cannot reach Prometheus at http://127.0.0.1:1/");
  }
}
