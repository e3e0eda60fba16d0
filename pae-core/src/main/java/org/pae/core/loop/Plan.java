package org.pae.core.loop;

import java.time.Instant;
import java.util.List;
import org.pae.core.allocate.Decision;
import org.pae.core.anomaly.Anomaly;

/**
 * Everything the loop decided at one tick, one decision per observed series, in input order, and
 * the anomalies open or closed at the tick as they now stand (none without detection).
 */
public record Plan(Instant time, List<Decision> decisions, List<Anomaly> anomalies) {
  public Plan {
    decisions = List.copyOf(decisions);
    anomalies = List.copyOf(anomalies);
  }

  /** A plan without anomalies. */
  public Plan(Instant time, List<Decision> decisions) {
    this(time, decisions, List.of());
  }

  /** Only the changes. */
  public List<Decision.Resize> resizes() {
    return decisions.stream()
        .filter(Decision.Resize.class::isInstance)
        .map(Decision.Resize.class::cast)
        .toList();
  }
}
