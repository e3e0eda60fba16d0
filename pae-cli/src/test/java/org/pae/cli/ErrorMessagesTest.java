package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each mistake a user can make on the command line gets one or two lines: what, and what is
 * allowed.
 */
class ErrorMessagesTest {
  @TempDir Path dir;

  private static SimulateCommandTest.Run run(String... args) {
    return SimulateCommandTest.run(args);
  }

  private Path series() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      b.append(10 + Math.sin(i / 3.0)).append('\n');
    }
    return Files.writeString(dir.resolve("series.txt"), b);
  }

  private static void assertShortAndClean(SimulateCommandTest.Run r) {
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines().count()).as(r.err()).isLessThanOrEqualTo(2);
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("org.pae");
  }

  @Test
  void anUnknownFitModelNamesTheModelsAllowed() throws IOException {
    SimulateCommandTest.Run r = run("fit", "--model", "arma", series().toString());
    assertShortAndClean(r);
    assertThat(r.err())
        .isEqualTo(
            "pae fit: unknown model 'arma'; --model takes one of arima, arima-auto, simple,"
                + " damped, additive, multiplicative, ets-auto\n");
  }

  @Test
  void aMissingSeriesFileSaysSo() {
    SimulateCommandTest.Run r = run("fit", dir.resolve("nope.txt").toString());
    assertShortAndClean(r);
    assertThat(r.err())
        .isEqualTo("pae fit: no such file or folder: " + dir.resolve("nope.txt") + "\n");
  }

  @Test
  void aLineThatIsNotANumberIsNamed() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.txt"), "1\n2\nthree\n4\n");
    SimulateCommandTest.Run r = run("fit", f.toString());
    assertShortAndClean(r);
    assertThat(r.err())
        .isEqualTo(
            "pae fit: "
                + f
                + ":3: 'three' is not a number; the series is one number per line, oldest first\n");
  }

  @Test
  void aBadOrderSaysWhatAnOrderIs() throws IOException {
    SimulateCommandTest.Run r = run("fit", "--order", "2,1", series().toString());
    assertShortAndClean(r);
    assertThat(r.err())
        .isEqualTo(
            "pae fit: --order takes p,d,q, three whole numbers 0 or more (e.g. 2,1,1); got '2,1'\n");
  }

  @Test
  void periodicityOnAMissingFolderSaysWhatFolderItNeeds() {
    SimulateCommandTest.Run r = run("periodicity", dir.resolve("nope").toString());
    assertShortAndClean(r);
    assertThat(r.err())
        .isEqualTo(
            "pae periodicity: no such folder: "
                + dir.resolve("nope")
                + "; give a folder of ts,value series labelled in LABELS.csv"
                + " (file,periodic,period), e.g. ../shared/data/crane-periodicity\n");
  }

  @Test
  void periodicityOnAFolderWithoutLabelsSaysSo() {
    SimulateCommandTest.Run r = run("periodicity", dir.toString());
    assertShortAndClean(r);
    assertThat(r.err()).startsWith("pae periodicity: " + dir + " has no LABELS.csv; give a folder");
  }

  @Test
  void aMistypedPaeKeyNamesWhatWasTypedNotAnExpansion() throws IOException {
    Path trace =
        Files.writeString(
            dir.resolve("t.csv"), "timestamp,workload,resource,value\n0,a,cpu,1\n300,a,cpu,2\n");
    SimulateCommandTest.Run r =
        run("simulate", "--trace", "csv:" + trace, "--policies", "pae:risk-budgt=0.01");
    assertShortAndClean(r);
    assertThat(r.err())
        .contains("pae simulate: unknown parameter 'risk-budgt' of pae (did you mean risk-budget?)")
        .doesNotContain("policy.cpu")
        .doesNotContain("actuator.");
  }

  /** {@code pae simulate --trace SPEC}, then with {@code --interval 5m}: both say the same. */
  private static void assertSimulateRefuses(String spec, String message) {
    for (List<String> interval : List.of(List.<String>of(), List.of("--interval", "5m"))) {
      List<String> args = new ArrayList<>(List.of("simulate", "--trace", spec));
      args.addAll(interval);
      SimulateCommandTest.Run r = run(args.toArray(String[]::new));
      assertShortAndClean(r);
      assertThat(r.out()).as("no report").isEmpty();
      assertThat(r.err().strip()).as("with %s", interval).isEqualTo("pae simulate: " + message);
    }
  }

  @Test
  void simulateOnAnEmptyFolderNamesIt() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("README.md"), "no trace here");
    assertSimulateRefuses(
        "bitbrains:" + empty,
        empty
            + " holds no trace files (hidden files and READMEs are not read); give a bitbrains"
            + " file or folder: Bitbrains GWA-T-12, one file per VM");
  }

  @Test
  void simulateOnAnEmptyFileNamesIt() throws IOException {
    Path f = Files.createFile(dir.resolve("fleet.csv"));
    assertSimulateRefuses("csv:" + f, f + ": the file is empty (0 bytes)");
  }

  @Test
  void simulateOnAnEmptyFileInAFolderNamesThatFile() throws IOException {
    Path vms = Files.createDirectories(dir.resolve("vms"));
    Files.writeString(vms.resolve("1.csv"), "timestamp,value\n2014-02-14 14:30:00,1.5\n");
    Path empty = Files.createFile(vms.resolve("2.csv"));
    assertSimulateRefuses("nab:" + vms, empty + ": the file is empty (0 bytes)");
  }

  @Test
  void simulateOnANabSeriesNotNamedCsvSaysWhatNabReads() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("ec2_cpu.txt"),
            "timestamp,value\n2014-02-14 14:30:00,1.5\n2014-02-14 14:35:00,2.5\n");
    assertSimulateRefuses(
        "nab:" + f, f + ": not a NAB series: NAB series are timestamp,value files named *.csv");
  }

  @Test
  void simulateOnAHeaderAloneSaysThereIsNoWorkload() throws IOException {
    Path f = Files.writeString(dir.resolve("fleet.csv"), "timestamp,workload,resource,value\n");
    assertSimulateRefuses(
        "csv:" + f,
        "no workload to replay in csv:" + f + " (1 file(s) read): they hold no csv rows");
  }

  @Test
  void simulateOnVmsTooShortSaysTheyWereDropped() throws IOException {
    Path vms = Files.createDirectories(dir.resolve("vms"));
    StringBuilder b = new StringBuilder("Timestamp [ms];\tCPU cores\n");
    for (int i = 0; i < 5; i++) {
      b.append(1372629804 + 300 * i)
          .append(";\t2;\t5851.9;\t87.7;\t1.5;\t8218624.0;\t1034592.8;\t0;\t0;\t0;\t0\n");
    }
    Files.writeString(vms.resolve("1.csv"), b);
    assertSimulateRefuses(
        "bitbrains:" + vms,
        "no workload to replay in bitbrains:"
            + vms
            + " (1 file(s) read): 1 workload(s) had 12 rows or fewer after cleaning");
  }

  @Test
  void simulateOnAMissingPathNamesIt() {
    Path nope = dir.resolve("nope");
    assertSimulateRefuses("planetlab:" + nope, "trace path " + nope + " does not exist");
  }
}
