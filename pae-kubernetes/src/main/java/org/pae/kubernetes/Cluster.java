package org.pae.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;

/**
 * One cluster's API server, shared by the {@link KubernetesSource} that reads its containers and
 * the {@link KubernetesActuator} that resizes them, with the containers as last read. Each
 * container is the workload {@code k8s:<namespace>/<pod>/<container>}.
 */
public final class Cluster implements AutoCloseable {
  /** The prefix of a container's workload id. */
  public static final String PREFIX = "k8s:";

  /** Resources Kubernetes sizes per container, by their key in a pod's resources. */
  static final Map<Resource, String> KEYS = Map.of(Resource.MEMORY, "memory", Resource.CPU, "cpu");

  private final KubernetesClient client;
  private final String where;
  private final List<String> namespaces;
  private Map<WorkloadId, Seen> seen = Map.of();

  /**
   * A running container as last read.
   *
   * @param container where it is
   * @param node the node its pod runs on
   * @param requests its requests, bytes and millicores
   * @param limits its limits
   * @param usage its usage, where metrics.k8s.io had it
   */
  record Seen(
      Container container,
      String node,
      Map<Resource, Double> requests,
      Map<Resource, Double> limits,
      Map<Resource, Double> usage) {}

  Cluster(KubernetesClient client, String where, List<String> namespaces) {
    this.client = Objects.requireNonNull(client, "client");
    this.where = Objects.requireNonNull(where, "where");
    this.namespaces = List.copyOf(namespaces);
  }

  /**
   * Connects to the cluster the settings name and checks that it answers.
   *
   * @throws IllegalStateException when it does not, saying why
   */
  public static Cluster open(KubernetesSettings s) {
    Config base = Config.autoConfigure(s.context().isEmpty() ? null : s.context());
    ConfigBuilder config = new ConfigBuilder(base);
    if (!s.master().isEmpty()) {
      config.withMasterUrl(s.master());
    }
    int millis = (int) Math.min(Integer.MAX_VALUE, s.timeout().toMillis());
    config.withRequestTimeout(millis).withConnectionTimeout(millis).withRequestRetryBackoffLimit(0);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config.build()).build();
    Cluster cluster = new Cluster(client, client.getMasterUrl().toString(), s.namespaces());
    try {
      cluster.pods();
    } catch (KubernetesClientException e) {
      client.close();
      throw new IllegalStateException(
          "cannot list the pods at " + cluster.where + ": " + message(e), e);
    }
    return cluster;
  }

  /** The API server's URL, for messages. */
  public String where() {
    return where;
  }

  KubernetesClient client() {
    return client;
  }

  /** The workload id of a container. */
  public static WorkloadId workloadId(Container c) {
    return WorkloadId.of(PREFIX + c.namespace() + "/" + c.target() + "/" + c.name());
  }

  /** The pods of the namespaces read (all of them when none is named). */
  List<Pod> pods() {
    if (namespaces.isEmpty()) {
      return client.pods().inAnyNamespace().list().getItems();
    }
    List<Pod> out = new ArrayList<>();
    for (String ns : namespaces) {
      out.addAll(client.pods().inNamespace(ns).list().getItems());
    }
    return out;
  }

  /** The usage metrics.k8s.io reports for the containers of the namespaces read, by workload. */
  Map<WorkloadId, Map<Resource, Double>> usage() {
    List<PodMetrics> all = new ArrayList<>();
    if (namespaces.isEmpty()) {
      all.addAll(client.top().pods().metrics().getItems());
    } else {
      for (String ns : namespaces) {
        all.addAll(client.top().pods().metrics(ns).getItems());
      }
    }
    Map<WorkloadId, Map<Resource, Double>> out = new HashMap<>();
    for (PodMetrics pm : all) {
      for (ContainerMetrics cm : pm.getContainers()) {
        Container c =
            new Container(
                pm.getMetadata().getNamespace(), pm.getMetadata().getName(), cm.getName());
        out.put(workloadId(c), amounts(cm.getUsage()));
      }
    }
    return out;
  }

  /** Memory in bytes and cpu in millicores from a Kubernetes resource map; others are left out. */
  static Map<Resource, Double> amounts(Map<String, Quantity> quantities) {
    Map<Resource, Double> out = new EnumMap<>(Resource.class);
    if (quantities == null) {
      return out;
    }
    for (var e : KEYS.entrySet()) {
      Quantity q = quantities.get(e.getValue());
      if (q != null) {
        double base = q.getNumericalAmount().doubleValue();
        out.put(e.getKey(), e.getKey() == Resource.CPU ? base * 1000 : base);
      }
    }
    return out;
  }

  /** Remembers the containers read this tick, for the actuator. */
  void saw(Map<WorkloadId, Seen> now) {
    seen = Map.copyOf(now);
  }

  Optional<Seen> seen(WorkloadId id) {
    return Optional.ofNullable(seen.get(id));
  }

  /** The API server's answer in a message: its code and text. */
  static String message(KubernetesClientException e) {
    String text =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + text : text;
  }

  @Override
  public void close() {
    client.close();
  }
}
