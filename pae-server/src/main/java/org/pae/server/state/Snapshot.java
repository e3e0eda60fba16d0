package org.pae.server.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pae.core.model.WorkloadId;

/**
 * The engine as of its latest tick: immutable, so the API reads it from any thread while the loop
 * builds the next one.
 *
 * @param time the tick's time; {@code null} before the first tick
 * @param interval the loop's interval
 * @param policy the allocation policy's name
 * @param workloads every workload seen at the tick, by id
 * @param decisions the latest resizes (and failures), newest first, bounded
 * @param anomalies the latest anomalies, open and closed, each as it last stood, newest first,
 *     bounded
 */
public record Snapshot(
    Instant time,
    Duration interval,
    String policy,
    SortedMap<WorkloadId, WorkloadView> workloads,
    List<DecisionRecord> decisions,
    List<AnomalyRecord> anomalies) {
  public Snapshot {
    workloads = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(workloads));
    decisions = List.copyOf(decisions);
    anomalies = List.copyOf(anomalies);
  }

  public static Snapshot empty(Duration interval, String policy) {
    return new Snapshot(null, interval, policy, new TreeMap<>(), List.of(), List.of());
  }

  public Optional<WorkloadView> workload(WorkloadId id) {
    return Optional.ofNullable(workloads.get(id));
  }
}
