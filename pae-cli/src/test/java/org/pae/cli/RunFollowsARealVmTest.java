package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.pae.libvirt.TestGuest.MIB;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.pae.libvirt.TestGuest;
import picocli.CommandLine;

/**
 * {@code pae run --settings FILE --enforce} with a libvirt URI follows a real VM's memory through
 * its balloon: the command itself, as an operator starts it, against libvirtd at {@code
 * qemu:///system} and the tiny qemu guest of {@link TestGuest}, whose memory idles, climbs to 96
 * MiB and falls back. The balloon shrinks while the guest idles, grows ahead of the hog, shrinks
 * after it, and the guest never runs out of memory.
 *
 * <p>Needs libvirtd, qemu, a kernel and busybox-static ({@code .ci/libvirt.sh}); skipped with the
 * reason when one is missing, unless {@code PAE_REQUIRE_LIBVIRT} is set (as CI does), when it
 * fails.
 */
class RunFollowsARealVmTest {
  private static final String URI = "qemu:///system";
  private static final Duration SAMPLE = Duration.ofSeconds(2);

  /** Boot (~16 s under TCG) and the guest's script (~185 s), with room for a loaded machine. */
  private static final Duration DEADLINE = Duration.ofMinutes(7);

  /**
   * The loop every 2 s with the threshold policy on an EWMA forecast and a 4 s cooldown: the
   * default choice policy holds a new series for its first hour (allocate.choice.warm-up), longer
   * than this guest lives. Only the VM is observed.
   */
  private static final String SETTINGS =
      """
      libvirt.uri = qemu:///system
      loop.interval = 2s
      allocate.policy = threshold
      forecast.model = ewma
      policy.memory.cooldown = 4s
      host.processes = false
      host.observe-cgroups = false
      host.network = false
      """;

  @TempDir Path dir;

  private static void require(boolean ok, String why) {
    if (!ok && System.getenv("PAE_REQUIRE_LIBVIRT") != null) {
      throw new AssertionError(why + " (PAE_REQUIRE_LIBVIRT is set)");
    }
    assumeTrue(ok, why + "; skipping the real-VM test (.ci/libvirt.sh sets it up)");
  }

  @Test
  void paeRunFollowsAGuestsMemoryUpAndDownThroughTheBalloon() throws Exception {
    Optional<String> missing = TestGuest.missing();
    require(missing.isEmpty(), missing.orElse(""));
    Connect hypervisor;
    try {
      hypervisor = new Connect(URI);
    } catch (LibvirtException e) {
      require(false, "libvirtd is not reachable at " + URI + ": " + e.getMessage());
      return;
    }
    Path settings = dir.resolve("settings.properties");
    Files.writeString(settings, SETTINGS);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    List<String> trace = new ArrayList<>();
    long least = Long.MAX_VALUE;
    long mostDuringHog = 0;
    long leastAfterHog = Long.MAX_VALUE;
    Thread run = null;
    try (TestGuest guest = TestGuest.boot(hypervisor, dir)) {
      run =
          Thread.ofPlatform()
              .name("pae-run")
              .start(
                  () -> {
                    CommandLine cl = Main.commandLine();
                    cl.setOut(new PrintWriter(out, true));
                    cl.setErr(new PrintWriter(err, true));
                    code.set(
                        cl.execute(
                            "run",
                            "--settings",
                            settings.toString(),
                            "--enforce",
                            "--data-dir",
                            dir.resolve("data").toString(),
                            "--listen",
                            "off",
                            "--view",
                            "lines"));
                  });
      Instant start = Instant.now();
      while (guest.isActive() && run.isAlive() && Instant.now().isBefore(start.plus(DEADLINE))) {
        Thread.sleep(SAMPLE);
        String phase = guest.phase();
        long actual;
        try {
          actual = guest.balloon();
        } catch (LibvirtException e) {
          break;
        }
        trace.add(
            String.format(
                "%5.1fs balloon %4d MiB | %s",
                Duration.between(start, Instant.now()).toMillis() / 1000.0, actual / MIB, phase));
        if (phase.startsWith("pae-guest: ready") || phase.startsWith("pae-guest: hog 8M")) {
          least = Math.min(least, actual);
        }
        if (phase.startsWith("pae-guest: hog 96") || phase.startsWith("pae-guest: holding")) {
          mostDuringHog = Math.max(mostDuringHog, actual);
        }
        if (phase.startsWith("pae-guest: hog 16") || phase.startsWith("pae-guest: done")) {
          leastAfterHog = Math.min(leastAfterHog, actual);
        }
      }
      String log = guest.consoleLog();
      System.out.println(String.join("\n", trace));
      System.out.println(log);
      assertThat(run.isAlive())
          .as("pae run still running; it stopped with %s: %s", code, err)
          .isTrue();
      assertThat(log)
          .contains("pae-guest: done")
          .doesNotContain("pae-guest: insmod", "pae-guest: write failed");
      assertThat(log).doesNotContainIgnoringCase("out of memory").doesNotContain("oom-kill");
      assertThat(err.toString()).doesNotContain("FAILED", "failed, holding everything");
      assertThat(out.toString()).contains("vm:" + TestGuest.NAME);
      assertThat(least).isLessThan(200 * MIB);
      assertThat(mostDuringHog).isGreaterThan(least + 64 * MIB);
      assertThat(leastAfterHog).isLessThan(mostDuringHog - 64 * MIB);
    } finally {
      if (run != null) {
        run.interrupt();
        run.join(Duration.ofMinutes(1));
      }
      hypervisor.close();
    }
  }
}
