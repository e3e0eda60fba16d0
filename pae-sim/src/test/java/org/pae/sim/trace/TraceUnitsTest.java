package org.pae.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;

/** Reading a trace in ranges of units, one after the other, gives its workloads in order. */
class TraceUnitsTest {
  @TempDir Path dir;

  private static List<String> ids(Stream<WorkloadTrace> workloads) {
    try (workloads) {
      return workloads.map(WorkloadTrace::id).toList();
    }
  }

  private static List<String> inRanges(Trace t, int size) {
    List<String> out = new ArrayList<>();
    for (int from = 0; from < t.units(); from += size) {
      out.addAll(ids(t.workloads(from, Math.min(t.units(), from + size))));
    }
    return out;
  }

  @Test
  void syntheticRangesMakeTheSameWorkloads() {
    Trace t = TraceFormat.open("synthetic:7:seed=2:days=1", ParseIssues.strict());
    assertThat(t.units()).isEqualTo(7);
    assertThat(inRanges(t, 3)).isEqualTo(ids(t.workloads())).hasSize(7);
    try (Stream<WorkloadTrace> one = t.workloads(4, 5);
        Stream<WorkloadTrace> all = t.workloads()) {
      assertThat(one.findFirst().orElseThrow().series(Resource.CPU).usage())
          .isEqualTo(all.skip(4).findFirst().orElseThrow().series(Resource.CPU).usage());
    }
  }

  @Test
  void fileRangesReadTheirFilesAndCountShortOnes() throws IOException {
    for (int vm = 1; vm <= 5; vm++) {
      StringBuilder b = new StringBuilder();
      int rows = vm == 3 ? 2 : 20; // VM 3 has too few rows: skipped, and counted
      for (int i = 0; i < rows; i++) {
        b.append(1_376_314_800L + 300L * i)
            .append(";\t2;\t5200;\t")
            .append(100 + vm)
            .append(";\t2;\t4194304;\t")
            .append(1_000_000 + i)
            .append(";\t1;\t2;\t3;\t4\n");
      }
      Files.writeString(dir.resolve(vm + ".csv"), b);
    }
    ParseIssues issues = ParseIssues.strict();
    Trace t = TraceFormat.open("bitbrains:" + dir, issues);
    assertThat(t.units()).isEqualTo(5);
    assertThat(inRanges(t, 2)).isEqualTo(List.of("1", "2", "4", "5"));
    assertThat(issues.shortWorkloads()).isEqualTo(1);
    ParseIssues elsewhere = ParseIssues.strict();
    elsewhere.add(issues);
    assertThat(elsewhere.shortWorkloads()).isEqualTo(1);
  }

  @Test
  void aLongCsvTraceSplitsIntoItsFilesEachReadWhole() throws IOException {
    for (int f = 1; f <= 3; f++) {
      StringBuilder b = new StringBuilder("timestamp,workload,resource,value\n");
      for (int i = 0; i < 4; i++) {
        for (String w : List.of("web-" + f, "db-" + f)) {
          b.append(1_700_000_000L + 300L * i).append(',').append(w).append(",cpu,").append(i);
          b.append('\n');
        }
      }
      Files.writeString(dir.resolve("part-" + f + ".csv"), b);
    }
    Trace t = TraceFormat.open("csv:" + dir, ParseIssues.strict());
    assertThat(t.units()).isEqualTo(3);
    assertThat(inRanges(t, 2))
        .isEqualTo(ids(t.workloads()))
        .containsExactly("web-1", "db-1", "web-2", "db-2", "web-3", "db-3");
  }

  @Test
  void aRangeOutsideTheTraceIsRefused() {
    Trace t = TraceFormat.open("synthetic:3", ParseIssues.strict());
    assertThatThrownBy(() -> t.workloads(2, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("units 2 to 4 of a trace of 3");
  }
}
