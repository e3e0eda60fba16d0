package org.pae.core.loop;

import java.time.Instant;
import java.util.List;
import org.pae.core.allocate.Decision;

/** Everything the loop decided at one tick, one decision per observed series, in input order. */
public record Plan(Instant time, List<Decision> decisions) {
  public Plan {
    decisions = List.copyOf(decisions);
  }

  /** Only the changes. */
  public List<Decision.Resize> resizes() {
    return decisions.stream()
        .filter(Decision.Resize.class::isInstance)
        .map(Decision.Resize.class::cast)
        .toList();
  }
}
