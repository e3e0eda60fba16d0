package org.pae.core.anomaly;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;

/**
 * One anomaly of one workload, as it stands at a tick: open while {@code end} is empty.
 *
 * @param id its number, unique within the engine that found it, increasing in the order they opened
 * @param workload whose
 * @param resources the resources whose samples show it
 * @param kind what it looks like
 * @param start the first sample that showed it
 * @param end the first sample that no longer did; empty while it is open
 * @param score the highest score its resources' samples had while it was open, in [0, 1]
 * @param band the forecast band of its first resource at the sample that scored highest: what it
 *     broke (or came closest to breaking: a slow leak can stay inside a band that follows it)
 * @param evidence what was measured, for a person: {@code memory +18% over 18 steps (r2 0.99), cpu
 *     flat (+2%)}
 */
public record Anomaly(
    long id,
    WorkloadId workload,
    Set<Resource> resources,
    AnomalyKind kind,
    Instant start,
    Optional<Instant> end,
    double score,
    Optional<Band> band,
    String evidence) {
  public Anomaly {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(evidence, "evidence");
    if (resources.isEmpty()) {
      throw new IllegalArgumentException("an anomaly names at least one resource");
    }
    resources = Collections.unmodifiableSet(EnumSet.copyOf(resources));
  }

  public boolean open() {
    return end.isEmpty();
  }

  /** One line for a person and a log: {@code leak #3 of vm-1 (memory): memory +18% ...}. */
  public String explain() {
    StringBuilder b = new StringBuilder(kind.key()).append(" #").append(id);
    b.append(" of ").append(workload.value()).append(" (");
    resources.forEach(r -> b.append(b.charAt(b.length() - 1) == '(' ? "" : ", ").append(r.key()));
    return b.append("): ").append(evidence).toString();
  }
}
