package org.pae.server.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/** One workload at the latest tick: each of its series, and its latest resizes (newest first). */
public record WorkloadView(
    Workload workload, Map<Resource, SeriesView> series, List<DecisionRecord> decisions) {
  public WorkloadView {
    Objects.requireNonNull(workload, "workload");
    EnumMap<Resource, SeriesView> m = new EnumMap<>(Resource.class);
    m.putAll(series);
    series = Collections.unmodifiableMap(m);
    decisions = List.copyOf(decisions);
  }
}
