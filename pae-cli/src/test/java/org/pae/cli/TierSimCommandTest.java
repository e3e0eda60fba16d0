package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TierSimCommandTest {
  @TempDir Path dir;

  private int execute(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private Path lirsTrace() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      // Key 0 every other request, keys 1 to 300 in turn between.
      b.append(i % 2 == 0 ? 0 : 1 + (i / 2) % 300).append('\n');
    }
    Path f = dir.resolve("small.trace");
    Files.writeString(f, b);
    return f;
  }

  @Test
  void printsTheTableWritesTheReportThePlotAndOneMovesFilePerPolicy() throws IOException {
    Path trace = lirsTrace();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        execute(
            out,
            err,
            "tier-sim",
            "--trace",
            "lirs:" + trace,
            "--policies",
            "lru,oracle",
            "--out",
            dir.resolve("out").toString(),
            "--export-moves",
            dir.resolve("moves.csv").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("small: 5,000 requests, 301 keys, 5 epochs of 1,000; hot 3 keys, warm 30")
        .contains("total/rq");
    List<String> report = Files.readAllLines(dir.resolve("out/tier-report.csv"));
    assertThat(report).hasSize(3);
    assertThat(report.get(1)).startsWith("small,lru,");
    assertThat(Files.readString(dir.resolve("out/tier-small.svg"))).startsWith("<svg");
    List<String> oracle = Files.readAllLines(dir.resolve("moves-oracle.csv"));
    assertThat(oracle.getFirst()).isEqualTo("epoch,key,tier");
    assertThat(oracle).contains("1,0,hot");
    assertThat(dir.resolve("moves-lru.csv")).exists();
  }

  @Test
  void anUnknownPolicyIsNamedWithTheKnownOnes() throws IOException {
    Path trace = lirsTrace();
    StringWriter err = new StringWriter();
    int code =
        execute(
            new StringWriter(), err, "tier-sim", "--trace", "lirs:" + trace, "--policies", "arc");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown tier policy 'arc'; known: lru, lfu-decay, last-epoch, pae, oracle");
  }
}
