package org.pae.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;

class OtherReadersTest {
  @TempDir Path dir;

  private static List<WorkloadTrace> read(String spec, ParseIssues issues) {
    try (Stream<WorkloadTrace> s = TraceFormat.open(spec, issues).workloads()) {
      return s.toList();
    }
  }

  @Test
  void planetLabIsOneVmDayOfCpuPercentAtFiveMinuteSteps() throws IOException {
    Path day = Files.createDirectories(dir.resolve("20110303"));
    Files.writeString(day.resolve("vm_a"), "10\n20\n\n30\n");
    List<WorkloadTrace> w = read("planetlab:" + dir, ParseIssues.strict());
    assertThat(w).hasSize(1);
    assertThat(w.get(0).id()).isEqualTo("20110303/vm_a");
    assertThat(w.get(0).times()).containsExactly(1299110400L, 1299110700L, 1299111000L);
    assertThat(w.get(0).series(Resource.CPU).usage()).containsExactly(10, 20, 30);
    assertThat(w.get(0).series(Resource.CPU).allocation()).containsOnly(100);
    Files.writeString(day.resolve("vm_b"), "10\nx\n");
    assertThatThrownBy(() -> read("planetlab:" + dir, ParseIssues.strict()))
        .hasMessageContaining("vm_b:2: CPU % 'x' is not a number");
  }

  @Test
  void nabIsTimestampValuePerFile() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("realAWSCloudwatch"));
    Files.writeString(
        sub.resolve("ec2_cpu.csv"),
        "timestamp,value\n2014-02-14 14:35:00,2.5\n2014-02-14 14:30:00,1.5\n");
    List<WorkloadTrace> w = read("nab:" + dir, ParseIssues.strict());
    assertThat(w.get(0).id()).isEqualTo("realAWSCloudwatch/ec2_cpu");
    assertThat(w.get(0).times()).containsExactly(1392388200L, 1392388500L);
    assertThat(w.get(0).series(Resource.CPU).usage()).containsExactly(1.5, 2.5);
    assertThat(w.get(0).series(Resource.CPU).allocation()).containsOnly(2.5);
  }

  @Test
  void csvLongFormatGroupsWorkloadsKeepsLastRepeatAndCarriesAllocation() throws IOException {
    Path f = dir.resolve("mine.csv");
    Files.writeString(
        f,
        """
        timestamp,workload,resource,value,allocated
        100,a,cpu,1,10
        100,b,memory,5
        200,a,cpu,2,
        200,a,cpu,3,
        300,a,cpu,4,20
        100,a,memory,7
        """);
    List<WorkloadTrace> w = read("csv:" + f, ParseIssues.strict());
    assertThat(w).extracting(WorkloadTrace::id).containsExactly("a", "b");
    WorkloadTrace a = w.get(0);
    assertThat(a.times()).containsExactly(100L, 200L, 300L);
    assertThat(a.series(Resource.CPU).usage()).containsExactly(1, 3, 4);
    assertThat(a.series(Resource.CPU).allocation()).containsExactly(10, 10, 20);
    assertThat(a.series(Resource.MEMORY).usage()[0]).isEqualTo(7);
    assertThat(a.series(Resource.MEMORY).usage()[1]).isNaN();
    assertThat(a.series(Resource.MEMORY).recorded()).isFalse();
    assertThat(a.series(Resource.MEMORY).allocation()).containsOnly(7);
  }

  @Test
  void csvRefusesAnUnknownResourceNamingTheLineOrSkipsItWhenLenient() throws IOException {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "100,a,cpu,1\n200,a,ram,2\n300,a,cpu,-3\n400,a,cpu,4\n");
    assertThatThrownBy(() -> read("csv:" + f, ParseIssues.strict()))
        .hasMessageStartingWith(f + ":2: unknown resource 'ram'");
    ParseIssues lenient = ParseIssues.lenient();
    assertThat(read("csv:" + f, lenient).get(0).steps()).isEqualTo(2);
    assertThat(lenient.skipped()).isEqualTo(2);
  }

  @Test
  void azureReadsAverageCpuAgainstTheWholeVm() throws IOException {
    Path f = dir.resolve("vm_cpu_readings-file-1-of-125.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
      out.write(
          """
          0,vmA,1.0,9.0,4.0
          300,vmA,2.0,8.0,5.0
          0,vmB,0.5,1.5,1.0
          600,vmA,1.0,3.0,2.0
          """
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    List<WorkloadTrace> w = read("azure:" + f, ParseIssues.strict());
    assertThat(w).extracting(WorkloadTrace::id).containsExactly("vmA", "vmB");
    assertThat(w.get(0).series(Resource.CPU).usage()).containsExactly(4, 5, 2);
    assertThat(w.get(0).series(Resource.CPU).allocation()).containsOnly(100);
    Files.writeString(dir.resolve("x.csv"), "0,vmA,5.0,1.0,3.0\n");
    assertThatThrownBy(() -> read("azure:" + dir.resolve("x.csv"), ParseIssues.strict()))
        .hasMessageContaining("x.csv:1: min 5.0 <= avg 3.0 <= max 1.0 does not hold");
  }

  @Test
  void alibabaReadsMachineAndContainerUsageWithMissingFields() throws IOException {
    Path m = dir.resolve("machine_usage.csv");
    Files.writeString(m, "m_1,10,40,60,,,1.5,2.5,7\nm_1,20,50,61,,,,,8\n");
    WorkloadTrace machine = read("alibaba:" + m, ParseIssues.strict()).get(0);
    assertThat(machine.id()).isEqualTo("m_1");
    assertThat(machine.series(Resource.CPU).usage()).containsExactly(40, 50);
    assertThat(machine.series(Resource.MEMORY).usage()).containsExactly(60, 61);
    assertThat(machine.series(Resource.MEMORY).allocation()).containsOnly(100);
    assertThat(machine.series(Resource.NETWORK).usage()[0]).isEqualTo(4.0);
    assertThat(machine.series(Resource.NETWORK).usage()[1]).isNaN();
    assertThat(machine.series(Resource.DISK_IO).usage()).containsExactly(7, 8);
    Path c = dir.resolve("container_usage.csv");
    Files.writeString(c, "c_1,m_1,10,30,20,,,,1,1,3\nc_1,m_1,20,35,,,,,1,1,3\n");
    WorkloadTrace container = read("alibaba:" + c, ParseIssues.strict()).get(0);
    assertThat(container.id()).isEqualTo("c_1");
    assertThat(container.series(Resource.CPU).usage()).containsExactly(30, 35);
    assertThat(container.series(Resource.MEMORY).usage()[1]).isNaN();
    Files.writeString(dir.resolve("bad.csv"), "m_1,10,40\n");
    assertThatThrownBy(() -> read("alibaba:" + dir.resolve("bad.csv"), ParseIssues.strict()))
        .hasMessageContaining("bad.csv:1: expected 9 fields (machine_usage) or 11");
  }

  @Test
  void naturalOrderComparesDigitRunsAsNumbers() {
    assertThat(Inputs.natural("2.csv", "10.csv")).isNegative();
    assertThat(Inputs.natural("a10", "a9")).isPositive();
    assertThat(Inputs.natural("x", "x")).isZero();
  }
}
