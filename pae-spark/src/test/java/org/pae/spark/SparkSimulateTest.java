package org.pae.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pae simulate --engine spark} in local[2] writes what {@code --engine local} writes: the
 * report, the decisions export, the frontier and the workload plots, byte for byte — for every
 * policy when one task holds the whole trace, and for the policies that share nothing across
 * workloads when the trace is cut into several tasks, and for {@code pae} too when its workloads
 * are cut among tasks that pool its fleet-wide shortfall price every interval.
 */
class SparkSimulateTest extends LocalSpark {
  private static final String BASELINES = "provisioned,reactive,vpa,autopilot";
  @TempDir Path dir;

  /** What one run printed and wrote, by file name relative to its folder. */
  record Output(String stdout, Map<String, String> files) {}

  Output simulate(String engine, String trace, String policies, String... more) {
    Path out = dir.resolve(engine);
    return new Output(
        succeed("simulate", engine, trace, reportingTo(out, policies, more)), files(out));
  }

  private static Map<String, String> files(Path root) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  @Test
  void oneTaskWritesExactlyWhatTheLocalEngineWrites() {
    workloadsPerTask(100);
    String trace = "synthetic:6:seed=3:days=3";
    String policies = BASELINES + ",pae";
    Output local = simulate("local", trace, policies);
    Output spark = simulate("spark", trace, policies);
    assertThat(spark.stdout()).isEqualTo(local.stdout()).contains("pae,cpu,");
    assertThat(spark.files()).isEqualTo(local.files());
    assertThat(spark.files().keySet())
        .contains(
            "report/report.csv",
            "report/frontier.svg",
            "report/workloads/syn-000.svg",
            "decisions-pae.csv",
            "decisions-vpa.csv");
  }

  @Test
  void manyTasksGiveTheSameFiguresWhereNoPriceIsShared() {
    workloadsPerTask(2);
    String trace = "synthetic:7:seed=5:days=2";
    Output local = simulate("local", trace, BASELINES);
    Output spark = simulate("spark", trace, BASELINES);
    assertThat(spark.stdout()).isEqualTo(local.stdout()).contains("7 workloads");
    assertThat(spark.files()).isEqualTo(local.files());
  }

