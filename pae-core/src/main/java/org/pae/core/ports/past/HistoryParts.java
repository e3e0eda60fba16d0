package org.pae.core.ports.past;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A history cut into parts (runs of workloads) that can each be read on its own, on this machine
 * one after another or each in a Spark task, so it is a plain serializable value: what {@code pae
 * train} learns from. Reading every part in order gives every workload once, in the same order
 * whatever reads them.
 */
public interface HistoryParts extends Serializable {
  /** How many parts there are. */
  int parts();

  /** Part {@code index} (0 to {@link #parts()} − 1), opened; the caller closes it. */
  Part open(int index);

  /**
   * One part: its workloads' history, the window its samples lie in ({@code from} inclusive to
   * {@code until} exclusive; empty for a part without workloads), and what to close when done with
   * it.
   */
  record Part(TrainingHistory history, Instant from, Instant until, AutoCloseable resource)
      implements AutoCloseable {
    public Part {
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(resource, "resource");
      if (until.isBefore(from)) {
        throw new IllegalArgumentException("a part ends before it starts: " + from + ", " + until);
      }
    }

    @Override
    public void close() {
      try {
        resource.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot close a part of the history: " + e, e);
      }
    }
  }
}
