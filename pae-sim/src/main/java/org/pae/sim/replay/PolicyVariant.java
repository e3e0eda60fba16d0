package org.pae.sim.replay;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.ChurnBudget;
import org.pae.core.anomaly.AnomalyWatch;
import org.pae.core.loop.LoopBounds;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;

/**
 * One row group of a report: a policy with one set of parameter values (its own settings are its
 * own), and the loop's bounds it is run with. The replay makes one {@link AllocationPolicy} per
 * worker thread from {@code policy}, handing it the worker's view of the trace.
 *
 * @param label the report's name for it, e.g. {@code vpa} or {@code pae[risk-budget=0.001]}
 * @param policy makes the policy, given the trace view
 * @param bounds the loop's bounds per resource (every resource)
 * @param churn the loop's churn budget per workload kind (none for a kind not named)
 * @param anomalies makes the loop's anomaly watch, given the trace view; empty: no detection
 */
public record PolicyVariant(
    String label,
    Function<TraceView, AllocationPolicy> policy,
    Map<Resource, LoopBounds> bounds,
    Map<WorkloadKind, ChurnBudget> churn,
    Function<TraceView, Optional<AnomalyWatch>> anomalies) {
  /** A variant without anomaly detection. */
  public PolicyVariant(
      String label,
      Function<TraceView, AllocationPolicy> policy,
      Map<Resource, LoopBounds> bounds,
      Map<WorkloadKind, ChurnBudget> churn) {
    this(label, policy, bounds, churn, view -> Optional.empty());
  }

  /** A variant without a churn budget: every change its policy wants. */
  public PolicyVariant(
      String label,
      Function<TraceView, AllocationPolicy> policy,
      Map<Resource, LoopBounds> bounds) {
    this(label, policy, bounds, Map.of());
  }

  public PolicyVariant {
    churn = Map.copyOf(churn);
    Objects.requireNonNull(anomalies, "anomalies");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(policy, "policy");
    EnumMap<Resource, LoopBounds> s = new EnumMap<>(Resource.class);
    s.putAll(bounds);
    for (Resource r : Resource.values()) {
      if (!s.containsKey(r)) {
        throw new IllegalArgumentException("policy " + label + " has no bounds for " + r.key());
      }
    }
    bounds = Map.copyOf(s);
  }

  /** The same bounds for every resource. */
  public static PolicyVariant uniform(
      String label, Function<TraceView, AllocationPolicy> policy, LoopBounds bounds) {
    EnumMap<Resource, LoopBounds> s = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      s.put(r, bounds);
    }
    return new PolicyVariant(label, policy, s);
  }
}
