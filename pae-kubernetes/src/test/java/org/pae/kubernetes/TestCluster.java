package org.pae.kubernetes;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * fabric8's mock API server in CRUD mode holding a small cluster: node {@code n1} (8 GiB, 4 cores
 * allocatable) running {@code shop/web-1} (container {@code app}: requests 1 GiB and 500m, limits 2
 * GiB and 1 core; using 1.5 GiB and 300m) and {@code shop/db-1} (container {@code db}: requests 5
 * GiB and 2 cores, no limits; using 4 GiB and 1 core), with metrics.k8s.io's PodMetrics for both.
 *
 * <p>The CRUD store cannot apply a subresource's PATCH (it matches no path under a pod's name), so
 * the pods' {@code resize} answers with the pod as it is and records each request: a test reads
 * what was sent. No kubelet runs: nothing is resized for real.
 */
public final class TestCluster implements AutoCloseable {
  public static final long GIB = 1L << 30;

  private final KubernetesMockServer server;
  private final KubernetesClient admin;
  private final List<RecordedRequest> resizes = new CopyOnWriteArrayList<>();

  public TestCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    admin = server.createClient();
    admin
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("n1")
                .endMetadata()
                .withNewStatus()
                .addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("cpu", new Quantity("4"))
                .endStatus()
                .build())
        .create();
    Map<String, Pod> pods =
        Map.of(
            "web-1",
            pod(
                "web-1",
                "app",
                Map.of("memory", "1Gi", "cpu", "500m"),
                Map.of("memory", "2Gi", "cpu", "1")),
            "db-1",
            pod("db-1", "db", Map.of("memory", "5Gi", "cpu", "2"), Map.of()));
    usage("web-1", "app", "1536Mi", "300m");
    usage("db-1", "db", "4Gi", "1");
    for (String pod : pods.keySet()) {
      server
          .expect()
          .patch()
          .withPath("/api/v1/namespaces/shop/pods/" + pod + "/resize")
          .andReply(
              200,
              request -> {
                resizes.add(request);
                return pods.get(pod);
              })
          .always();
    }
  }

  /** The API server's URL, for {@code kubernetes.master}. */
  public String url() {
    return admin.getMasterUrl().toString();
  }

  /** A client with every right, to set the scene. */
  public KubernetesClient admin() {
    return admin;
  }

  /** The server, to answer some requests otherwise. */
  public KubernetesMockServer server() {
    return server;
  }

  /** The PATCH requests sent to a pod's {@code resize}, in order. */
  public List<RecordedRequest> resizes() {
    return List.copyOf(resizes);
  }

  /** A running pod in {@code shop} on {@code n1} with one container. */
  public Pod pod(
      String name, String container, Map<String, String> requests, Map<String, String> limits) {
    return admin
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withNodeName("n1")
                .addNewContainer()
                .withName(container)
                .withImage("example/" + container)
                .withNewResources()
                .withRequests(quantities(requests))
                .withLimits(quantities(limits))
                .endResources()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build())
        .create();
  }

  /** What metrics.k8s.io reports for a pod's one container. */
  public void usage(String pod, String container, String memory, String cpu) {
    admin
        .resources(io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics.class)
        .inNamespace("shop")
        .resource(
            new PodMetricsBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace("shop")
                .endMetadata()
                .addNewContainer()
                .withName(container)
                .withUsage(quantities(Map.of("memory", memory, "cpu", cpu)))
                .endContainer()
                .build())
        .createOr(r -> r.update());
  }

  /** A ResourceQuota in {@code shop}: its hard limits and what it says is used. */
  public void quota(String name, Map<String, String> hard, Map<String, String> used) {
    admin
        .resourceQuotas()
        .inNamespace("shop")
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withHard(quantities(hard))
                .endSpec()
                .withNewStatus()
                .withHard(quantities(hard))
                .withUsed(quantities(used))
                .endStatus()
                .build())
        .create();
  }

  private static Map<String, Quantity> quantities(Map<String, String> m) {
    Map<String, Quantity> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, new Quantity(v)));
    return out;
  }

  @Override
  public void close() {
    admin.close();
    server.destroy();
  }
}
