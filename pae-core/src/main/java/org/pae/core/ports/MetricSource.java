package org.pae.core.ports;

import java.time.Instant;
import java.util.List;
import org.pae.core.model.Observation;

/**
 * Where observations come from: a host's procfs and cgroups, a metrics server, a replayed trace. A
 * series whose usage could not be read is returned with an empty usage, so the loop holds it.
 */
public interface MetricSource {
  /** Everything observable at {@code now}. */
  List<Observation> observe(Instant now);
}
