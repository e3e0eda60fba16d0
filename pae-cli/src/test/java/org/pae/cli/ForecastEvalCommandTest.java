package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastEvalCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheRowsAndTheSeriesItEvaluatedForTheOutsidePeer() throws IOException {
    // Two workloads of eight days at 5-minute steps: seven days of history, one of origins.
    StringBuilder b = new StringBuilder("timestamp,workload,resource,value,allocated\n");
    int n = 288 * 8;
    for (int i = 0; i < n; i++) {
      long t = 1_000_000 + 300L * i;
      b.append(t).append(",web,cpu,").append(100 + 50 * Math.sin(i / 10.0)).append(",400\n");
      b.append(t).append(",db,cpu,").append(20 + i % 5).append(",100\n");
    }
    Path trace = Files.writeString(dir.resolve("fleet.csv"), b);
    Path series = dir.resolve("series.csv");
    Path slots = dir.resolve("slots.csv");
    Path floors = dir.resolve("floors.csv");
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "forecast-eval",
            "--trace",
            "csv:" + trace,
            "--models",
            "naive",
            "--resources",
            "cpu",
            "--series-out",
            series.toString(),
            "--slots-out",
            slots.toString(),
            "--floors-out",
            floors.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("model,resource,horizon,mase,pinball50,pinball90,pinball99,cov50,cov90,cov99\n")
        .contains("naive,cpu,1,", "naive,cpu,12,");
    List<String> lines = Files.readAllLines(series);
    assertThat(lines.getFirst()).isEqualTo("workload,resource,timestamp,usage");
    assertThat(lines).hasSize(1 + 2 * n).contains("db,cpu,1000300,21.0");
    // Hourly origins from 1,000,000 s (46 min 40 s into an hour): 12 steps ahead land in the
    // origin's slot (9), one step ahead in the next; a day ahead is past the trace's end.
    assertThat(Files.readAllLines(slots))
        .first()
        .isEqualTo("model,resource,horizon,slot,forecasts,cov50,cov90,cov99");
    assertThat(
            Files.readAllLines(slots).stream()
                .skip(1)
                .map(l -> l.split(",", 5)[3] + "/" + l.split(",")[2]))
        .containsExactlyInAnyOrder("10/1", "9/12");
    // Neither workload is ever at 0: each floor is its level; a day ahead nothing is scored.
    List<String> floorLines = Files.readAllLines(floors);
    assertThat(floorLines)
        .first()
        .isEqualTo("resource,horizon,forecasts,zero_share,floor50,floor90,floor99");
    assertThat(floorLines.subList(1, 3).stream().map(l -> l.split(",", 4)[3]))
        .containsOnly("0.0000,0.5000,0.9000,0.9900");
    assertThat(floorLines.get(3)).isEqualTo("cpu,288,0,NaN,NaN,NaN,NaN");
  }
}
