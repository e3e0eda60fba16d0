package org.pae.sim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;

/** Five VMs of the real Bitbrains trace, when ../shared/data is there. */
class RealTraceSmokeTest {
  @Test
  void fiveBitbrainsVmsReplayUnderEveryPolicy() {
    Path month =
        Path.of(System.getProperty("pae.data.dir", "../../shared/data"), "bitbrains-rnd", "2013-7");
    assumeTrue(
        Files.isDirectory(month),
        "skipped: the Bitbrains trace is not at " + month + " (see ../shared/data/README.md)");
    Trace trace = TraceFormat.open("bitbrains:" + month, ParseIssues.strict());
    PolicyCatalog catalog = new PolicyCatalog(Map.of(), ForecasterRegistry.standard());
    List<PolicyVariant> variants = catalog.parse("provisioned,reactive,vpa,autopilot,perfect,pae");
    Replay replay =
        new Replay(
            variants,
            Replay.Options.of(
                    Duration.ofMinutes(5),
                    EnumSet.of(Resource.CPU, Resource.MEMORY),
                    catalog.paeSettings(Map.of()).forecasterFactory(ForecasterRegistry.standard()))
                .withThreads(2));
    Replay.Summary s;
    try (Stream<WorkloadTrace> w = trace.workloads()) {
      s = replay.run(w.limit(5), r -> {}, (n, steps) -> {});
    }
    assertThat(s.workloads()).isEqualTo(5);
    assertThat(s.figures()).hasSize(12);
    for (Figures f : s.figures()) {
      switch (f.policy()) {
        case "provisioned" -> assertThat(f.footprint()).isEqualTo(1.0);
        case "perfect" -> assertThat(f.footprint()).isLessThan(0.5);
        default -> assertThat(f.footprint()).isBetween(0.0, 1.5);
      }
    }
  }
}
