package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pae.core.model.WorkloadId;
import org.pae.server.demo.SyntheticFleet;
import org.pae.server.state.Snapshot;

/**
 * The terminal view of a host: every kind of workload, a WHY per resource, fitted to the screen.
 */
class TerminalViewTest {
  private static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(5);

  private static Snapshot host(Map<String, String> settings, int ticks) {
    SyntheticFleet f = SyntheticFleet.host(3, START, 100, settings, 60);
    f.advance(ticks);
    return f.live().snapshot();
  }

  private static List<String> screenLines(String screen) {
    assertThat(screen).startsWith("\033[H").endsWith("\033[J");
    return screen.substring(3, screen.length() - 3).lines().toList();
  }

  @Test
  void aScreenListsCgroupsVmsInterfacesAndProcessesWithAWhyForEveryResource() {
    Snapshot s = host(Map.of("allocate.choice.warm-up", "5m"), 80);
    TerminalView view =
        new TerminalView(15, Set.of(WorkloadId.of("/system.slice/docker.service")), false);
    List<String> lines = screenLines(view.screen(s, STEP, 400, 60));
    assertThat(lines).allMatch(l -> l.endsWith("\033[K"));
    String text = String.join("\n", lines);
    assertThat(text)
        .contains("CGROUPS AND VMS", "INTERFACES AND DEVICES", "PROCESSES")
        .contains(
            "docker.service [managed]", "web ", "eth0 ", "java (pid 1207)", "rsync (pid 4242)")
        .contains("WHY (every resource)")
        .doesNotContain("pid:1207");
    String java =
        lines.stream().filter(l -> l.startsWith("java (pid 1207)")).findFirst().orElseThrow();
    assertThat(java)
        .contains("mem: ")
        .contains("cpu: ")
        .contains("disk: ")
        .containsPattern("MiB/s");
    String eth0 = lines.stream().filter(l -> l.startsWith("eth0 ")).findFirst().orElseThrow();
    assertThat(eth0).contains("net: ").containsPattern("net \\d+(\\.\\d)?MiB/s");
    // rsync started late: warming up, its forecast shown and marked, the time left in its WHY.
    String rsync =
        lines.stream().filter(l -> l.startsWith("rsync (pid 4242)")).findFirst().orElseThrow();
    assertThat(rsync).containsPattern("MiB\\*").contains("mem: warming up, 3m left");
    assertThat(text).contains("Warming up: 1 workloads, 3m left");
  }

  @Test
  void aScreenFitsTheTerminal() {
    Snapshot s = host(Map.of(), 12);
    List<String> lines = screenLines(new TerminalView(15, Set.of(), false).screen(s, STEP, 80, 16));
    assertThat(lines).hasSizeLessThanOrEqualTo(16);
    assertThat(lines).allMatch(l -> l.length() - "\033[K".length() <= 80);
    assertThat(String.join("\n", lines))
        .contains("Warming up: 7 workloads, 59m left")
        .contains("PROCESSES (");
  }

  @Test
  void linesGiveTheTickAndEachResizeInUnitsWithoutEscapes() {
    SyntheticFleet f =
        SyntheticFleet.host(3, START, 100, Map.of("allocate.choice.warm-up", "1m"), 60);
    TerminalView view = new TerminalView(15, Set.of(), false);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      f.advance(1);
      out.append(view.lines(f.live().snapshot(), STEP, i == 0));
    }
    String text = out.toString();
    assertThat(text).doesNotContain("\033");
    assertThat(text.lines().filter(l -> l.contains(" workloads (")).count()).isEqualTo(40);
    assertThat(text).contains("Warming up: 7 workloads");
    assertThat(text.lines().filter(l -> l.contains("Warming up")).count()).isEqualTo(1);
    assertThat(text)
        .containsPattern(
            "applied \\S.* (memory|cpu|disk_io|network): \\S+ -> \\S+, scale (up|down) by ");
  }
}
