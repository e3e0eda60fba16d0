package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;
import org.pae.sim.trace.Unit;

/**
 * {@code pae recommend} on a seeded CSV trace of three containers (two of the Deployment {@code
 * shop/web}, one of {@code db} in the default namespace), two days every 5 minutes, in bytes and
 * millicores.
 */
class RecommendCommandTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MIB = 1024 * 1024;

  @TempDir Path dir;
  private Path trace;

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

  @BeforeEach
  void writeTrace() throws Exception {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder("timestamp,workload,resource,value\n");
    Map<String, double[]> base =
        Map.of(
            "shop/web/app", new double[] {300 * MIB, 250},
            "shop/web/sidecar", new double[] {40 * MIB, 20},
            "db/postgres", new double[] {900 * MIB, 600});
    for (int i = 0; i < 2 * 288; i++) {
      long t = 1_700_000_000L + 300L * i;
      double day = 1 + 0.3 * Math.sin(2 * Math.PI * i / 288);
      for (String w : List.of("shop/web/app", "shop/web/sidecar", "db/postgres")) {
        double[] b = base.get(w);
        csv.append(
            String.format(
                Locale.ROOT,
                "%d,%s,memory,%.0f%n%d,%s,cpu,%.1f%n",
                t,
                w,
                b[0] * day * (0.95 + 0.1 * random.nextDouble()),
                t,
                w,
                b[1] * day * (0.8 + 0.4 * random.nextDouble())));
      }
    }
    trace = dir.resolve("fleet.csv");
    Files.writeString(trace, csv);
  }

  @Test
  void yamlAndJsonHoldTheVpaRecommendationShapeWithTheLastResizeOfTheReplay() throws Exception {
    Result yaml = pae("recommend", "--trace", "csv:" + trace, "--out", dir.resolve("y").toString());
    assertThat(yaml.code()).as(yaml.err()).isZero();
    JsonNode items = YAML.readTree(dir.resolve("y/recommendations.yaml").toFile());
    Result json =
        pae(
            "recommend",
            "--trace",
            "csv:" + trace,
            "--format",
            "json",
            "--out",
            dir.resolve("j").toString());
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(JSON.readTree(dir.resolve("j/recommendations.json").toFile())).isEqualTo(items);

    assertThat(items).hasSize(2);
    JsonNode web = items.get(0);
    assertThat(web.get("namespace").asText()).isEqualTo("shop");
    assertThat(web.get("target").asText()).isEqualTo("web");
    JsonNode containers = web.at("/recommendation/containerRecommendations");
    assertThat(containers).hasSize(2);
    assertThat(containers.get(0).get("containerName").asText()).isEqualTo("app");
    assertThat(containers.get(1).get("containerName").asText()).isEqualTo("sidecar");
    assertThat(items.get(1).get("target").asText()).isEqualTo("db");

    // Each figure is the last allocation change simulate exports for the pae policy, rounded up
    // to a whole MiB or millicore.
    Path decisions = dir.resolve("decisions.csv");
    Result sim =
        pae(
            "simulate",
            "--trace",
            "csv:" + trace,
            "--policies",
            "pae",
            "--resources",
            "memory,cpu",
            "--export-decisions",
            decisions.toString());
    assertThat(sim.code()).as(sim.err()).isZero();
    Map<String, Double> lastChange = new HashMap<>();
    for (String line :
        Files.readAllLines(decisions).subList(1, Files.readAllLines(decisions).size())) {
      String[] f = line.split(",");
      lastChange.put(f[0] + " " + f[2], Double.parseDouble(f[3]));
    }
    JsonNode app = containers.get(0);
    assertThat(app.at("/target/memory").asText())
        .isEqualTo((long) Math.ceil(lastChange.get("shop/web/app memory") / MIB) + "Mi");
    assertThat(app.at("/target/cpu").asText())
        .isEqualTo((long) Math.ceil(lastChange.get("shop/web/app cpu")) + "m");
    assertThat(app.get("uncappedTarget")).isEqualTo(app.get("target"));
    JsonNode db = items.get(1).at("/recommendation/containerRecommendations/0");
    assertThat(db.get("containerName").asText()).isEqualTo("postgres");
    assertThat(db.at("/target/memory").asText())
        .isEqualTo((long) Math.ceil(lastChange.get("db/postgres memory") / MIB) + "Mi");
  }

  @Test
  void k8sWritesAVpaManifestPerTargetBoundToPaesSizes() throws Exception {
    Path out = dir.resolve("k");
    Result r =
        pae(
            "recommend",
            "--trace",
            "csv:" + trace,
            "--format",
            "k8s",
            "--target-kind",
            "StatefulSet",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out.resolve("shop/web.yaml"));
    JsonNode web = YAML.readTree(out.resolve("shop/web.yaml").toFile());
    assertThat(web.get("apiVersion").asText()).isEqualTo("autoscaling.k8s.io/v1");
    assertThat(web.get("kind").asText()).isEqualTo("VerticalPodAutoscaler");
    assertThat(web.at("/metadata/name").asText()).isEqualTo("web-pae");
    assertThat(web.at("/metadata/namespace").asText()).isEqualTo("shop");
    assertThat(web.at("/spec/targetRef/kind").asText()).isEqualTo("StatefulSet");
    assertThat(web.at("/spec/targetRef/name").asText()).isEqualTo("web");
    assertThat(web.at("/spec/updatePolicy/updateMode").asText()).isEqualTo("Off");
    JsonNode policies = web.at("/spec/resourcePolicy/containerPolicies");
    assertThat(policies).hasSize(2);
    for (JsonNode p : policies) {
      assertThat(p.get("minAllowed")).isEqualTo(p.get("maxAllowed"));
      assertThat(p.at("/minAllowed/memory").asText()).endsWith("Mi");
      assertThat(p.at("/minAllowed/cpu").asText()).endsWith("m");
    }
    assertThat(out.resolve("default/db.yaml")).exists();
  }

  @Test
  void aTraceInKilobytesAndMegahertzIsSizedInBytesAndItsCpuLeftOutWithTheReason() throws Exception {
    // synthetic workloads, as Bitbrains, record memory in KB (gigabytes of it) and cpu in MHz
    Result r =
        pae("recommend", "--trace", "synthetic:2", "--format", "json", "--out", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("series left out: the trace records them in mhz");
    JsonNode items = new ObjectMapper().readTree(dir.resolve("recommendations.json").toFile());
    assertThat(items).isNotEmpty();
    for (JsonNode item : items) {
      JsonNode target = item.at("/recommendation/containerRecommendations/0/target");
      assertThat(target.has("cpu")).isFalse();
      String memory = target.get("memory").asText();
      assertThat(memory).endsWith("Mi");
      // KB taken as bytes gave 1-4 Mi for workloads of gigabytes
      assertThat(Long.parseLong(memory.replace("Mi", ""))).isGreaterThan(256);
    }
    assertThat(RecommendCommand.kubernetesUnits(Resource.MEMORY, Unit.KB, 1000))
        .contains(1_024_000.0);
    assertThat(RecommendCommand.kubernetesUnits(Resource.CPU, Unit.ANY, 250)).contains(250.0);
    assertThat(RecommendCommand.kubernetesUnits(Resource.CPU, Unit.PERCENT, 50)).isEmpty();
  }

  @Test
  void badInputIsAClearError() throws Exception {
    Result format = pae("recommend", "--trace", "csv:" + trace, "--format", "yml");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("unknown recommendation format 'yml'; did you mean 'yaml'?");

    Result kind =
        pae(
            "recommend",
            "--trace",
            "csv:" + trace,
            "--format",
            "k8s",
            "--target-kind",
            "Pod",
            "--out",
            dir.resolve("p").toString());
    assertThat(kind.code()).isEqualTo(2);
    assertThat(kind.err()).contains("a VerticalPodAutoscaler targets one of Deployment");

    Path deep = dir.resolve("deep.csv");
    Files.writeString(deep, Files.readString(trace).replace("shop/web/app", "a/b/c/d"));
    Result parts = pae("recommend", "--trace", "csv:" + deep, "--out", dir.resolve("d").toString());
    assertThat(parts.code()).isEqualTo(2);
    assertThat(parts.err()).contains("workload 'a/b/c/d' is not namespace/target/container");
  }
}