  @Test
  void bitbrainsVmsInATaskEachGiveTheSameFilesAsLocally() {
    Path month =
        Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "bitbrains-rnd", "2013-7");
    assumeTrue(
        Files.isDirectory(month),
        "skipped: the Bitbrains trace is not at " + month + " (../shared/data, see its README)");
    workloadsPerTask(1);
    String trace = "bitbrains:" + month;
    String[] firstTwo = {"--limit", "2", "--resources", "cpu,memory", "--plot-vms", "1"};
    Output local = simulate("local", trace, BASELINES, firstTwo);
    Output spark = simulate("spark", trace, BASELINES, firstTwo);
    assertThat(spark.stdout()).isEqualTo(local.stdout()).contains("vpa,memory,", "2 workloads");
    assertThat(spark.files()).isEqualTo(local.files()).containsKey("report/workloads/1.svg");
  }

  /** Five Bitbrains-like VMs of 40 steps, VM 2 too short to replay. */
  private Path fiveVmsOneShort() throws IOException {
    Path traces = Files.createDirectories(dir.resolve("vms"));
    for (int vm = 1; vm <= 5; vm++) {
      StringBuilder b = new StringBuilder();
      int rows = vm == 2 ? 3 : 40; // VM 2 is too short to replay: skipped, and counted
      for (int i = 0; i < rows; i++) {
        b.append(1_376_314_800L + 300L * i)
            .append(";\t2;\t5200;\t")
            .append(100 + vm * (i % 7))
            .append(";\t2;\t4194304;\t")
            .append(1_000_000 + 1000 * (i % 5))
            .append(";\t1;\t2;\t3;\t4\n");
      }
      Files.writeString(traces.resolve(vm + ".csv"), b);
    }
    return traces;
  }

  @Test
  void aLimitCountsWorkloadsPastAShortOneAsLocally() throws IOException {
    String trace = "bitbrains:" + fiveVmsOneShort();
    workloadsPerTask(2);
    Output local = simulate("local", trace, BASELINES, "--limit", "3");
    Output spark = simulate("spark", trace, BASELINES, "--limit", "3");
    assertThat(spark.stdout())
        .isEqualTo(local.stdout())
        .contains("3 workloads, 120 steps", "1 workload(s) skipped");
    assertThat(spark.files()).isEqualTo(local.files());
  }

  @Test
  void replicasThatPoolThePriceReadOnPastAShortOneAsLocally() throws IOException {
    String trace = "bitbrains:" + fiveVmsOneShort();
    workloadsPerTask(1);
    Output local = simulate("local", trace, "provisioned,pae", "--limit", "3");
    Output spark = simulate("spark", trace, "provisioned,pae", "--limit", "3");
    assertThat(spark.stdout())
        .isEqualTo(local.stdout())
        .contains("3 workloads, 120 steps", "1 workload(s) skipped");
    assertThat(spark.files()).isEqualTo(local.files());
  }

  /**
   * Pooled every interval (the default {@code spark.pae.poolEvery}), the tasks steer the price one
   * local replay steers: the report, the decisions export and the plots are those of a local run,
   * byte for byte, however the fleet is cut.
   */
  @Test
  void replicasThatPoolThePriceEveryIntervalWriteExactlyWhatTheLocalEngineWrites() {
    String trace = "synthetic:7:seed=7:days=2";
    String policies = "provisioned,vpa,pae";
    Output local = simulate("local", trace, policies);
    assertThat(local.files().get("decisions-pae.csv").lines().count()).isGreaterThan(100);
    for (int perTask : new int[] {3, 1}) {
      workloadsPerTask(perTask);
      Output spark = simulate("spark", trace, policies);
      assertThat(spark.stdout()).as("tasks of " + perTask).isEqualTo(local.stdout());
      assertThat(spark.files()).as("tasks of " + perTask).isEqualTo(local.files());
    }
  }

  /**
   * Pooled hourly, the tasks steer between poolings on their own series and the others' as last
   * pooled (an approximation, see {@code PooledReplayTest}): the baselines' rows stay exact.
   */
  @Test
  void replicasThatPoolHourlyKeepTheBaselinesExact() {
    workloadsPerTask(3);
    String trace = "synthetic:7:seed=7:days=2";
    String policies = "provisioned,vpa,pae";
    Output local = simulate("local", trace, policies);
    sc().setLocalProperty(Sessions.POOL_EVERY, "1h");
    Output spark = simulate("spark", trace, policies);
    assertBaselinesExact(local.stdout(), spark.stdout());
    assertThat(rows(spark.stdout()).keySet()).contains("pae,cpu", "pae,memory", "vpa,memory");
  }

  /** The report's rows agree but for {@code pae}'s figures: the same rows and lines. */
  private static void assertBaselinesExact(String local, String spark) {
    Map<String, String[]> want = rows(local);
    Map<String, String[]> got = rows(spark);
    assertThat(got.keySet()).isEqualTo(want.keySet());
    for (String row : want.keySet()) {
      if (!row.startsWith("pae,")) {
        assertThat(got.get(row)).as(row).isEqualTo(want.get(row));
      }
    }
    assertThat(otherLines(spark)).isEqualTo(otherLines(local));
  }

  /** The report's rows by policy and resource. */
  private static Map<String, String[]> rows(String report) {
    Map<String, String[]> rows = new TreeMap<>();
    for (String line : report.split("\n")) {
      String[] f = line.split(",");
      if (f.length > 2 && (f[1].equals("cpu") || f[1].equals("memory"))) {
        rows.put(f[0] + "," + f[1], f);
      }
    }
    return rows;
  }

  private static List<String> otherLines(String report) {
    return Stream.of(report.split("\n"))
        .filter(l -> !l.startsWith("pae,") && !l.contains("footprint"))
        .filter(l -> rows(l).isEmpty())
        .toList();
  }

  /** A long CSV trace of three files, two workloads each: a task per file. */
  @Test
  void aLongCsvTraceOfSeveralFilesInATaskEachGivesTheSameFilesAsLocally() throws IOException {
    Path traces = Files.createDirectories(dir.resolve("long"));
    for (int f = 1; f <= 3; f++) {
      StringBuilder b = new StringBuilder("timestamp,workload,resource,value,allocated\n");
      for (int i = 0; i < 60; i++) {
        for (String w : List.of("web-" + f, "db-" + f)) {
          long t = 1_700_000_000L + 300L * i;
          b.append(t).append(',').append(w).append(",cpu,").append(200 + (i * 7 * f) % 90);
          b.append(",400\n").append(t).append(',').append(w).append(",memory,");
          b.append(1000 + (i * 13 + f) % 300).append(",2048\n");
        }
      }
      Files.writeString(traces.resolve("part-" + f + ".csv"), b);
    }
    workloadsPerTask(1);
    String trace = "csv:" + traces;
    String[] plot = {"--plot-vms", "db-2"};
    Output local = simulate("local", trace, BASELINES, plot);
    Output spark = simulate("spark", trace, BASELINES, plot);
    assertThat(spark.stdout()).isEqualTo(local.stdout()).contains("6 workloads");
    assertThat(spark.files()).isEqualTo(local.files()).containsKey("report/workloads/db-2.svg");
  }

  @Test
  void aMalformedLineIsReportedWithItsFileAndLine() throws IOException {
    Path traces = Files.createDirectories(dir.resolve("bad"));
    StringBuilder b = new StringBuilder("Timestamp [ms];\tCPU cores\n");
    Files.writeString(traces.resolve("1.csv"), b.append("1376314846;\tnot-a-number\n"));
    Run r =
        run(
            List.of(
                "simulate",
                "--engine",
                "spark",
                "--trace",
                "bitbrains:" + traces,
                "--policies",
                "provisioned"));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("1.csv:2: expected 11 fields");
  }
}
