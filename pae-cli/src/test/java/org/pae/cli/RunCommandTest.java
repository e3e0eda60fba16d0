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
  void showsThisHostsProcessesWithUsageForecastAndRecommendation() {
    Result r = pae("run", "--interval", "300ms", "--iterations", "2", "--top", "5");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("PID", "MEM_USED", "MEM_FCST", "MEM_REC", "CPU_REC", "recommend-only");
    long ticks = r.out().lines().filter(l -> l.contains("processes,")).count();
    assertThat(ticks).isEqualTo(2);
    long javaRows = r.out().lines().filter(l -> l.contains(" java ")).count();
    assertThat(javaRows).isPositive();
  }

  @Test
  void refusesABadSettingsFileNamingTheKey(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "policy.headrom = 0.2\n");
    Result r = pae("run", "--settings", f.toString(), "--iterations", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("pae: unknown setting 'policy.headrom'");
  }

  @Test
  void refusesAMissingProcfsClearly(@TempDir Path dir) {
    Result r = pae("run", "--proc", dir.resolve("nope").toString(), "--iterations", "1");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("nope");
  }

  @Test
  void answersVersionAndHelp() {
    assertThat(pae("--version").out()).startsWith("pae ");
    assertThat(pae("--help").out()).contains("run", "Predictive Access Engine");
  }
}
