package org.pae.libvirt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;

/**
 * The running domains of one libvirt connection, shared by the {@link LibvirtSource} that reads
 * them and the {@link LibvirtActuator} that resizes them. A domain is looked up once when it starts
 * running (by its id, which a restart changes) and forgotten when it stops. Each is the workload
 * {@code vm:<name>}: a container inside it names that as its parent.
 */
public final class Fleet implements AutoCloseable {
  /** The prefix of a VM's workload id. */
  public static final String PREFIX = "vm:";

  private final Connect connection;
  private final String uri;
  private final Map<Integer, Vm> byDomainId = new HashMap<>();
  private final Map<WorkloadId, Vm> byWorkload = new HashMap<>();

  private Fleet(Connect connection, String uri) {
    this.connection = connection;
    this.uri = uri;
  }

  /**
   * Connects to {@code uri} ({@code qemu:///system}, {@code test:///default}, ...).
   *
   * @throws IllegalStateException when libvirt cannot be loaded or the connection is refused,
   *     saying which
   */
  public static Fleet open(String uri) {
    Objects.requireNonNull(uri, "uri");
    try {
      return new Fleet(new Connect(uri), uri);
    } catch (LibvirtException e) {
      throw new IllegalStateException(
          "cannot connect to libvirt at " + uri + ": " + Libvirt.message(e), e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new IllegalStateException(
          "cannot load libvirt's C library (Debian: apt-get install libvirt0): " + e.getMessage(),
          e);
    }
  }

  /** The workload id of the domain named {@code name}. */
  public static WorkloadId workloadId(String name) {
    return WorkloadId.of(PREFIX + name);
  }

  public String uri() {
    return uri;
  }

  /** The connection, for what PAE does not model (defining and starting domains in tests). */
  public Connect connection() {
    return connection;
  }

  /**
   * The domains running now, in libvirt's order; a domain that cannot be looked up or described is
   * reported to {@code warnings} and left out this time.
   *
   * @throws LibvirtException when the list itself cannot be read (the connection is gone)
   */
  public List<Vm> running(Consumer<String> warnings) throws LibvirtException {
    int[] ids = connection.listDomains();
    Set<Integer> live = new HashSet<>();
    List<Vm> out = new ArrayList<>(ids.length);
    for (int id : ids) {
      live.add(id);
      Vm vm = byDomainId.get(id);
      if (vm == null) {
        try {
          Domain d = connection.domainLookupByID(id);
          vm = Vm.of(d, Workload.of(PREFIX + d.getName(), WorkloadKind.VM));
        } catch (LibvirtException | IllegalStateException e) {
          // It stopped between the list and the lookup, or its XML is unreadable.
          warnings.accept("libvirt domain " + id + " skipped: " + Libvirt.message(e));
          continue;
        }
        byDomainId.put(id, vm);
        byWorkload.put(vm.workload.id(), vm);
      }
      out.add(vm);
    }
    var gone = byDomainId.entrySet().iterator();
    while (gone.hasNext()) {
      var e = gone.next();
      if (!live.contains(e.getKey())) {
        byWorkload.remove(e.getValue().workload.id());
        free(e.getValue().domain);
        gone.remove();
      }
    }
    return out;
  }

  /** The running domain that is workload {@code id}, as last listed. */
  public Optional<Vm> vm(WorkloadId id) {
    return Optional.ofNullable(byWorkload.get(id));
  }

  @Override
  public void close() {
    byDomainId.values().forEach(vm -> free(vm.domain));
    byDomainId.clear();
    byWorkload.clear();
    try {
      connection.close();
    } catch (LibvirtException e) {
      // Closing: nothing is left to hold.
    }
  }

  private static void free(Domain d) {
    try {
      d.free();
    } catch (LibvirtException e) {
      // Already gone on libvirt's side.
    }
  }
}
