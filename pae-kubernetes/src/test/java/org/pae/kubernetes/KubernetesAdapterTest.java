package org.pae.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pae.kubernetes.TestCluster.GIB;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.config.SettingsSource;
import org.pae.core.loop.Plan;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Adapter;
import org.pae.core.registry.Registry;

/**
 * The source and the actuator against fabric8's mock API server in CRUD mode ({@link TestCluster}):
 * what they read and what they send. No kubelet runs, so what a cluster does with a resize (its
 * {@code PodResizePending} and {@code PodResizeInProgress} conditions, the cgroups it writes) is
 * not exercised.
 */
class KubernetesAdapterTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = "k8s:shop/web-1/app";
  private static final String DB = "k8s:shop/db-1/db";

  private final TestCluster cluster = new TestCluster();
  private final List<String> warnings = new ArrayList<>();
  private Cluster connected;

  @AfterEach
  void close() {
    if (connected != null) {
      connected.close();
    }
    cluster.close();
  }

  private Cluster connect() {
    connected =
        Cluster.open(
            KubernetesSettings.from(SettingsSource.of(Map.of("kubernetes.master", cluster.url()))));
    return connected;
  }

  /** The source read once (as at a tick), and an actuator over what it read. */
  private KubernetesActuator actuator() {
    Cluster c = connect();
    new KubernetesSource(c, warnings::add).observe(T0);
    return new KubernetesActuator(c, EnumSet.of(Resource.MEMORY, Resource.CPU));
  }

  private static Actuation apply(KubernetesActuator a, String workload, Resource r, double to) {
    Decision.Resize d =
        new Decision.Resize(
            new SeriesKey(WorkloadId.of(workload), r),
            0,
            to,
            new Reason(Rule.SCALE_UP, OptionalDouble.empty(), Optional.empty(), Set.of()));
    List<Actuation> out = a.apply(new Plan(T0, List.of(d)));
    assertThat(out).hasSize(1);
    return out.getFirst();
  }

  /** The resources of the one container of the last resize sent, checking where and how. */
  private JsonNode sent(String pod, String container) throws Exception {
    RecordedRequest last = cluster.resizes().getLast();
    assertThat(last.getMethod()).isEqualTo("PATCH");
    assertThat(last.getPath()).isEqualTo("/api/v1/namespaces/shop/pods/" + pod + "/resize");
    assertThat(last.getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
    JsonNode containers = JSON.readTree(last.getUtf8Body()).path("spec").path("containers");
    assertThat(containers).hasSize(1);
    assertThat(containers.get(0).path("name").asText()).isEqualTo(container);
    return containers.get(0).path("resources");
  }

  @Test
  void theAdapterIsFoundByNameAndNeedsAMasterOrAContext() {
    assertThat(Registry.discovered(getClass().getClassLoader()).names(Adapter.KIND))
        .contains("kubernetes");
    assertThat(new KubernetesAdapter().configure(SettingsSource.of(Map.of()))).isEmpty();
    assertThatThrownBy(
            () ->
                new KubernetesAdapter()
                    .configure(SettingsSource.of(Map.of("kubernetes.master", "ftp://x"))))
        .hasMessageContaining("kubernetes.master = 'ftp://x' is not an http(s) URL");
    assertThatThrownBy(
            () ->
                KubernetesSettings.from(
                    SettingsSource.of(
                        Map.of("kubernetes.master", cluster.url(), "kubernetes.enforce", "gpu"))))
        .hasMessageContaining("Kubernetes resizes a container's memory and cpu, not gpu");
  }

  @Test
  void readsEveryRunningContainersUsageAndAllocation() {
    cluster.pod("new-1", "app", Map.of("memory", "256Mi"), Map.of("memory", "256Mi"));
    List<Observation> seen = new KubernetesSource(connect(), warnings::add).observe(T0);
    assertThat(seen).hasSize(6);
    // The limit where one is set, else the request.
    assertThat(find(seen, WEB, Resource.MEMORY))
        .isEqualTo(
            Observation.of(
                find(seen, WEB, Resource.MEMORY).workload(),
                Resource.MEMORY,
                1.5 * GIB,
                2.0 * GIB));
    assertThat(find(seen, WEB, Resource.CPU).usage()).hasValue(300);
    assertThat(find(seen, WEB, Resource.CPU).allocated()).isEqualTo(1000);
    assertThat(find(seen, DB, Resource.MEMORY).usage()).hasValue(4.0 * GIB);
    assertThat(find(seen, DB, Resource.MEMORY).allocated()).isEqualTo(5.0 * GIB);
    assertThat(find(seen, DB, Resource.CPU).allocated()).isEqualTo(2000);
    // A pod metrics.k8s.io has no figure for yet: held by the loop, not guessed.
    Observation fresh = find(seen, "k8s:shop/new-1/app", Resource.MEMORY);
    assertThat(fresh.usage()).isEmpty();
    assertThat(fresh.allocated()).isEqualTo(256.0 * 1024 * 1024);
    // pae recommend names the same container from the workload id.
    assertThat(Container.of(WEB)).isEqualTo(new Container("shop", "web-1", "app"));
  }

  @Test
  void aResizePatchesThePodsResizeSubresourceKeepingTheRequestsShareOfTheLimit() throws Exception {
    KubernetesActuator a = actuator();
    Actuation memory = apply(a, WEB, Resource.MEMORY, 2.5 * GIB);
    assertThat(memory.status()).as(memory.detail()).isEqualTo(Actuation.Status.APPLIED);
    JsonNode m = sent("web-1", "app");
    assertThat(m.path("limits").path("memory").asText()).isEqualTo("2684354560");
    assertThat(m.path("requests").path("memory").asText()).isEqualTo("1342177280");
    assertThat(m.path("limits").has("cpu")).isFalse();

    Actuation cpu = apply(a, WEB, Resource.CPU, 1500);
    assertThat(cpu.status()).as(cpu.detail()).isEqualTo(Actuation.Status.APPLIED);
    JsonNode c = sent("web-1", "app");
    assertThat(c.path("limits").path("cpu").asText()).isEqualTo("1500m");
    assertThat(c.path("requests").path("cpu").asText()).isEqualTo("750m");

    // A container with a request and no limit: its request is sized.
    Actuation db = apply(a, DB, Resource.MEMORY, 6.0 * GIB);
    assertThat(db.status()).as(db.detail()).isEqualTo(Actuation.Status.APPLIED);
    JsonNode d = sent("db-1", "db");
    assertThat(d.path("requests").path("memory").asText()).isEqualTo(Long.toString(6 * GIB));
    assertThat(d.has("limits")).isFalse();
  }

  @Test
  void neverBelowTheUsageLastRead() throws Exception {
    Actuation cut = apply(actuator(), WEB, Resource.MEMORY, 1.0 * GIB);
    assertThat(cut.status()).isEqualTo(Actuation.Status.APPLIED);
    assertThat(cut.detail()).contains("raised from 1073741824 to the usage 1610612736");
    assertThat(sent("web-1", "app").path("limits").path("memory").asText()).isEqualTo("1610612736");
  }

  @Test
  void aRaiseIsCutToWhatTheNodesAllocatableLeavesAndHeldWhenItLeavesNothing() throws Exception {
    KubernetesActuator a = actuator();
    // n1: 8 GiB allocatable, 6 GiB requested (web-1 1, db-1 5). web-1 keeps its request at half
    // its limit: a request of 3 GiB fits, so its limit goes to 6 GiB, not 8.
    Actuation web = apply(a, WEB, Resource.MEMORY, 8.0 * GIB);
    assertThat(web.status()).as(web.detail()).isEqualTo(Actuation.Status.APPLIED);
    assertThat(web.detail()).contains("capped at 6442450944 by node n1's allocatable");
    assertThat(sent("web-1", "app").path("requests").path("memory").asText())
        .isEqualTo(Long.toString(3 * GIB));

    cluster.pod("big-1", "big", Map.of("memory", "2Gi"), Map.of("memory", "2Gi"));
    int before = cluster.resizes().size();
    Actuation db = apply(a, DB, Resource.MEMORY, 7.0 * GIB);
    assertThat(db.status()).isEqualTo(Actuation.Status.FAILED);
    assertThat(db.detail())
        .isEqualTo(
            "held: node n1's allocatable leaves no room to raise shop/db-1/db from 5368709120"
                + " to 7516192768");
    assertThat(cluster.resizes()).hasSize(before);
  }

  @Test
  void aRaiseStaysWithinTheNamespacesResourceQuotas() throws Exception {
    cluster.quota("mem", Map.of("limits.memory", "3Gi"), Map.of("limits.memory", "2Gi"));
    cluster.quota("cpu", Map.of("requests.cpu", "2500m"), Map.of("requests.cpu", "2500m"));
    KubernetesActuator a = actuator();
    Actuation memory = apply(a, WEB, Resource.MEMORY, 4.0 * GIB);
    assertThat(memory.status()).as(memory.detail()).isEqualTo(Actuation.Status.APPLIED);
    assertThat(memory.detail())
        .contains("capped at 3221225472 by ResourceQuota shop/mem (limits.memory)");
    assertThat(sent("web-1", "app").path("limits").path("memory").asText())
        .isEqualTo(Long.toString(3 * GIB));

    int before = cluster.resizes().size();
    Actuation cpu = apply(a, WEB, Resource.CPU, 2000);
    assertThat(cpu.status()).isEqualTo(Actuation.Status.FAILED);
    assertThat(cpu.detail())
        .isEqualTo(
            "held: ResourceQuota shop/cpu (requests.cpu) leaves no room to raise shop/web-1/app"
                + " from 1000m to 2000m");
    // A cut needs no room.
    assertThat(apply(a, WEB, Resource.CPU, 500).status()).isEqualTo(Actuation.Status.APPLIED);
    assertThat(cluster.resizes()).hasSize(before + 1);
  }

  @Test
  void everyRefusalIsAHeldDecisionThatSaysWhy() {
    cluster.pod("denied-1", "app", Map.of("memory", "1Gi"), Map.of("memory", "1Gi"));
    cluster.usage("denied-1", "app", "512Mi", "100m");
    cluster
        .server()
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/shop/pods/denied-1/resize")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withMessage("pods \"denied-1\" is forbidden: cannot resize")
                .build())
        .always();
    cluster.pod("free-1", "app", Map.of(), Map.of());
    KubernetesActuator a = actuator();

    Actuation denied = apply(a, "k8s:shop/denied-1/app", Resource.MEMORY, 0.75 * GIB);
    assertThat(denied.status()).isEqualTo(Actuation.Status.FAILED);
    assertThat(denied.detail())
        .startsWith("the API server refused the memory resize of shop/denied-1/app: HTTP 403")
        .contains("cannot resize");

    Actuation bestEffort = apply(a, "k8s:shop/free-1/app", Resource.MEMORY, GIB);
    assertThat(bestEffort.status()).isEqualTo(Actuation.Status.FAILED);
    assertThat(bestEffort.detail())
        .contains("shop/free-1/app has no memory request or limit")
        .contains("QoS class would change");

    Actuation gone = apply(a, "k8s:shop/gone-1/app", Resource.MEMORY, GIB);
    assertThat(gone.status()).isEqualTo(Actuation.Status.FAILED);
    assertThat(gone.detail()).startsWith("k8s:shop/gone-1/app is not running at http://");

    Actuation disk = apply(a, WEB, Resource.DISK_IO, 1e6);
    assertThat(disk.status()).isEqualTo(Actuation.Status.RECOMMENDED);

    KubernetesActuator memoryOnly = new KubernetesActuator(connected, Set.of(Resource.MEMORY));
    assertThat(apply(memoryOnly, WEB, Resource.CPU, 800).detail())
        .isEqualTo("kubernetes.enforce leaves cpu as it is");
  }

  @Test
  void aClusterThatDoesNotAnswerStopsTheStartAndALostOneIsHeld() {
    assertThatThrownBy(
            () ->
                Cluster.open(
                    KubernetesSettings.from(
                        SettingsSource.of(
                            Map.of(
                                "kubernetes.master", "http://127.0.0.1:1",
                                "kubernetes.timeout", "2s")))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot list the pods at http://127.0.0.1:1/");

    KubernetesSource source = new KubernetesSource(connect(), warnings::add);
    assertThat(source.observe(T0)).hasSize(4).allMatch(o -> o.usage().isPresent());
    cluster.close();
    List<Observation> lost = source.observe(T0.plusSeconds(5));
    assertThat(lost).hasSize(4).allMatch(o -> o.usage().isEmpty());
    assertThat(find(lost, WEB, Resource.MEMORY).allocated()).isEqualTo(2.0 * GIB);
    assertThat(warnings).anyMatch(w -> w.startsWith("cannot list the pods at http://"));
  }

  private static Observation find(List<Observation> seen, String workload, Resource r) {
    return seen.stream()
        .filter(o -> o.workload().id().value().equals(workload) && o.resource() == r)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + r.key() + " of " + workload + ": " + seen));
  }
}
