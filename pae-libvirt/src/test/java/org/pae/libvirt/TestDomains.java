package org.pae.libvirt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * Domains of libvirt's test driver ({@code test:///default}: an in-process hypervisor whose state
 * every connection of the JVM shares), made per test under names of their own and destroyed after.
 */
final class TestDomains implements AutoCloseable {
  static final String URI = "test:///default";

  final Fleet fleet;
  private final List<Domain> made = new ArrayList<>();

  private TestDomains(Fleet fleet) {
    this.fleet = fleet;
  }

  /**
   * A fleet on the test driver; the test is skipped when libvirt's C library is missing, unless
   * {@code PAE_REQUIRE_LIBVIRT} is set (as CI does), when it fails.
   */
  static TestDomains open() {
    try {
      return new TestDomains(Fleet.open(URI));
    } catch (IllegalStateException e) {
      if (System.getenv("PAE_REQUIRE_LIBVIRT") != null) {
        throw e;
      }
      assumeTrue(false, "libvirt is not usable here (" + e.getMessage() + "); skipping");
      throw e;
    }
  }

  /**
   * Starts a transient domain with {@code maxMib} of memory of which {@code currentMib} are given,
   * {@code vcpus} of {@code maxVcpus} vCPUs, one disk {@code vdb} and one interface {@code
   * <name>-nic}.
   */
  Domain start(String name, int maxMib, int currentMib, int vcpus, int maxVcpus)
      throws LibvirtException {
    String xml =
        """
        <domain type='test'>
          <name>%s</name>
          <memory unit='MiB'>%d</memory>
          <currentMemory unit='MiB'>%d</currentMemory>
          <vcpu current='%d'>%d</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'>
              <source file='/guest/%s'/><target dev='vdb' bus='virtio'/>
            </disk>
            <interface type='network'>
              <source network='default'/><target dev='%s-nic'/>
            </interface>
            <memballoon model='virtio'/>
          </devices>
        </domain>
        """
            .formatted(name, maxMib, currentMib, vcpus, maxVcpus, name, name);
    Domain d = fleet.connection().domainCreateXML(xml, 0);
    made.add(d);
    return d;
  }

  @Override
  public void close() throws LibvirtException {
    for (Domain d : made) {
      try {
        d.destroy();
      } catch (LibvirtException e) {
        // The test stopped it already: a transient domain is then gone.
      }
    }
    fleet.close();
  }
}
