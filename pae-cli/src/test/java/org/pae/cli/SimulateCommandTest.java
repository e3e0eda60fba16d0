package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Two workloads of 200 five-minute steps, CPU with a recorded allocation, memory without. */
  Path trace() throws IOException {
    StringBuilder b = new StringBuilder("timestamp,workload,resource,value,allocated\n");
    for (int i = 0; i < 200; i++) {
      long t = 1_000_000 + 300L * i;
      b.append(t).append(",web,cpu,").append(100 + 50 * Math.sin(i / 10.0)).append(",400\n");
      b.append(t).append(",web,memory,").append(1000 + i).append(",\n");
      b.append(t).append(",db,cpu,").append(20 + i % 5).append(",100\n");
    }
    return Files.writeString(dir.resolve("fleet.csv"), b);
  }

  @Test
  void printsTheReportAndWritesPlotsAndDecisions() throws IOException {
    Path out = dir.resolve("out");
    Run r =
        run(
            "simulate",
            "--trace",
            "csv:" + trace(),
            "--policies",
            "provisioned,vpa:margin=0.1,0.2,perfect",
            "--report",
            "csv",
            "--out",
            out.toString(),
            "--plot-vms",
            "web",
            "--export-decisions",
            dir.resolve("d.csv").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("policy,resource,footprint,rel_slack,short_rate,short_vol,chg_day\n")
        .contains("provisioned,cpu,1.00000,")
        .contains("vpa[margin=0.2],memory,")
        .contains("2 workloads, 400 steps, step 300s");
    assertThat(out.resolve("frontier.svg")).exists();
    assertThat(out.resolve("report.md")).content().contains("| perfect | cpu |");
    assertThat(out.resolve("workloads/web.svg")).exists();
    assertThat(out.resolve("workloads/db.svg")).doesNotExist();
    assertThat(dir.resolve("d-perfect.csv"))
        .content()
        .startsWith("vm,timestamp,resource,allocated\n");
    assertThat(r.err()).contains("simulate: 2 workloads");
  }

  @Test
  void theSparkEngineWithoutItsJarSaysWhatToAdd() {
    Run r = run("simulate", "--engine", "spark", "--trace", "synthetic:2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("the spark engine is not on the class path")
        .contains("pae-spark.jar")
        .contains("docs/spark.md");
  }

  @Test
  void parquetWithoutTheSparkJarSaysWhatToAdd() throws IOException {
    Path table = Files.createDirectories(dir.resolve("table"));
    Files.writeString(table.resolve("part-0.parquet"), "PAR1");
    Run simulate = run("simulate", "--trace", "parquet:" + table);
    assertThat(simulate.exit()).isEqualTo(2);
    assertThat(simulate.err())
        .contains("parquet traces are read through Spark")
        .contains("pae-spark.jar");
    Run convert = run("convert", "--trace", "synthetic:2", "--out", dir.resolve("pq").toString());
    assertThat(convert.exit()).isEqualTo(2);
    assertThat(convert.err())
        .contains("the parquet writer is not on the class path")
        .contains("convert --to parquet");
    assertThat(dir.resolve("pq")).doesNotExist();
  }

  @Test
  void anUnknownEngineIsRefusedNamingTheKnownOnes() {
    Run r = run("simulate", "--engine", "locl", "--trace", "synthetic:2");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown replay engine 'locl'; did you mean 'local'?");
  }

  @Test
  void helpDefinesEveryFigure() {
    Run r = run("simulate", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("footprint   sum(a) / sum(p)")
        .contains("rel_slack   sum(max(a - u, 0)) / sum(a)")
        .contains("short_rate  the share of workload-steps with u > a")
        .contains("short_vol   sum(max(u - a, 0)) / sum(u)")
        .contains("chg_day     allocation changes per workload-day");
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("whose short_rate is at most 1.1 times pae's");
  }

  @Test
  void theTableEndsWithAVerdictAgainstTheBestBaseline() throws IOException {
    Run r =
        run(
            "simulate",
            "--trace",
            "csv:" + trace(),
            "--resources",
            "cpu",
            "--policies",
            "provisioned,vpa,perfect,pae:allocate.policy=threshold");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .containsPattern("\\nverdict: pae\\[allocate.policy=threshold\\] cpu: [0-9.]+x ");
  }

  @Test
  void aSyntheticTraceRunsWithoutData() {
    Path out = dir.resolve("syn");
    Run r =
        run(
            "simulate",
            "--trace",
            "synthetic:3:seed=5:days=2",
            "--resources",
            "cpu,memory",
            "--policies",
            "provisioned,vpa,pae:allocate.policy=threshold",
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("3 workloads, 1728 steps, step 300s").contains("verdict: pae");
    assertThat(out.resolve("workloads/syn-000.svg")).exists();
    assertThat(out.resolve("workloads/syn-002.svg")).exists();
  }

  @Test
  void aMalformedLineFailsNamingItUnlessLenient() throws IOException {
    Path f = trace();
    Files.writeString(f, "1000,web,cpu,oops\n", java.nio.file.StandardOpenOption.APPEND);
    Run strict = run("simulate", "--trace", "csv:" + f, "--policies", "perfect");
    assertThat(strict.exit()).isNotZero();
    assertThat(strict.err()).contains(f + ":602: value 'oops' is not a number");
    Run lenient = run("simulate", "--trace", "csv:" + f, "--policies", "perfect", "--lenient");
    assertThat(lenient.exit()).as(lenient.err()).isZero();
    assertThat(lenient.out()).contains("1 malformed line(s) skipped (--lenient)");
  }

  @Test
  void anUnknownPolicyIsRefused() throws IOException {
    Run r = run("simulate", "--trace", "csv:" + trace(), "--policies", "vpa,magic");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("unknown policy 'magic'");
  }

  @Test
  void theContextCalendarAppliesAsInRun() throws IOException {
    // Issue 16: simulate accepted context.event.* and ignored it. The trace runs over midnight; an
    // announced 3x from 00:00 to 06:00 must move PAE's allocations there.
    Path f = trace();
    Path plain =
        Files.writeString(dir.resolve("plain.properties"), "allocate.policy = threshold\n");
    Path events =
        Files.writeString(
            dir.resolve("events.properties"),
            "allocate.policy = threshold\ncontext.event.night = factor=3; from=00:00; to=06:00\n");
    Run without =
        run("simulate", "--trace", "csv:" + f, "--policies", "pae", "--settings", plain.toString());
    Run with =
        run(
            "simulate",
            "--trace",
            "csv:" + f,
            "--policies",
            "pae",
            "--settings",
            events.toString());
    assertThat(without.exit()).as(without.err()).isZero();
    assertThat(with.exit()).as(with.err()).isZero();
    assertThat(with.out()).isNotEqualTo(without.out());
  }

  @Test
  void aMisspeltSettingIsRefusedWithTheClosestKnownOne() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.properties"), "loop.intervall = 5s\n");
    Run r =
        run(
            "simulate",
            "--trace",
            "csv:" + trace(),
            "--policies",
            "pae",
            "--settings",
            bad.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("unknown setting 'loop.intervall'; did you mean 'loop.interval'?");
  }
}
