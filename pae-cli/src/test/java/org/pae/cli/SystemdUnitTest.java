package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The systemd unit in {@code deploy/systemd/pae.service} (no systemd runs here to start it): its
 * command line is one {@code pae run} accepts, its data directory is the state directory systemd
 * makes, and exit 2 (a refusal to start) is not restarted.
 */
class SystemdUnitTest {
  @Test
  void theUnitRunsACommandLineThatPaeRunAccepts() throws Exception {
    List<String> unit = Files.readAllLines(Path.of("..", "deploy", "systemd", "pae.service"));
    String exec =
        unit.stream()
            .filter(l -> l.startsWith("ExecStart="))
            .findFirst()
            .orElseThrow()
            .substring(10);
    List<String> words = Arrays.asList(exec.split(" "));
    assertThat(words.get(0)).endsWith("/bin/java");
    int jar = words.indexOf("-jar");
    assertThat(words.get(jar + 1)).endsWith(".jar");
    String[] args = words.subList(jar + 2, words.size()).toArray(String[]::new);
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
    assertThat(parsed.subcommand().matchedOptionValue("--data-dir", Path.of("unset")))
        .isEqualTo(Path.of("/var/lib/pae"));
    assertThat(parsed.subcommand().matchedOptionValue("--view", "")).isEqualTo("lines");
    assertThat(unit).contains("StateDirectory=pae", "RestartPreventExitStatus=2");
  }
}
