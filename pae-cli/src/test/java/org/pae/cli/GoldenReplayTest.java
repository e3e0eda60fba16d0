package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins {@code pae simulate} and {@code pae forecast-eval} on a few real Bitbrains VMs to the exact
 * figures they printed when the test was written: a refactoring of how the engine is assembled must
 * not move a digit. A change that means to move them (a fixed defect, a better model) updates the
 * files under {@code src/test/resources/golden/} in the same commit and says why.
 *
 * <p>Skipped where {@code ../shared/data} is absent (see its README).
 */
class GoldenReplayTest {
  private static final Path MONTH =
      Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "bitbrains-rnd", "2013-7");

  @Test
  void simulateOnThreeVmsPrintsThePinnedReport() throws IOException {
    assumeData();
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "simulate",
            "--trace",
            "bitbrains:" + MONTH,
            "--limit",
            "3",
            "--report",
            "csv",
            "--threads",
            "2");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(golden("simulate-3vms.csv"));
  }

  @Test
  void forecastEvalOnTwoVmsPrintsThePinnedScores() throws IOException {
    assumeData();
    SimulateCommandTest.Run r =
        SimulateCommandTest.run(
            "forecast-eval",
            "--trace",
            "bitbrains:" + MONTH,
            "--limit",
            "2",
            "--models",
            "naive,ensemble");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(golden("forecast-eval-2vms.csv"));
  }

  private static void assumeData() {
    assumeTrue(
        Files.isDirectory(MONTH),
        "skipped: the Bitbrains trace is not at " + MONTH + " (see ../shared/data/README.md)");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = GoldenReplayTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
