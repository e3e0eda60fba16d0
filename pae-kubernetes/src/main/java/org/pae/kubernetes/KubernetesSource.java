package org.pae.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.MetricSource;

/**
 * The containers of a cluster's running pods, read every interval: their memory and cpu usage from
 * metrics.k8s.io (metrics-server's PodMetrics) and their allocation in force, the limit where one
 * is set, else the request, else (a BestEffort container) what it uses.
 *
 * <p>A container metrics.k8s.io has no figure for (a pod just started, or no metrics-server) yields
 * a missing observation, which the loop holds and says so; when the pods cannot be listed, every
 * container seen last time is missing. Each failure is reported once until it reads again.
 */
public final class KubernetesSource implements MetricSource {
  private static final List<Resource> READ = List.of(Resource.MEMORY, Resource.CPU);

  private final Cluster cluster;
  private final Consumer<String> warnings;
  private final Map<WorkloadId, Workload> lastSeen = new HashMap<>();
  private final Map<WorkloadId, Map<Resource, Double>> lastAllocation = new HashMap<>();
  private String listFailing;
  private String metricsFailing;

  /**
   * @param cluster the cluster
   * @param warnings where a failing reading is reported (once until it recovers)
   */
  public KubernetesSource(Cluster cluster, Consumer<String> warnings) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.warnings = Objects.requireNonNull(warnings, "warnings");
  }

  @Override
  public List<Observation> observe(Instant now) {
    List<Pod> pods;
    try {
      pods = cluster.pods();
      if (listFailing != null) {
        warnings.accept("Kubernetes at " + cluster.where() + " lists its pods again");
        listFailing = null;
      }
    } catch (KubernetesClientException e) {
      if (listFailing == null) {
        listFailing = Cluster.message(e);
        warnings.accept(
            "cannot list the pods at "
                + cluster.where()
                + " ("
                + listFailing
                + "); holding every container until it answers");
      }
      List<Observation> out = new ArrayList<>();
      lastSeen.values().forEach(w -> out.addAll(missing(w)));
      return out;
    }
    Map<WorkloadId, Map<Resource, Double>> usage = usage();
    Map<WorkloadId, Cluster.Seen> seen = new HashMap<>();
    List<Observation> out = new ArrayList<>();
    for (Pod pod : pods) {
      if (!"Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
        continue;
      }
      for (var c : pod.getSpec().getContainers()) {
        Container container =
            new Container(
                pod.getMetadata().getNamespace(), pod.getMetadata().getName(), c.getName());
        WorkloadId id = Cluster.workloadId(container);
        ResourceRequirements r = c.getResources();
        Map<Resource, Double> requests = Cluster.amounts(r == null ? null : r.getRequests());
        Map<Resource, Double> limits = Cluster.amounts(r == null ? null : r.getLimits());
        Map<Resource, Double> used = usage.getOrDefault(id, Map.of());
        seen.put(
            id, new Cluster.Seen(container, pod.getSpec().getNodeName(), requests, limits, used));
        Workload w = Workload.of(id.value(), WorkloadKind.CONTAINER);
        lastSeen.put(id, w);
        Map<Resource, Double> allocations = new HashMap<>();
        for (Resource res : READ) {
          Double u = used.get(res);
          double allocated =
              limits.getOrDefault(res, requests.getOrDefault(res, u == null ? 0 : u));
          allocations.put(res, allocated);
          out.add(
              new Observation(
                  w, res, u == null ? OptionalDouble.empty() : OptionalDouble.of(u), allocated));
        }
        lastAllocation.put(id, allocations);
      }
    }
    cluster.saw(seen);
    lastSeen.keySet().retainAll(seen.keySet());
    lastAllocation.keySet().retainAll(seen.keySet());
    return out;
  }

  /** What metrics.k8s.io reports; none of it when it does not answer (said once). */
  private Map<WorkloadId, Map<Resource, Double>> usage() {
    try {
      Map<WorkloadId, Map<Resource, Double>> usage = cluster.usage();
      if (metricsFailing != null) {
        warnings.accept("metrics.k8s.io at " + cluster.where() + " answers again");
        metricsFailing = null;
      }
      return usage;
    } catch (KubernetesClientException e) {
      if (metricsFailing == null) {
        metricsFailing = Cluster.message(e);
        warnings.accept(
            "cannot read metrics.k8s.io at "
                + cluster.where()
                + " ("
                + metricsFailing
                + (e.getCode() == 404 ? "; is metrics-server installed?" : "")
                + "); holding every container until it answers");
      }
      return Map.of();
    }
  }

  private List<Observation> missing(Workload w) {
    List<Observation> out = new ArrayList<>(2);
    lastAllocation
        .getOrDefault(w.id(), Map.of())
        .forEach((r, allocated) -> out.add(Observation.missing(w, r, allocated)));
    return out;
  }
}
