package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pae run} on a real terminal: tmux gives it one (a pane of 200 × 50), and what the pane
 * shows — and what scrolled out of it — is read with {@code capture-pane}. On a terminal the view
 * is redrawn in place: after several ticks one screen, one header, nothing in the scrollback.
 */
class RunTerminalTmuxTest {
  @TempDir Path dir;
  private final String socket = "pae-test-" + ProcessHandle.current().pid();

  private static boolean onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, name))) {
        return true;
      }
    }
    return false;
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("tmux " + String.join(" ", args) + " did not return");
    }
    return out;
  }

  @AfterEach
  void stop() throws Exception {
    if (onPath("tmux")) {
      tmux("kill-server");
    }
  }

  @Test
  void onATerminalOneScreenIsRedrawnInPlaceWithEveryKindOfWorkload() throws Exception {
    Assumptions.assumeTrue(onPath("tmux"), "tmux is not installed (apt-get install -y tmux)");
    Path settings = dir.resolve("s.properties");
    Files.writeString(settings, "loop.interval = 1s\n");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String command =
        String.join(
            " ",
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--settings",
            settings.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--listen",
            "off",
            "--iterations",
            "8",
            "2>" + dir.resolve("err.txt"),
            "; echo PAE-EXIT=$?; sleep 600");
    tmux("new-session", "-d", "-s", "run", "-x", "200", "-y", "50", command);
    String pane = "";
    for (int i = 0; i < 600 && !pane.contains("PAE-EXIT="); i++) {
      Thread.sleep(200);
      pane = tmux("capture-pane", "-p", "-t", "run");
    }
    String all = tmux("capture-pane", "-p", "-S", "-", "-t", "run");
    assertThat(pane).as(Files.readString(dir.resolve("err.txt"))).contains("PAE-EXIT=0");
    // Eight ticks drawn, one screen left: one header, in the pane and in its whole history.
    assertThat(all.lines().filter(l -> l.contains(" workloads (")).count()).as(all).isEqualTo(1);
    assertThat(pane)
        .contains("CGROUPS AND VMS")
        .contains("INTERFACES AND DEVICES")
        .contains("PROCESSES")
        .contains("WHY (every resource)")
        .containsPattern("\\n(lo|eth\\d|en\\S+) ")
        .containsPattern("mem: (warming up|[a-z ]+)")
        .containsPattern("cpu: (warming up|[a-z ]+)")
        .containsPattern("net: (warming up|[a-z ]+)")
        .containsPattern("Warming up: \\d+ workloads, (59m|1h00m) left")
        .containsPattern(
            "\\d+ workloads \\(\\d+ cgroups and VMs, \\d+ processes, \\d+ interfaces and devices\\), \\d+ allocations changed")
        .doesNotContain("pid:");
    assertThat(pane.lines()).allMatch(l -> l.length() <= 200);
  }
}
