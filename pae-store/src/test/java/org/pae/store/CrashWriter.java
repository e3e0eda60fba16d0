package org.pae.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;

/**
 * The child JVM of {@link CrashSafetyTest}: records tick after tick of {@value #SERIES} series as
 * fast as it can and prints each tick's number once {@code record} returned, until it is killed.
 */
public final class CrashWriter {
  static final int SERIES = 500;
  static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private CrashWriter() {}

  /**
   * Runs a writer on {@code file} in a child JVM and kills it with SIGKILL once it acknowledged
   * {@code ticks}: no shutdown hook, no close, no checkpoint. Returns the last tick it acknowledged
   * (the lines it printed before it died are still read).
   */
  static int killedAfter(Path file, int ticks) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int acknowledged = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        acknowledged = Integer.parseInt(line.trim());
        if (acknowledged == ticks) {
          child.toHandle().destroyForcibly();
        }
      }
      if (!child.waitFor(30, TimeUnit.SECONDS) || child.exitValue() != 137) {
        throw new IllegalStateException("the writer was not killed by SIGKILL");
      }
    } finally {
      child.destroyForcibly();
    }
    if (acknowledged < ticks) {
      throw new IllegalStateException("the writer acknowledged only " + acknowledged + " ticks");
    }
    return acknowledged;
  }

  public static void main(String[] args) {
    try (JdbcHistoryStore store =
        JdbcHistoryStore.duckdb(Path.of(args[0]), HistoryStoreContract.RETENTION)) {
      for (int tick = 0; ; tick++) {
        List<Decision> decisions = new ArrayList<>(SERIES);
        for (int s = 0; s < SERIES; s++) {
          Reason r =
              new Reason(Rule.WITHIN_BAND, OptionalDouble.of(tick), Optional.empty(), Set.of());
          decisions.add(
              new Decision.Hold(new SeriesKey(WorkloadId.of("w" + s), Resource.MEMORY), tick, r));
        }
        store.record(new Plan(T0.plusSeconds(tick), decisions));
        System.out.println(tick);
        System.out.flush();
      }
    }
  }
}
