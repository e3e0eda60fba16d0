package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
