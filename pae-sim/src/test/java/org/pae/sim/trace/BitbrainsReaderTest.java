package org.pae.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class BitbrainsReaderTest {
  static final String HEADER =
      "Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage"
          + " [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput"
          + " [KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput"
          + " [KB/s];\tNetwork transmitted throughput [KB/s]";

  @TempDir Path dir;

  static String row(long t, double cpuP, double cpuU, double memP, double memU) {
    return t
        + ";\t2;\t"
        + cpuP
        + ";\t"
        + cpuU
        + ";\t1.0;\t"
        + memP
        + ";\t"
        + memU
        + ";\t1.0;\t2.0;\t3.0;\t4.0";
  }

  /** {@code n} clean rows from t = 1000, 300 s apart, cpu usage = i, memory usage = 10 i. */
  static List<String> rows(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(row(1000 + 300L * i, 100, i, 1000, 10 * i));
    }
    return out;
  }

  static Path gzip(Path file, List<String> lines) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((HEADER + "\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  @Test
  void readsColumnsInTheTracesUnitsWithTimestampsInSeconds() throws IOException {
    Path f = gzip(dir.resolve("17.csv.gz"), rows(13));
    WorkloadTrace w = BitbrainsReader.read(f, ParseIssues.strict()).orElseThrow();
    assertThat(w.id()).isEqualTo("17");
    assertThat(w.times()[0]).isEqualTo(1000);
    assertThat(w.times()[12]).isEqualTo(1000 + 300 * 12);
    assertThat(w.series(Resource.CPU).usage()[5]).isEqualTo(5);
    assertThat(w.series(Resource.CPU).allocation()[5]).isEqualTo(100);
    assertThat(w.series(Resource.CPU).unit()).isEqualTo(Unit.MHZ);
    assertThat(w.series(Resource.MEMORY).usage()[5]).isEqualTo(50);
    assertThat(w.series(Resource.MEMORY).allocation()[5]).isEqualTo(1000);
    assertThat(w.series(Resource.MEMORY).recorded()).isTrue();
    // disk = read + write, network = received + transmitted; no recorded allocation: static peak
    assertThat(w.series(Resource.DISK_IO).usage()[0]).isEqualTo(3.0);
    assertThat(w.series(Resource.NETWORK).usage()[0]).isEqualTo(7.0);
    assertThat(w.series(Resource.NETWORK).recorded()).isFalse();
    assertThat(w.series(Resource.NETWORK).allocation()[0]).isEqualTo(7.0);
  }

  @Test
  void cleansAsBenchmarksSaysSortKeepLastOfRepeatedDropZeroProvisioned() throws IOException {
    List<String> lines = new ArrayList<>(rows(13));
    lines.add(row(1000 + 300 * 3, 100, 99, 1000, 990)); // repeats t3 later in the file: kept
    lines.add(2, row(1000 + 300 * 20, 100, 20, 1000, 200)); // out of order: sorted to the end
    lines.add(row(1000 + 300 * 21, 0, 0, 1000, 5)); // 0 provisioned CPU: dropped
    lines.add(row(1000 + 300 * 22, 100, 1, 0, 5)); // 0 provisioned memory: dropped
    Path f = gzip(dir.resolve("3.csv.gz"), lines);
    WorkloadTrace w = BitbrainsReader.read(f, ParseIssues.strict()).orElseThrow();
    assertThat(w.steps()).isEqualTo(14);
    assertThat(w.series(Resource.CPU).usage()[3]).isEqualTo(99);
    assertThat(w.times()[13]).isEqualTo(1000 + 300 * 20);
    assertThat(w.series(Resource.CPU).usage()[13]).isEqualTo(20);
  }

  @Test
  void aRepeatedTimestampWhoseLastRowHasZeroProvisionedIsDroppedWhole() {
    List<BitbrainsReader.Row> rows =
        List.of(
            new BitbrainsReader.Row(10, 100, 1, 1000, 1, 0, 0),
            new BitbrainsReader.Row(10, 0, 0, 1000, 1, 0, 0),
            new BitbrainsReader.Row(5, 100, 2, 1000, 1, 0, 0));
    assertThat(BitbrainsReader.clean(rows))
        .extracting(BitbrainsReader.Row::time)
        .containsExactly(5L);
  }

  @Test
  void skipsAVmWithTwelveRowsOrFewerAfterCleaning() throws IOException {
    List<String> twelve = new ArrayList<>(rows(12));
    twelve.add(row(1000 + 300 * 30, 0, 0, 0, 0));
    ParseIssues issues = ParseIssues.strict();
    assertThat(BitbrainsReader.read(gzip(dir.resolve("1.csv.gz"), twelve), issues)).isEmpty();
    assertThat(issues.shortWorkloads()).isEqualTo(1);
    assertThat(BitbrainsReader.read(gzip(dir.resolve("2.csv.gz"), rows(13)), issues)).isPresent();
  }

  @Test
  void detectsXzAndPlainTextFromTheContentNotTheName() throws IOException {
    Path xz = dir.resolve("5.csv.gz"); // named .gz, but xz inside
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
      out.write((HEADER + "\n" + String.join("\n", rows(13))).getBytes(StandardCharsets.UTF_8));
    }
    Path plain = dir.resolve("6.csv.xz");
    Files.writeString(plain, HEADER + "\n" + String.join("\n", rows(14)));
    assertThat(BitbrainsReader.read(xz, ParseIssues.strict()).orElseThrow().steps()).isEqualTo(13);
    assertThat(BitbrainsReader.read(plain, ParseIssues.strict()).orElseThrow().steps())
        .isEqualTo(14);
  }

  @Test
  void aMalformedLineIsAnErrorNamingFileAndLine() throws IOException {
    List<String> lines = new ArrayList<>(rows(13));
    lines.set(4, "1;\t2;\t3"); // line 6 of the file (after the header)
    Path f = gzip(dir.resolve("9.csv.gz"), lines);
    assertThatThrownBy(() -> BitbrainsReader.read(f, ParseIssues.strict()))
        .isInstanceOf(TraceException.class)
        .hasMessageStartingWith(f + ":6: ")
        .hasMessageContaining("expected 11 fields");
    lines.set(4, row(2200, 100, -1, 1000, 1));
    Path g = gzip(dir.resolve("10.csv.gz"), lines);
    assertThatThrownBy(() -> BitbrainsReader.read(g, ParseIssues.strict()))
        .hasMessageContaining(g + ":6: CPU usage -1.0 is not a finite number >= 0");
  }

  @Test
  void lenientSkipsAndCountsMalformedLines() throws IOException {
    List<String> lines = new ArrayList<>(rows(15));
    lines.set(4, "garbage");
    lines.set(7, row(3100, 100, Double.NaN, 1000, 1));
    ParseIssues issues = ParseIssues.lenient();
    WorkloadTrace w =
        BitbrainsReader.read(gzip(dir.resolve("11.csv.gz"), lines), issues).orElseThrow();
    assertThat(w.steps()).isEqualTo(13);
    assertThat(issues.skipped()).isEqualTo(2);
    assertThat(issues.examples()).hasSize(2).first().asString().contains(":6:");
  }

  @Test
  void aFolderIsReadLazilyInNaturalOrder() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("month"));
    gzip(folder.resolve("10.csv.gz"), rows(13));
    gzip(folder.resolve("2.csv.gz"), rows(13));
    Files.writeString(folder.resolve("1.csv.gz"), "not a trace at all");
    Trace t = TraceFormat.open("bitbrains:" + folder, ParseIssues.strict());
    assertThat(t.expectedWorkloads()).contains(3);
    // the broken first file is only read when the stream reaches it
    try (var s = t.workloads()) {
      assertThatThrownBy(() -> s.map(WorkloadTrace::id).toList())
          .hasMessageContaining("1.csv.gz:1:");
    }
    Files.delete(folder.resolve("1.csv.gz"));
    Trace ok = TraceFormat.open("bitbrains:" + folder, ParseIssues.strict());
    try (var s = ok.workloads()) {
      assertThat(s.map(WorkloadTrace::id).toList()).containsExactly("2", "10");
    }
  }

  @Test
  void aBadSpecOrPathIsRefusedClearly() {
    assertThatThrownBy(() -> TraceFormat.open("nope:/tmp", ParseIssues.strict()))
        .hasMessageContaining("unknown trace format 'nope'")
        .hasMessageContaining("bitbrains");
    assertThatThrownBy(() -> TraceFormat.open("/tmp/x", ParseIssues.strict()))
        .hasMessageContaining("FORMAT:PATH");
    assertThatThrownBy(
            () -> TraceFormat.open("bitbrains:" + dir.resolve("missing"), ParseIssues.strict()))
        .hasMessageContaining("does not exist");
  }
}
