package org.pae.cli;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Reason;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.model.WorkloadKind;
import org.pae.core.ports.Actuation;
import org.pae.server.state.DecisionRecord;
import org.pae.server.state.SeriesView;
import org.pae.server.state.Snapshot;
import org.pae.server.state.WorkloadView;

/**
 * What {@code pae run} shows of each tick. On a terminal, {@link #screen} redraws one screen in
 * place: every kind of workload in its own group (cgroups and VMs, network interfaces and GPUs,
 * processes), each row with its usage, forecast and allocation per resource and a WHY for every
 * resource, fitted to the terminal's size. Piped, {@link #lines} gives plain lines: one per tick
 * and one per resize, so a log grows by what changed.
 */
final class TerminalView {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** Clears from the cursor to the end of the line, and to the end of the screen. */
  private static final String EOL = "\033[K";

  private static final String HOME = "\033[H";
  private static final String END = "\033[J";

  private static final String ROW = "%-26.26s %-9s %9s %9s %9s %8s %8s %8s %-18.18s %6s  %s";

  private final int top;
  private final Set<WorkloadId> managed;
  private final boolean enforce;

  /**
   * @param top how many rows each group shows at most
   * @param managed the cgroups PAE manages (marked, and shown first)
   * @param enforce whether their limits are written
   */
  TerminalView(int top, Set<WorkloadId> managed, boolean enforce) {
    this.top = top;
    this.managed = Set.copyOf(managed);
    this.enforce = enforce;
  }

  private record Group(String title, Predicate<WorkloadView> member) {}

  private static final List<Group> GROUPS =
      List.of(
          new Group("CGROUPS AND VMS", v -> v.workload().id().value().startsWith("/")),
          new Group("INTERFACES AND DEVICES", v -> v.workload().kind() == WorkloadKind.DEVICE),
          new Group("PROCESSES", v -> v.workload().kind() == WorkloadKind.PROCESS),
          new Group("OTHER WORKLOADS", v -> true));

  /**
   * One screen for a terminal of {@code width} × {@code height}: drawn from the top left over the
   * previous one, every line cut to the width, the groups cut to fit the height.
   */
  String screen(Snapshot s, Duration interval, int width, int height) {
    List<String> head = header(s, interval);
    List<List<WorkloadView>> members = grouped(s);
    int groups = (int) members.stream().filter(m -> !m.isEmpty()).count();
    int budget = Math.max(groups, height - head.size() - 3 * groups - 2);
    int[] shown = fit(members, budget);
    List<String> out = new ArrayList<>(head);
    for (int g = 0; g < GROUPS.size(); g++) {
      List<WorkloadView> m = members.get(g);
      if (m.isEmpty()) {
        continue;
      }
      out.add("");
      out.add(
          GROUPS.get(g).title()
              + (shown[g] < m.size() ? " (" + shown[g] + " of " + m.size() + ")" : ""));
      out.add(columns());
      for (WorkloadView v : m.subList(0, shown[g])) {
        out.add(row(v));
      }
    }
    StringBuilder b = new StringBuilder(HOME);
    for (String line : out) {
      b.append(line.length() > width ? line.substring(0, width) : line).append(EOL).append('\n');
    }
    return b.append(END).toString();
  }

  /** Plain lines for a pipe: the tick's summary, then each resize (and failure) it made. */
  String lines(Snapshot s, Duration interval, boolean first) {
    List<String> out = new ArrayList<>(header(s, interval));
    if (!first && out.size() > 1) {
      out.subList(1, out.size()).clear();
    }
    for (DecisionRecord r : thisTick(s)) {
      Decision d = r.decision();
      Resource res = d.series().resource();
      String name =
          s.workload(d.series().workload())
              .map(WorkloadView::name)
              .orElse(d.series().workload().value());
      out.add(
          String.format(
              Locale.ROOT,
              "%s  %s %s %s: %s -> %s, %s%s",
              TIME.format(s.time()),
              r.actuation().map(a -> a.status().name().toLowerCase(Locale.ROOT)).orElse("decided"),
              name,
              res.key(),
              amount(res, d instanceof Decision.Resize z ? z.from() : d.allocation()),
              amount(res, d.allocation()),
              why(res, d.reason()),
              r.actuation()
                  .map(a -> a.detail().isEmpty() ? "" : " (" + a.detail() + ")")
                  .orElse("")));
    }
    return String.join("\n", out) + "\n";
  }

