package org.pae.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Evidence;
import org.pae.core.loop.Plan;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.Actuation;
import org.pae.host.ProcessSource;

/**
 * Renders one tick of {@code pae run}: the managed cgroups with what became of their resizes, then
 * the processes using the most memory.
 */
final class ProcessTable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private final int top;

  ProcessTable(int top) {
    this.top = top;
  }

  String render(
      Instant now,
      Duration interval,
      Daemon.Snapshot tick,
      List<WorkloadId> managed,
      boolean enforce,
      ProcessSource source) {
    Plan plan = tick.plan();
    Map<WorkloadId, Map<Resource, Decision>> all = new LinkedHashMap<>();
    for (Decision d : plan.decisions()) {
      all.computeIfAbsent(d.series().workload(), k -> new EnumMap<>(Resource.class))
          .put(d.series().resource(), d);
    }
    Map<WorkloadId, Map<Resource, Decision>> rows = new LinkedHashMap<>();
    all.forEach(
        (w, r) -> {
          if (source.info(w.value()) != null) {
            rows.put(w, r);
          }
        });
    List<Map.Entry<WorkloadId, Map<Resource, Decision>>> sorted = new ArrayList<>(rows.entrySet());
    sorted.sort((a, b) -> Double.compare(memoryUsage(b.getValue()), memoryUsage(a.getValue())));
    StringBuilder s = new StringBuilder();
    long resizes = plan.resizes().size();
    s.append(
        String.format(
            Locale.ROOT,
            "%n%s  %d workloads (%d processes), %d allocations changed (every %ss, %s)%n",
            TIME.format(now),
            all.size(),
            rows.size(),
            resizes,
            interval.toMillis() / 1000.0,
            enforce ? "enforcing on managed cgroups" : "recommend-only"));
    if (!managed.isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-24s %9s %9s %9s  %9s %9s  %s%n",
              "MANAGED CGROUP",
              "MEM_USED",
              "MEM_FCST",
              "MEM_ALLOC",
              "CPU_USED",
              "CPU_ALLOC",
              "ACTION"));
      Map<WorkloadId, List<String>> actions = new LinkedHashMap<>();
      for (Actuation a : tick.actuations()) {
        Decision d = a.decision();
        actions
            .computeIfAbsent(d.series().workload(), k -> new ArrayList<>())
            .add(
                a.status().name().toLowerCase(Locale.ROOT)
                    + " "
                    + d.series().resource().key()
                    + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"));
      }
      for (WorkloadId w : managed) {
        Map<Resource, Decision> r = all.getOrDefault(w, Map.of());
        Decision mem = r.get(Resource.MEMORY);
        Decision cpu = r.get(Resource.CPU);
        s.append(
            String.format(
                Locale.ROOT,
                "%-24.24s %9s %9s %9s  %9s %9s  %s%n",
                w.value(),
                bytes(used(mem)),
                bytes(predicted(mem)),
                bytes(mem == null ? Double.NaN : mem.allocation()),
                millicores(used(cpu)),
                millicores(cpu == null ? Double.NaN : cpu.allocation()),
                String.join("; ", actions.getOrDefault(w, List.of("hold")))));
      }
    }
    if (rows.isEmpty()) {
      return s.toString();
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%7s %-16s %9s %9s %9s  %9s %9s %9s  %s%n",
            "PID",
            "COMMAND",
            "MEM_USED",
            "MEM_FCST",
            "MEM_REC",
            "CPU_USED",
            "CPU_FCST",
            "CPU_REC",
            "WHY (memory)"));
    for (var row : sorted.subList(0, Math.min(top, sorted.size()))) {
      ProcessSource.ProcessInfo info = source.info(row.getKey().value());
      Decision mem = row.getValue().get(Resource.MEMORY);
      Decision cpu = row.getValue().get(Resource.CPU);
      s.append(
          String.format(
              Locale.ROOT,
              "%7d %-16.16s %9s %9s %9s  %9s %9s %9s  %s%n",
              info == null ? -1 : info.pid(),
              info == null ? row.getKey().value() : info.command(),
              bytes(memoryUsage(row.getValue())),
              bytes(predicted(mem)),
              bytes(mem == null ? Double.NaN : mem.allocation()),
              millicores(used(cpu)),
              millicores(predicted(cpu)),
              millicores(cpu == null ? Double.NaN : cpu.allocation()),
              mem == null ? "" : mem.reason().explain()));
    }
    return s.toString();
  }

  private static double memoryUsage(Map<Resource, Decision> row) {
    Decision d = row.get(Resource.MEMORY);
    return used(d);
  }

  private static double used(Decision d) {
    return d == null ? Double.NaN : d.reason().usage().orElse(Double.NaN);
  }

  private static double predicted(Decision d) {
    return d == null
        ? Double.NaN
        : d.reason().evidence().map(Evidence::predicted).orElse(Double.NaN);
  }

  static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "-";
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (b >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f%s" : "%.1f%s", b, units[u]);
  }

  static String millicores(double m) {
    return Double.isNaN(m) ? "-" : String.format(Locale.ROOT, "%.0fm", m);
  }
}
