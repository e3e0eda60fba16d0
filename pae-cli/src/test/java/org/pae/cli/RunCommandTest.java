package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result pae(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void showsThisHostsProcessesWithUsageForecastAndRecommendation(@TempDir Path data) {
    Result r =
        pae(
            "run",
            "--interval",
            "300ms",
            "--iterations",
            "2",
            "--top",
            "5",
            "--view",
            "screen",
            "--data-dir",
            data.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("\033[H")
        .contains("PROCESSES", "MEM_USED", "MEM_FCST", "MEM_ALLOC", "CPU_ALLOC", "recommend-only");
    // Without a terminal to ask, the screen is 24 x 120: every line is cut to 120 columns.
    assertThat(r.out().split("\033\\[K"))
        .allMatch(l -> l.replace("\033[J", "").replace("\033[H", "").strip().length() <= 120);
    assertThat(data.resolve("history.duckdb")).exists();
    long ticks = r.out().lines().filter(l -> l.contains(" workloads (")).count();
    assertThat(ticks).isEqualTo(2);
    long javaRows = r.out().lines().filter(l -> l.startsWith("java (pid ")).count();
    assertThat(javaRows).isPositive();
  }

  @Test
  void pipedItPrintsALinePerTickAndNoEscapes(@TempDir Path data) {
    Result r =
        pae("run", "--interval", "300ms", "--iterations", "2", "--data-dir", data.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).doesNotContain("\033").contains("Warming up: ");
    assertThat(r.out().lines().filter(l -> l.contains(" workloads (")).count()).isEqualTo(2);
    assertThat(r.out().lines().filter(l -> l.contains(" memory: ")))
        .allMatch(l -> l.matches(".* memory: \\S+ -> \\S+, .*"));
  }

  @Test
  void refusesABadSettingsFileNamingTheKey(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "policy.headrom = 0.2\n");
    Result r =
        pae(
            "run",
            "--settings",
            f.toString(),
            "--iterations",
            "1",
            "--data-dir",
            dir.resolve("data").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("pae: refusing to start, bad settings: unknown setting 'policy.headrom'");
  }

  @Test
  void refusesAMissingProcfsClearly(@TempDir Path dir) {
    Result r =
        pae(
            "run",
            "--proc",
            dir.resolve("nope").toString(),
            "--iterations",
            "1",
            "--data-dir",
            dir.resolve("data").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("refusing to start", "nope");
  }

  @Test
  void answersVersionAndHelp() {
    assertThat(pae("--version").out()).startsWith("pae ");
    assertThat(pae("--help").out()).contains("run", "Predictive Access Engine");
  }
}
