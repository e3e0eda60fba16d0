package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;

class ProcessSourceTest {
  private static double memoryOfThisJvm(boolean pss) {
    String me = "pid:" + ProcessHandle.current().pid();
    List<Observation> seen =
        new ProcessSource(Path.of("/proc"), (k, u) -> u, pss).observe(Instant.now());
    return seen.stream()
        .filter(o -> o.workload().id().value().equals(me) && o.resource() == Resource.MEMORY)
        .findFirst()
        .orElseThrow()
        .usage()
        .orElseThrow();
  }

  @Test
  void readsRssOrPssOfARealProcess() {
    // PSS first: this JVM only grows between the reads (a loaded machine made it grow by more
    // than a fifth between an RSS read and a later PSS one), so the later RSS is the upper bound
    double pss = memoryOfThisJvm(true);
    double rss = memoryOfThisJvm(false);
    assertThat(rss).isGreaterThan(10 << 20);
    // PSS splits shared pages among their users: never above RSS (a fifth of slack for a GC that
    // gives memory back between the reads)
    assertThat(pss).isPositive().isLessThanOrEqualTo(rss * 1.2);
  }

  private static void process(Path proc, int pid, String stat) throws IOException {
    Path p = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(p.resolve("stat"), stat);
    Files.writeString(p.resolve("statm"), "1000 250 0 0 0 0 0\n");
  }

  private static String stat(int pid) {
    return pid + " (worker) S 1 1 1 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 " + (1000 + pid) + " 0 0\n";
  }

  /**
   * One process whose {@code stat} does not parse (cut short, a field not a number) is skipped and
   * said once while it lasts; the others are read as before (one such line made the whole source
   * fail, so that no process at all was observed).
   */
  @Test
  void aProcessWhoseStatDoesNotParseIsSkippedAndSaidOnce(@TempDir Path proc) throws IOException {
    process(proc, 100, stat(100));
    process(proc, 101, "101 (cut) S 1 1");
    process(proc, 102, stat(102).replace(" 7 3 ", " 7 x3 "));
    List<String> log = new ArrayList<>();
    ProcessSource source = new ProcessSource(proc, (k, u) -> u, false, log::add);
    for (int i = 0; i < 2; i++) {
      assertThat(source.observe(Instant.parse("2026-03-02T08:00:00Z").plusSeconds(5L * i)))
          .extracting(o -> o.workload().id().value())
          .containsOnly("pid:100");
    }
    assertThat(log)
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith("process 101 skipped: cannot parse"))
        .anySatisfy(l -> assertThat(l).startsWith("process 102 skipped: cannot parse"));
    process(proc, 101, stat(101));
    assertThat(source.observe(Instant.parse("2026-03-02T08:00:10Z")))
        .extracting(o -> o.workload().id().value())
        .containsOnly("pid:100", "pid:101");
    process(proc, 101, "101 (cut again) S");
    source.observe(Instant.parse("2026-03-02T08:00:15Z"));
    assertThat(log).hasSize(3).last().asString().startsWith("process 101 skipped");
  }
}
