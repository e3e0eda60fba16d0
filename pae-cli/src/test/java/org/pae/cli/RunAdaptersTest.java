package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Rule;
import org.pae.core.assembly.Assembly;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Adapter;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Registry;
import org.pae.core.settings.Settings;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;
import org.pae.kubernetes.TestCluster;
import org.pae.live.LiveEngine;
import picocli.CommandLine;

/**
 * {@code pae run} with the adapters its settings name: libvirt (its in-process test driver, {@code
 * test:///default}, whose one running domain is {@code test}) and the real Prometheus that {@code
 * .ci/prometheus.sh} starts on 127.0.0.1:19090, scraping a node exporter.
 */
class RunAdaptersTest {
  private static final String PROMETHEUS = LocalPrometheus.URL;
  private static final String NODE = LocalPrometheus.NODE;

  /** A running domain of 8 GiB, 4 given, 2 vCPUs, with a balloon. */
  private static final String DOMAIN =
      """
      <domain type='test'>
        <name>run-a</name>
        <memory unit='MiB'>8192</memory>
        <currentMemory unit='MiB'>4096</currentMemory>
        <vcpu current='2'>2</vcpu>
        <os><type arch='x86_64'>hvm</type></os>
        <devices><memballoon model='virtio'/></devices>
      </domain>
      """;

  @TempDir Path dir;

  /** This host's own sources off: what is left is what the adapters bring. */
  private static Map<String, String> quiet(Map<String, String> more) {
    Map<String, String> m = new HashMap<>(more);
    m.put("host.observe-cgroups", "false");
    m.put("host.processes", "false");
    m.put("host.network", "false");
    return m;
  }

  private record Result(int code, String out, String err) {}

