package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
  /** A clock the test moves by hand, in nanoseconds. */
  private long now = 1_000_000_000L;

  private void advance(Duration d) {
    now += d.toNanos();
  }

  @Test
  void theBarShowsTheShareTheCountTheRateAndTheTimeLeft() {
    assertThat(Progress.bar("simulate", 180, 400, Duration.ofSeconds(60), "workloads"))
        .isEqualTo(
            "simulate [==========>             ]  45%  180/400 workloads  3.00/s  1m 13s left");
    assertThat(Progress.bar("simulate", 0, 400, Duration.ofSeconds(2), "workloads"))
        .isEqualTo("simulate [>                       ]   0%  0/400 workloads  -/s  2s so far");
    assertThat(Progress.bar("simulate", 400, 400, Duration.ofMinutes(2), "workloads"))
        .isEqualTo("simulate [========================] 100%  400/400 workloads  3.33/s  0s left");
    assertThat(Progress.bar("simulate", 2_940_993, 5_881_986, Duration.ofSeconds(75), "steps"))
        .isEqualTo(
            "simulate [============>           ]  50%  2.94M/5.88M steps  39.2k/s  1m 15s left");
  }

  @Test
  void withoutATotalTheBarShowsTheCountAndTheTimeSoFar() {
    assertThat(Progress.bar("forecast-eval", 12, 0, Duration.ofSeconds(3725), "workloads"))
        .isEqualTo("forecast-eval 12 workloads  0.00/s  1h 02m so far");
  }

  @Test
  void aPlainLineSaysTheSameInWords() {
    assertThat(Progress.line("forecast-eval", 30, 120, Duration.ofSeconds(10), "workloads"))
        .isEqualTo("forecast-eval: 30/120 workloads (25 %), 3.00 workloads/s, 30s left");
    assertThat(Progress.line("forecast-eval", 30, 0, Duration.ofSeconds(10), "workloads"))
        .isEqualTo("forecast-eval: 30 workloads, 3.00 workloads/s, 10s so far");
  }

  @Test
  void whenPipedALineIsPrintedEveryFewSecondsAndNoControlCharacters() {
    StringWriter out = new StringWriter();
    Progress p = new Progress(new PrintWriter(out), false, "simulate", "workloads", 100, () -> now);
    for (int done = 1; done <= 100; done++) {
      advance(Duration.ofMillis(200));
      p.update(done);
    }
    p.finish(100);
    // 20 s in all: a line at 5, 10, 15 and 20 s, then the last line
    assertThat(out.toString().lines())
        .containsExactly(
            "simulate: 25/100 workloads (25 %), 5.00 workloads/s, 15s left",
            "simulate: 50/100 workloads (50 %), 5.00 workloads/s, 10s left",
            "simulate: 75/100 workloads (75 %), 5.00 workloads/s, 5s left",
            "simulate: 100/100 workloads (100 %), 5.00 workloads/s, 0s left",
            "simulate: 100 workloads in 20s (5.00 workloads/s)");
    assertThat(out.toString()).doesNotContain("\r").doesNotContain("\u001b");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    StringWriter out = new StringWriter();
    Progress p = new Progress(new PrintWriter(out), true, "simulate", "workloads", 10, () -> now);
    advance(Duration.ofMillis(100));
    p.update(1);
    assertThat(out.toString()).isEmpty();
    advance(Duration.ofMillis(400));
    p.update(2);
    advance(Duration.ofMillis(100));
    p.update(3);
    advance(Duration.ofMillis(300));
    p.update(4);
    p.finish(10);
    assertThat(out.toString())
        .isEqualTo(
            "\r"
                + Progress.bar("simulate", 2, 10, Duration.ofMillis(500), "workloads")
                + "\u001b[K\r"
                + Progress.bar("simulate", 4, 10, Duration.ofMillis(900), "workloads")
                + "\u001b[K\rsimulate: 10 workloads in 1s (11.1 workloads/s)\u001b[K\n");
  }

  @Test
  void durationsAndCountsReadAtAGlance() {
    assertThat(Progress.duration(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Progress.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
    assertThat(Progress.duration(Duration.ofSeconds(3725))).isEqualTo("1h 02m");
    assertThat(Progress.count(9_999)).isEqualTo("9999");
    assertThat(Progress.count(12_345)).isEqualTo("12.3k");
    assertThat(Progress.count(2_940_993)).isEqualTo("2.94M");
  }
}
