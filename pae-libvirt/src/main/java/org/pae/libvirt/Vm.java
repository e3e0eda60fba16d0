package org.pae.libvirt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.SchedLongParameter;
import org.libvirt.SchedParameter;
import org.libvirt.SchedUintParameter;
import org.libvirt.SchedUlongParameter;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * One running domain as PAE knows it: its libvirt handle, its workload, the devices it counts, and
 * the limits in force as last read (read again when stale or after PAE wrote them).
 */
public final class Vm {
  final Domain domain;
  final Workload workload;
  final List<String> disks;
  final List<String> interfaces;

  /** What libvirt bounds of a domain. */
  private static final Set<Resource> LIMITED =
      EnumSet.of(Resource.MEMORY, Resource.CPU, Resource.DISK_IO, Resource.NETWORK);

  /** The limits to read again, by the resource they bound (all of them at first). */
  private final Set<Resource> stale = EnumSet.copyOf(LIMITED);

  /** The vCPUs it ran with at the last reading; 0 before it. */
  int vcpus;

  private long maxMemoryKiB;
  private int maxVcpus;
  private Map<String, Long> scheduler = Map.of();
  private Map<String, Map<String, Long>> diskTune = Map.of();
  private Map<String, Map<String, Long>> interfaceTune = Map.of();

  Vm(Domain domain, Workload workload, List<String> disks, List<String> interfaces) {
    this.domain = domain;
    this.workload = workload;
    this.disks = List.copyOf(disks);
    this.interfaces = List.copyOf(interfaces);
  }

  public Workload workload() {
    return workload;
  }

  /** The disk targets ({@code vda}) and interface targets ({@code vnet0}) it counts. */
  public List<String> disks() {
    return disks;
  }

  public List<String> interfaces() {
    return interfaces;
  }

  /** All its limits are read afresh at the next use (an operator may have changed them). */
  void invalidate() {
    stale.addAll(LIMITED);
  }

  /** The limits of {@code r} are read afresh at the next use: PAE just wrote them. */
  void invalidate(Resource r) {
    stale.add(r);
  }

  /**
   * Reads the limits that are stale: the maximum memory, the vCPU maximum and scheduler fields, the
   * disks' throttles, the interfaces' bandwidth (the last two the dearest calls of all).
   */
  void refresh() throws LibvirtException, Tuning.TuningException {
    if (stale.remove(Resource.MEMORY)) {
      maxMemoryKiB = domain.getMaxMemory();
    }
    if (stale.contains(Resource.CPU)) {
      maxVcpus = domain.getMaxVcpus();
      Map<String, Long> s = new HashMap<>();
      for (SchedParameter p : domain.getSchedulerParameters()) {
        switch (p) {
          case SchedUlongParameter u -> s.put(p.field, u.value);
          case SchedLongParameter l -> s.put(p.field, l.value);
          case SchedUintParameter u -> s.put(p.field, Integer.toUnsignedLong(u.value));
          default -> {
            // Booleans and doubles: none of the quota or share fields.
          }
        }
      }
      scheduler = Map.copyOf(s);
      stale.remove(Resource.CPU);
    }
    if (stale.contains(Resource.DISK_IO)) {
      Map<String, Map<String, Long>> dt = new HashMap<>();
      for (String disk : disks) {
        dt.put(disk, Tuning.blockIoTune(domain, disk));
      }
      diskTune = dt;
      stale.remove(Resource.DISK_IO);
    }
    if (stale.contains(Resource.NETWORK)) {
      Map<String, Map<String, Long>> it = new HashMap<>();
      for (String nic : interfaces) {
        it.put(nic, Tuning.interfaceParameters(domain, nic));
      }
      interfaceTune = it;
      stale.remove(Resource.NETWORK);
    }
  }

  long maxMemoryBytes() {
    return maxMemoryKiB * 1024;
  }

  int maxVcpus() {
    return maxVcpus;
  }

  Map<String, Long> scheduler() {
    return scheduler;
  }

  /**
   * The CPU allocation the scheduler allows {@code vcpus} vCPUs, in millicores: one core each, less
   * where a per-vCPU or whole-domain CFS quota is set.
   */
  double cpuAllocation(int vcpus) {
    double millicores = vcpus * 1000.0;
    long vcpuQuota = scheduler.getOrDefault("vcpu_quota", -1L);
    long vcpuPeriod = scheduler.getOrDefault("vcpu_period", 0L);
    if (vcpuQuota > 0 && vcpuPeriod > 0) {
      millicores = Math.min(millicores, vcpus * 1000.0 * vcpuQuota / vcpuPeriod);
    }
    long globalQuota = scheduler.getOrDefault("global_quota", -1L);
    long globalPeriod = scheduler.getOrDefault("global_period", 0L);
    if (globalQuota > 0 && globalPeriod > 0) {
      millicores = Math.min(millicores, 1000.0 * globalQuota / globalPeriod);
    }
    return millicores;
  }

  /** The sum of its disks' throttles in bytes per second; infinite when any disk is unthrottled. */
  double diskAllocation() {
    double sum = 0;
    for (String disk : disks) {
      long rate = diskTune.getOrDefault(disk, Map.of()).getOrDefault("total_bytes_sec", 0L);
      if (rate <= 0) {
        return Double.POSITIVE_INFINITY;
      }
      sum += rate;
    }
    return disks.isEmpty() ? Double.POSITIVE_INFINITY : sum;
  }

  /**
   * The sum over its interfaces of the larger of their average inbound and outbound caps, in bytes
   * per second; infinite when any interface is uncapped.
   */
  double networkAllocation() {
    double sum = 0;
    for (String nic : interfaces) {
      Map<String, Long> t = interfaceTune.getOrDefault(nic, Map.of());
      long in = t.getOrDefault("inbound.average", 0L);
      long out = t.getOrDefault("outbound.average", 0L);
      if (in <= 0 || out <= 0) {
        return Double.POSITIVE_INFINITY;
      }
      sum += Math.max(in, out) * 1024.0;
    }
    return interfaces.isEmpty() ? Double.POSITIVE_INFINITY : sum;
  }

  /** The disk and interface targets named in a domain's XML. */
  static Vm of(Domain d, Workload workload) throws LibvirtException {
    String xml = d.getXMLDesc(0);
    return new Vm(
        d,
        workload,
        targets(xml, "/domain/devices/disk[@device='disk']/target/@dev"),
        targets(xml, "/domain/devices/interface/target/@dev"));
  }

  private static List<String> targets(String xml, String path) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      var doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
      NodeList nodes =
          (NodeList)
              XPathFactory.newInstance().newXPath().evaluate(path, doc, XPathConstants.NODESET);
      List<String> out = new ArrayList<>();
      for (int i = 0; i < nodes.getLength(); i++) {
        out.add(nodes.item(i).getNodeValue());
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("libvirt returned a domain XML PAE cannot read: " + e, e);
    }
  }

  @Override
  public String toString() {
    return workload.id().value();
  }
}
