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
}