  private Result run(Map<String, String> settings, String... more) throws Exception {
    Path file = dir.resolve("settings.properties");
    StringBuilder text = new StringBuilder();
    settings.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(file, text);
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--settings",
                file.toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--listen",
                "off",
                "--view",
                "lines"));
    args.addAll(List.of(more));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  /** The adapters the settings name, connected, as {@code pae run} finds and connects them. */
  private static List<Adapter.Attached> attach(Map<String, String> settings, Instant now) {
    SettingsSource source = SettingsSource.of(settings);
    List<Adapter.Attached> out = new ArrayList<>();
    Registry registry = Registry.discovered(RunAdaptersTest.class.getClassLoader());
    for (Entry<Adapter> a : registry.entries(Adapter.KIND)) {
      a.value().configure(source).ifPresent(c -> out.add(c.connect(now, m -> {})));
    }
    return out;
  }

  private LiveEngine daemon(
      Map<String, String> o, boolean enforce, List<Adapter.Attached> attached) {
    ForecasterRegistry registry = ForecasterRegistry.standard();
    return new LiveEngine(
        new Assembly(Settings.load(o, registry), registry),
        LiveEngine.Options.of(
                HostSettings.from(o, 0.05),
                CgroupHierarchy.host(),
                Path.of("/proc"),
                dir.resolve("data"),
                m -> {})
            .enforcing(enforce)
            .attaching(attached));
  }

  @Test
  void bothAdaptersAreFoundByNameInTheRegistry() {
    assertThat(Registry.discovered(getClass().getClassLoader()).names(Adapter.KIND))
        .contains("libvirt", "prometheus", "kubernetes");
  }

  @Test
  void withAKubernetesMasterItReadsThePodsAndResizesThemInPlaceUnderEnforce() throws Exception {
    try (TestCluster cluster = new TestCluster()) {
      Map<String, String> o =
          quiet(
              Map.of(
                  "kubernetes.master", cluster.url(),
                  "allocate.policy", "threshold",
                  "forecast.model", "last-value",
                  "policy.cooldown", "0s"));
      Instant now = Instant.now();
      try (LiveEngine d = daemon(o, true, attach(o, now))) {
        LiveEngine.Snapshot tick = d.tick(now);
        assertThat(tick.observations())
            .anyMatch(ob -> ob.workload().id().value().equals("k8s:shop/web-1/app"));
        // The cpu resize (300m used of 1 core) went to the pod's resize subresource, not to the
        // recommender.
        assertThat(tick.actuations())
            .as("%s", tick.plan())
            .filteredOn(a -> a.decision().series().workload().value().equals("k8s:shop/web-1/app"))
            .filteredOn(a -> a.decision().series().resource() == Resource.CPU)
            .singleElement()
            .extracting(Actuation::status)
            .isEqualTo(Actuation.Status.APPLIED);
        assertThat(cluster.resizes())
            .anyMatch(r -> r.getPath().equals("/api/v1/namespaces/shop/pods/web-1/resize"));
      }
      Result r = run(o, "--iterations", "1");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("k8s:shop/web-1/app");
    }
    Result down =
        run(
            quiet(Map.of("kubernetes.master", "http://127.0.0.1:1", "kubernetes.timeout", "2s")),
            "--iterations",
            "1");
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.err())
        .contains(
            "pae: refusing to start, kubernetes: cannot list the pods at http://127.0.0.1:1/");
  }

  @Test
  void withALibvirtUriItReadsTheDomainsAndResizesThemUnderEnforce() throws Exception {
    libvirtPresent();
    Map<String, String> o =
        quiet(
            Map.of(
                "libvirt.uri", "test:///default",
                "allocate.policy", "threshold",
                "forecast.model", "last-value",
                "policy.cooldown", "0s"));
    // The test driver's state is shared by every connection of this JVM: the adapter sees the
    // domain started here.
    Connect hypervisor = new Connect("test:///default");
    Domain vm = hypervisor.domainCreateXML(DOMAIN, 0);
    try {
      resizes(o);
    } finally {
      vm.destroy();
      hypervisor.close();
    }
  }

  private void resizes(Map<String, String> o) throws Exception {
    Instant now = Instant.now();
    try (LiveEngine d = daemon(o, true, attach(o, now))) {
      LiveEngine.Snapshot tick = d.tick(now);
      assertThat(tick.observations()).anyMatch(ob -> ob.workload().id().value().equals("vm:run-a"));
      List<Actuation> vm =
          tick.actuations().stream()
              .filter(a -> a.decision().series().workload().value().equals("vm:run-a"))
              .toList();
      // The memory resize went to the balloon, not to the recommender.
      assertThat(vm)
          .as("%s", tick.plan())
          .filteredOn(a -> a.decision().series().resource() == Resource.MEMORY)
          .singleElement()
          .extracting(Actuation::status)
          .isEqualTo(Actuation.Status.APPLIED);
    }
    // Without --enforce the same resize is recommended only.
    try (LiveEngine d = daemon(o, false, attach(o, now))) {
      assertThat(d.tick(now).actuations())
          .filteredOn(a -> a.decision().series().workload().value().equals("vm:run-a"))
          .isNotEmpty()
          .allMatch(a -> a.status() == Actuation.Status.RECOMMENDED);
    }

    Result r = run(o, "--enforce", "--iterations", "2", "--interval", "200ms");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("vm:run-a");
  }

  @Test
  void aLibvirtItCannotReachStopsTheStartWithLibvirtsMessage() throws Exception {
    libvirtPresent();
    Result r =
        run(
            quiet(Map.of("libvirt.uri", "test://" + dir.resolve("no-such-file.xml"))),
            "--iterations",
            "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("pae: refusing to start, libvirt: cannot connect to libvirt at test://")
        .contains("no-such-file.xml");
  }

  @Test
  void aPrometheusBackedRunDecidesAtItsFirstTickWhereAColdOneWarmsUp() throws Exception {
    LocalPrometheus.up();
    Map<String, String> o =
        quiet(
            Map.of(
                "prometheus.url", PROMETHEUS,
                "prometheus.workload-labels", "instance",
                "prometheus.query.memory",
                    "node_memory_MemTotal_bytes - node_memory_MemAvailable_bytes",
                "prometheus.backfill", "60s",
                "loop.interval", "1s",
                "allocate.choice.warm-up", "30s",
                "history.warm-up", "0s"));
    Instant now = Instant.now();
    Instant second = now.plusSeconds(1);
    try (LiveEngine d = daemon(o, false, attach(o, now))) {
      assertThat(d.warmUp(now)).as("samples backfilled").isGreaterThanOrEqualTo(40);
      // The first tick decides: the backfill warmed the forecasts and the fleet's shortfall price.
      Decision first = memory(d.tick(now));
      assertThat(first.reason().rule()).as("%s", first).isNotEqualTo(Rule.WARMING_UP);
      assertThat(first.reason().evidence()).isPresent();
    }
    Map<String, String> cold = new HashMap<>(o);
    cold.put("prometheus.backfill", "0s");
    try (LiveEngine d = daemon(cold, false, attach(cold, now))) {
      assertThat(d.warmUp(now)).isZero();
      assertThat(memory(d.tick(now)).reason().rule()).isEqualTo(Rule.WARMING_UP);
      assertThat(memory(d.tick(second)).reason().rule()).isEqualTo(Rule.WARMING_UP);
    }
  }

  @Test
  void aPrometheusThatIsDownOrRefusesTheQueryStopsTheStart() throws Exception {
    Map<String, String> down =
        quiet(
            Map.of(
                "prometheus.url", "http://127.0.0.1:1",
                "prometheus.query.memory", "node_memory_MemTotal_bytes"));
    Result r = run(down, "--iterations", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "pae: refusing to start, prometheus: prometheus.query.memory: cannot reach"
                + " Prometheus at http://127.0.0.1:1/");

    Result none = run(quiet(Map.of("prometheus.url", "http://127.0.0.1:1")), "--iterations", "1");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("prometheus.url is set but no prometheus.query.<resource> is");

    LocalPrometheus.up();
    Map<String, String> bad = new HashMap<>(down);
    bad.put("prometheus.url", PROMETHEUS);
    bad.put("prometheus.query.memory", "sum(");
    Result refused = run(bad, "--iterations", "1");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains("prometheus.query.memory: Prometheus at " + PROMETHEUS + "/ refused sum(");
  }

  private static Decision memory(LiveEngine.Snapshot s) {
    return s.plan().decisions().stream()
        .filter(x -> x.series().workload().value().equals(NODE))
        .filter(x -> x.series().resource() == Resource.MEMORY)
        .findFirst()
        .orElseThrow();
  }

  /** libvirt's C library, for the test driver; required where PAE_REQUIRE_LIBVIRT is set. */
  private static void libvirtPresent() {
    String why = null;
    try {
      attach(Map.of("libvirt.uri", "test:///default"), Instant.now())
          .forEach(Adapter.Attached::close);
    } catch (IllegalStateException e) {
      why = e.getMessage();
    }
    if (why != null && System.getenv("PAE_REQUIRE_LIBVIRT") != null) {
      throw new AssertionError(why + " (PAE_REQUIRE_LIBVIRT is set)");
    }
    assumeTrue(why == null, why + "; skipping (Debian libvirt0)");
  }
}