  /** The resizes of the snapshot's tick (and any actuation that failed), newest first. */
  private static List<DecisionRecord> thisTick(Snapshot s) {
    return s.decisions().stream()
        .takeWhile(r -> r.time().equals(s.time()))
        .filter(
            r ->
                r.decision() instanceof Decision.Resize
                    || r.actuation().filter(a -> a.status() == Actuation.Status.FAILED).isPresent())
        .toList();
  }

  private List<String> header(Snapshot s, Duration interval) {
    long resizes = s.decisions().stream().takeWhile(r -> r.time().equals(s.time())).count();
    int processes = 0;
    int cgroups = 0;
    int devices = 0;
    long warming = 0;
    Duration left = Duration.ZERO;
    for (WorkloadView v : s.workloads().values()) {
      String id = v.workload().id().value();
      if (id.startsWith("/")) {
        cgroups++;
      } else if (id.startsWith("net:") || id.startsWith("gpu:")) {
        devices++;
      } else if (v.workload().kind() == WorkloadKind.PROCESS) {
        processes++;
      }
      Duration l =
          v.series().values().stream()
              .flatMap(x -> x.warmUpLeft().stream())
              .max(Comparator.naturalOrder())
              .orElse(null);
      if (l != null) {
        warming++;
        left = l.compareTo(left) > 0 ? l : left;
      }
    }
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "%s  %s, every %ss: %d workloads (%d cgroups and VMs, %d processes, %d interfaces and"
                + " devices), %d allocations changed",
            TIME.format(s.time()),
            enforce ? "enforcing on managed cgroups" : "recommend-only",
            interval.toMillis() / 1000.0,
            s.workloads().size(),
            cgroups,
            processes,
            devices,
            resizes));
    if (warming > 0) {
      out.add(
          String.format(
              Locale.ROOT,
              "Warming up: %d workloads, %s left. PAE watches each new workload for"
                  + " allocate.choice.warm-up and holds its allocation (raising it only to cover"
                  + " usage);",
              warming,
              duration(left)));
      out.add("  its forecasts (marked *) are shown from the first minutes but not acted on yet.");
    }
    return out;
  }

  private List<List<WorkloadView>> grouped(Snapshot s) {
    List<List<WorkloadView>> out = new ArrayList<>();
    for (int g = 0; g < GROUPS.size(); g++) {
      out.add(new ArrayList<>());
    }
    for (WorkloadView v : s.workloads().values()) {
      for (int g = 0; g < GROUPS.size(); g++) {
        if (GROUPS.get(g).member().test(v)) {
          out.get(g).add(v);
          break;
        }
      }
    }
    Comparator<WorkloadView> order =
        Comparator.comparing((WorkloadView v) -> !managed.contains(v.workload().id()))
            .thenComparing(Comparator.comparingDouble(TerminalView::weight).reversed())
            .thenComparing(WorkloadView::name);
    out.forEach(m -> m.sort(order));
    return out;
  }

  /** What sorts a group: memory used, else the largest usage of any resource. */
  private static double weight(WorkloadView v) {
    SeriesView m = v.series().get(Resource.MEMORY);
    if (m != null && m.usage().isPresent()) {
      return m.usage().getAsDouble();
    }
    return v.series().values().stream().mapToDouble(x -> x.usage().orElse(0)).max().orElse(0);
  }

  /**
   * Rows per group: at most {@link #top} each, within {@code budget} in all, small groups first.
   */
  private int[] fit(List<List<WorkloadView>> members, int budget) {
    int[] shown = new int[members.size()];
    List<Integer> order = new ArrayList<>();
    for (int g = 0; g < members.size(); g++) {
      if (!members.get(g).isEmpty()) {
        order.add(g);
      }
    }
    order.sort(Comparator.comparingInt(g -> members.get(g).size()));
    int left = budget;
    for (int i = 0; i < order.size(); i++) {
      int g = order.get(i);
      int share = Math.max(1, left / (order.size() - i));
      shown[g] = Math.min(Math.min(top, members.get(g).size()), share);
      left -= shown[g];
    }
    return shown;
  }

  private static String columns() {
    return String.format(
        Locale.ROOT,
        ROW,
        "NAME",
        "KIND",
        "MEM_USED",
        "MEM_FCST",
        "MEM_ALLOC",
        "CPU_USED",
        "CPU_FCST",
        "CPU_ALLOC",
        "DISK / NET / GPU",
        "RISK",
        "WHY (every resource)");
  }

  private String row(WorkloadView v) {
    SeriesView mem = v.series().get(Resource.MEMORY);
    SeriesView cpu = v.series().get(Resource.CPU);
    List<String> other = new ArrayList<>();
    List<String> why = new ArrayList<>();
    double risk = Double.NaN;
    for (SeriesView s : v.series().values()) {
      Resource r = s.resource();
      if (r != Resource.MEMORY && r != Resource.CPU) {
        other.add(SHORT.get(r) + " " + amount(r, s.usage().orElse(Double.NaN)));
      }
      why.add(
          SHORT.get(r)
              + ": "
              + s.warmUpLeft()
                  .map(l -> "warming up, " + duration(l) + " left")
                  .orElseGet(() -> why(r, s.decision().reason())));
      if (s.warmUpLeft().isEmpty() && Double.isFinite(s.risk())) {
        risk = Double.isNaN(risk) ? s.risk() : Math.max(risk, s.risk());
      }
    }
    String name = v.name() + (managed.contains(v.workload().id()) ? " [managed]" : "");
    return String.format(
        Locale.ROOT,
        ROW,
        name,
        v.workload().kind().name().toLowerCase(Locale.ROOT),
        used(mem),
        forecast(mem),
        allocated(mem),
        used(cpu),
        forecast(cpu),
        allocated(cpu),
        other.isEmpty() ? "-" : String.join(" ", other),
        Double.isNaN(risk) ? "-" : percent(risk),
        String.join("; ", why));
  }

  private static final java.util.Map<Resource, String> SHORT =
      java.util.Map.of(
          Resource.MEMORY, "mem",
          Resource.CPU, "cpu",
          Resource.DISK_IO, "disk",
          Resource.NETWORK, "net",
          Resource.GPU, "gpu");

  private static String used(SeriesView s) {
    return s == null ? "-" : amount(s.resource(), s.usage().orElse(Double.NaN));
  }

  private static String allocated(SeriesView s) {
    return s == null ? "-" : amount(s.resource(), s.allocation());
  }

  /** The forecast one interval ahead, marked {@code *} while warming up (shown, not acted on). */
  private static String forecast(SeriesView s) {
    if (s == null || Double.isNaN(s.predicted())) {
      return "-";
    }
    return amount(s.resource(), s.predicted()) + (s.warmingUp() ? "*" : "");
  }

  /** A rule and its evidence in words, amounts in the resource's unit. */
  static String why(Resource r, Reason reason) {
    StringBuilder b =
        new StringBuilder(reason.rule().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    reason
        .evidence()
        .ifPresent(
            (Evidence e) ->
                b.append(" by ")
                    .append(e.model())
                    .append(" q")
                    .append(e.quantile())
                    .append(" = ")
                    .append(amount(r, e.predicted())));
    if (!reason.caps().isEmpty()) {
      b.append(", capped:");
      reason.caps().forEach(c -> b.append(' ').append(c.name().toLowerCase(Locale.ROOT)));
    }
    return b.toString();
  }

  static String amount(Resource r, double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return switch (r) {
      case MEMORY -> bytes(v);
      case CPU ->
          v >= 10_000
              ? String.format(Locale.ROOT, "%.1fcores", v / 1000)
              : String.format(Locale.ROOT, "%.0fm", v);
      case DISK_IO, NETWORK -> bytes(v) + "/s";
      case GPU -> String.format(Locale.ROOT, "%.0f%%", v);
    };
  }

  static String bytes(double b) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (Math.abs(b) >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f%s" : "%.1f%s", b, units[u]);
  }

  private static String percent(double p) {
    return p < 0.001 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", 100 * p);
  }

  static String duration(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : s >= 60 ? s / 60 + "m" : s + "s";
  }
}
