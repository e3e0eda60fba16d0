package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnomalyEvalCommandTest {
  @TempDir Path dir;

  /**
   * A NAB copy of two files, 2,000 rows each at 5-minute steps: one with a spike at row 1,500 in
   * the window [1,450, 1,549], one without a window.
   */
  private Path nab() throws IOException {
    LocalDateTime t0 = LocalDateTime.parse("2015-01-01T00:00:00");
    for (String name : List.of("spike", "calm")) {
      StringBuilder b = new StringBuilder("timestamp,value\n");
      for (int i = 0; i < 2000; i++) {
        double v = 10 + Math.sin(i / 7.0) + (name.equals("spike") && i == 1500 ? 50 : 0);
        b.append(t0.plusMinutes(5L * i).toString().replace('T', ' ')).append(":00,").append(v);
        b.append('\n');
      }
      Files.createDirectories(dir.resolve("nab/data/cat"));
      Files.writeString(dir.resolve("nab/data/cat/" + name + ".csv"), b);
    }
    Files.createDirectories(dir.resolve("nab/labels"));
    Files.writeString(
        dir.resolve("nab/labels/combined_windows.json"),
        """
        {"cat/spike.csv": [["2015-01-06 00:50:00.000000", "2015-01-06 09:05:00.000000"]],
         "cat/calm.csv": []}
        """);
    Files.createDirectories(dir.resolve("nab/config"));
    Files.writeString(
        dir.resolve("nab/config/profiles.json"),
        """
        {"standard": {"CostMatrix": {"tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11,
                                     "tnWeight": 1.0}}}
        """);
    return dir.resolve("nab");
  }

  @Test
  void writesNabsResultsLayoutAndPrintsTheScore() throws IOException {
    Path out = dir.resolve("out");
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "anomaly-eval",
            "--nab",
            nab().toString(),
            "--out",
            out.toString(),
            "--forecaster",
            "naive",
            "--threads",
            "1");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> spike = Files.readAllLines(out.resolve("pae/cat/pae_spike.csv"));
    assertThat(spike).hasSize(2001);
    assertThat(spike.getFirst()).isEqualTo("timestamp,value,anomaly_score,label");
    assertThat(spike.get(1)).startsWith("2015-01-01 00:00:00,10,0.0,0");
    // Label 1 exactly inside the window, rows 1,450 to 1,549.
    assertThat(spike.get(1450)).endsWith(",0");
    assertThat(spike.get(1451)).endsWith(",1");
    assertThat(spike.get(1550)).endsWith(",1");
    assertThat(spike.get(1551)).endsWith(",0");
    assertThat(Files.readAllLines(out.resolve("pae/cat/pae_calm.csv"))).hasSize(2001);
    // The spike is found at its row and nothing else crosses the threshold: a perfect score but
    // for the spike's place in the middle of its window.
    assertThat(r.out())
        .contains("pae over 2 NAB files (4000 rows)")
        .containsPattern("pae +9\\d\\.\\d\\d");
  }

  @Test
  void aMissingCorpusOrAnUnknownSettingIsAClearError() throws IOException {
    SimulateCommandTest.Run missing =
        SimulateCommandTest.run(
            "anomaly-eval", "--nab", dir.resolve("none").toString(), "--out", dir.toString());
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("no NAB copy at");
    SimulateCommandTest.Run unknown =
        SimulateCommandTest.run(
            "anomaly-eval",
            "--nab",
            nab().toString(),
            "--out",
            dir.toString(),
            "--set",
            "anomaly.surprise.bogus=1");
    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.err()).contains("unknown parameter anomaly.surprise.bogus");
  }
}
