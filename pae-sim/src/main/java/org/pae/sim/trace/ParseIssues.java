package org.pae.sim.trace;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What to do with a malformed line. Strict (the default) refuses it with an error naming the file
 * and line; lenient skips it and counts it, so the report can say how many lines it did not use.
 * Never a silently wrong figure: a lenient run reports its count.
 */
public final class ParseIssues implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int EXAMPLES = 5;
  private final boolean lenient;
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong shortWorkloads = new AtomicLong();
  private final List<String> examples = new ArrayList<>();

  private ParseIssues(boolean lenient) {
    this.lenient = lenient;
  }

  public static ParseIssues strict() {
    return new ParseIssues(false);
  }

  public static ParseIssues lenient() {
    return new ParseIssues(true);
  }

  /** A malformed line: thrown when strict, counted when lenient. */
  public void malformed(Path file, long line, String problem) {
    skip(new TraceException(file, line, problem));
  }

  private void skip(TraceException e) {
    if (!lenient) {
      throw e;
    }
    skipped.incrementAndGet();
    synchronized (examples) {
      if (examples.size() < EXAMPLES) {
        examples.add(e.getMessage());
      }
    }
  }

  /**
   * A file that is not a trace file at all (empty, or not of the format): thrown when strict,
   * counted with the skipped lines when lenient.
   */
  public void malformedFile(Path file, String problem) {
    skip(new TraceException(file + ": " + problem, null));
  }

  /** How many lines (and whole files) were skipped. */
  public long skipped() {
    return skipped.get();
  }

  /** A workload dropped because too few rows remained after cleaning (not an error). */
  public void shortWorkload() {
    shortWorkloads.incrementAndGet();
  }

  /** How many workloads were dropped for having too few rows. */
  public long shortWorkloads() {
    return shortWorkloads.get();
  }

  /**
   * Adds what another reading of the same trace met (a part read elsewhere): its counts, and its
   * examples while fewer than five are kept.
   */
  public void add(ParseIssues other) {
    skipped.addAndGet(other.skipped());
    shortWorkloads.addAndGet(other.shortWorkloads());
    synchronized (examples) {
      for (String e : other.examples()) {
        if (examples.size() < EXAMPLES) {
          examples.add(e);
        }
      }
    }
  }

  /** The first few skipped lines' messages. */
  public List<String> examples() {
    synchronized (examples) {
      return List.copyOf(examples);
    }
  }
}
