package org.pae.bench.vm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.libvirt.Domain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Reason;
import org.pae.core.allocate.Rule;
import org.pae.core.loop.Plan;
import org.pae.core.model.Observation;
import org.pae.core.model.Resource;
import org.pae.core.ports.Actuation;
import org.pae.libvirt.Fleet;
import org.pae.libvirt.LibvirtActuator;
import org.pae.libvirt.LibvirtSource;

/**
 * What libvirt costs the live engine per tick over a fleet of running domains of libvirt's test
 * driver ({@code test:///default}, in process: the calls, JNA and the binding, not a hypervisor's
 * own latency): the source reads every domain (balloon statistics, info, one disk's and one
 * interface's counters, limits when stale) and the actuator resizes every domain's memory and CPU
 * (the worst case: the cooldown makes it rare), which also makes every domain's limits stale for
 * the next reading. Target: under 100 ms at 200 domains. Run: {@code java
 * --enable-native-access=ALL-UNNAMED -jar pae-bench/target/benchmarks.jar LibvirtTickBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LibvirtTickBenchmark {
  private static final double MIB = 1024 * 1024;

  @Param({"200"})
  int domains;

  private Fleet fleet;
  private LibvirtSource source;
  private LibvirtActuator actuator;
  private final List<Domain> made = new ArrayList<>();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private boolean up;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fleet = Fleet.open("test:///default");
    for (int i = 0; i < domains; i++) {
      made.add(
          fleet
              .connection()
              .domainCreateXML(
                  """
                  <domain type='test'><name>bench-%d</name>
                    <memory unit='MiB'>4096</memory><currentMemory unit='MiB'>2048</currentMemory>
                    <vcpu current='2'>4</vcpu><os><type arch='x86_64'>hvm</type></os>
                    <devices>
                      <disk type='file' device='disk'><source file='/guest/b%d'/>
                        <target dev='vdb' bus='virtio'/></disk>
                      <interface type='network'><source network='default'/>
                        <target dev='bench%d'/></interface>
                      <memballoon model='virtio'/>
                    </devices>
                  </domain>
                  """
                      .formatted(i, i, i),
                  0));
    }
    source = new LibvirtSource(fleet, m -> {});
    actuator =
        new LibvirtActuator(
            fleet, new LibvirtActuator.Options(EnumSet.of(Resource.MEMORY, Resource.CPU), 0, 0));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    for (Domain d : made) {
      d.destroy();
    }
    fleet.close();
  }

  /**
   * One tick: read every domain, then resize each one's memory and CPU, alternately up and down.
   */
  @Benchmark
  public List<Actuation> tick() {
    now = now.plus(Duration.ofSeconds(5));
    up = !up;
    List<Observation> seen = source.observe(now);
    List<Decision> resizes = new ArrayList<>(seen.size());
    Reason reason =
        new Reason(
            Rule.SCALE_UP,
            java.util.OptionalDouble.empty(),
            java.util.Optional.empty(),
            java.util.Set.of());
    for (Observation o : seen) {
      if (o.resource() == Resource.MEMORY) {
        resizes.add(new Decision.Resize(o.key(), o.allocated(), (up ? 3072 : 2048) * MIB, reason));
      } else if (o.resource() == Resource.CPU) {
        resizes.add(new Decision.Resize(o.key(), o.allocated(), up ? 3000 : 2000, reason));
      }
    }
    return actuator.apply(new Plan(now, resizes));
  }
}
