package org.pae.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of a long command on standard error: on a terminal, a bar redrawn in place with the
 * rate and the time left; otherwise (piped, redirected) a plain line every few seconds. What is
 * drawn is a pure function of (done, total, elapsed): {@link #bar} and {@link #line}.
 */
final class Progress {
  /** How often the bar is redrawn on a terminal. */
  static final Duration BAR_EVERY = Duration.ofMillis(250);

  /** How far apart the plain lines are when standard error is not a terminal. */
  static final Duration LINE_EVERY = Duration.ofSeconds(5);

  private static final int BAR_WIDTH = 24;

  private final PrintWriter err;
  private final boolean terminal;
  private final String label;
  private final String unit;
  private final LongSupplier nanoClock;
  private final long start;
  private long total;
  private long lastShown;
  private boolean shown;

  /**
   * @param terminal whether {@code err} is a terminal (the bar) or not (plain lines)
   * @param label the command, e.g. {@code simulate}
   * @param unit what is counted, plural, e.g. {@code workloads}
   * @param total how many there are, or 0 when unknown
   * @param nanoClock {@link System#nanoTime} or a test's clock
   */
  Progress(
      PrintWriter err,
      boolean terminal,
      String label,
      String unit,
      long total,
      LongSupplier nanoClock) {
    this.err = err;
    this.terminal = terminal;
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
  }

  /** Progress on {@code err}, drawn as a bar when this process's standard error is a terminal. */
  static Progress onStderr(PrintWriter err, String label, String unit, long total) {
    return new Progress(err, stderrIsTerminal(), label, unit, total, System::nanoTime);
  }

  /** Whether file descriptor 2 is a terminal (Linux: a link to /dev/pts/N or /dev/ttyN). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null && System.console().isTerminal();
    }
  }

  /** Sets the total once it is known (0: unknown). */
  void total(long total) {
    this.total = total;
  }

  /** {@code done} of the total so far; drawn only when the last drawing is old enough. */
  void update(long done) {
    long now = nanoClock.getAsLong();
    long every = (terminal ? BAR_EVERY : LINE_EVERY).toNanos();
    if (shown && now - lastShown < every) {
      return;
    }
    if (!shown && now - start < every) {
      return;
    }
    shown = true;
    lastShown = now;
    Duration elapsed = Duration.ofNanos(now - start);
    if (terminal) {
      err.print("\r" + bar(label, done, total, elapsed, unit) + "\u001b[K");
    } else {
      err.println(line(label, done, total, elapsed, unit));
    }
    err.flush();
  }

  /** The last line: how many in how long, at what rate; ends the bar's line on a terminal. */
  void finish(long done) {
    Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
    String last = label + ": " + count(done) + " " + unit + " in " + duration(elapsed);
    double rate = rate(done, elapsed);
    if (rate > 0) {
      last += " (" + number(rate) + " " + unit + "/s)";
    }
    err.println(terminal ? "\r" + last + "\u001b[K" : last);
    err.flush();
  }

  /**
   * The bar: {@code simulate [=========> ] 45% 180/399 workloads 2.40/s 1m 32s left}; without a
   * total, the count, the rate and the time so far.
   */
  static String bar(String label, long done, long total, Duration elapsed, String unit) {
    double rate = rate(done, elapsed);
    StringBuilder b = new StringBuilder(label).append(' ');
    if (total > 0) {
      double share = Math.min(1, done / (double) total);
      int filled = (int) Math.floor(share * BAR_WIDTH);
      b.append('[')
          .append("=".repeat(filled))
          .append(filled < BAR_WIDTH ? ">" : "")
          .append(" ".repeat(Math.max(0, BAR_WIDTH - filled - 1)))
          .append(']')
          .append(String.format(Locale.ROOT, " %3d%%  ", (int) Math.floor(share * 100)))
          .append(count(done))
          .append('/')
          .append(count(total))
          .append(' ')
          .append(unit);
    } else {
      b.append(count(done)).append(' ').append(unit);
    }
    b.append("  ").append(rate > 0 ? number(rate) + "/s" : "-/s");
    b.append("  ").append(left(done, total, elapsed));
    return b.toString();
  }

  /** The plain line: {@code simulate: 180/399 workloads (45 %), 2.40 workloads/s, 1m 32s left}. */
  static String line(String label, long done, long total, Duration elapsed, String unit) {
    double rate = rate(done, elapsed);
    StringBuilder b = new StringBuilder(label).append(": ").append(count(done));
    if (total > 0) {
      b.append('/')
          .append(count(total))
          .append(' ')
          .append(unit)
          .append(
              String.format(
                  Locale.ROOT,
                  " (%d %%)",
                  (int) Math.floor(100 * Math.min(1, done / (double) total))));
    } else {
      b.append(' ').append(unit);
    }
    b.append(", ").append(rate > 0 ? number(rate) + " " + unit + "/s" : "no rate yet");
    b.append(", ").append(left(done, total, elapsed));
    return b.toString();
  }

  private static String left(long done, long total, Duration elapsed) {
    double rate = rate(done, elapsed);
    if (total <= 0 || rate <= 0) {
      return duration(elapsed) + " so far";
    }
    double seconds = Math.max(0, total - done) / rate;
    return duration(Duration.ofMillis((long) (seconds * 1000))) + " left";
  }

  private static double rate(long done, Duration elapsed) {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 && done > 0 ? done / seconds : 0;
  }

  /** 42s, 3m 05s, 1h 02m. */
  static String duration(Duration d) {
    long s = Math.round(d.toMillis() / 1000.0);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  /** 950, 12.3k, 2.94M. */
  static String count(long n) {
    if (n < 10_000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.2fM", n / 1e6);
  }

  /** Three significant digits for a rate. */
  private static String number(double v) {
    if (v >= 10_000) {
      return count(Math.round(v));
    }
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
