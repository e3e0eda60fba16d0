package org.pae.server.state;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/** One workload at the latest tick: each of its series, and its latest resizes (newest first). */
public record WorkloadView(
    Workload workload, Map<Resource, SeriesView> series, List<DecisionRecord> decisions) {
  public WorkloadView {
    Objects.requireNonNull(workload, "workload");
    EnumMap<Resource, SeriesView> m = new EnumMap<>(Resource.class);
    m.putAll(series);
    series = Collections.unmodifiableMap(m);
    decisions = List.copyOf(decisions);
  }

  /** What a person calls the workload: {@link #name(Workload)}. */
  public String name() {
    return name(workload);
  }

  /**
   * What a person calls a workload, from its id and program: a process by its command and pid
   * ({@code postgres (pid 812)}), a libvirt machine's cgroup by the machine's name ({@code
   * /machine.slice/machine-qemu\x2d1\x2dweb.scope} and {@code /machine/qemu-1-web.libvirt-qemu} are
   * {@code web}), another cgroup by its last path segment, a network interface by its device
   * ({@code net:eth0} is {@code eth0}), a GPU by its index ({@code GPU 0}); the id itself
   * otherwise.
   */
  public static String name(Workload w) {
    String id = w.id().value();
    String program = w.program().id();
    boolean known = !program.equals(ProgramCode.UNKNOWN.id());
    if (id.startsWith("pid:")) {
      return known ? program + " (pid " + id.substring(4) + ")" : id;
    }
    if (id.startsWith("net:")) {
      return id.substring(4);
    }
    if (id.startsWith("gpu:")) {
      return "GPU " + id.substring(4);
    }
    if (id.startsWith("/") && id.length() > 1) {
      String last = id.substring(id.lastIndexOf('/') + 1).replace("\\x2d", "-");
      Matcher m = MACHINE.matcher(last);
      return m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : last;
    }
    return id;
  }

  /**
   * A libvirt guest's cgroup: systemd-machined's scope {@code machine-qemu-ID-NAME.scope}, or
   * libvirt's own {@code qemu-ID-NAME.libvirt-qemu} without systemd.
   */
  private static final Pattern MACHINE =
      Pattern.compile(
          "machine-(?:qemu|lxc|kvm)-\\d+-(.+)\\.scope|(?:qemu|lxc)-\\d+-(.+)\\.libvirt-(?:qemu|lxc)");
}
