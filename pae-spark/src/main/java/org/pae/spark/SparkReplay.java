package org.pae.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.pae.core.model.Resource;
import org.pae.sim.replay.Change;
import org.pae.sim.replay.Replay;
import org.pae.sim.replay.ReplayPlan;
import org.pae.sim.replay.Tally;
import org.pae.sim.replay.Trajectory;
import org.pae.sim.replay.WorkloadResult;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.WorkloadTrace;

/**
 * {@code pae simulate --engine spark}: the trace's workloads cut into contiguous runs of {@link
 * Sessions#WORKLOADS_PER_TASK}, each replayed by pae-sim's own {@link Replay} in one Spark task
 * (which opens the trace and builds the policies from the {@link ReplayPlan} itself), and the
 * results handed on and summed in trace order on the driver, as a local run does. Where no policy
 * shares state across workloads the figures, exports and plots are therefore those of a local run
 * exactly. A policy with a fleet-wide shortfall price ({@code pae}'s choice) needs the whole fleet
 * in one time order: its workloads are then split among as many tasks as the cluster runs at once,
 * which replay their shares side by side and pool the price every interval ({@link FleetReplicas}).
 */
final class SparkReplay {
  private SparkReplay() {}

  static Replay.Summary run(
      ReplayPlan plan,
      ParseIssues issues,
      Consumer<WorkloadResult> each,
      Replay.Progress progress) {
    Trace trace = plan.open(issues);
    JavaSparkContext sc = Sessions.context(plan.threads());
    Replay replay = plan.replay();
    Replay.Totals totals = new Replay.Totals(replay.labels());
    ReplayPlan onTask = plan.withThreads(1);
    int[] count = {0};
    long[] steps = {0};
    Consumer<Part> merge =
        part -> {
          issues.add(part.issues());
          for (Shipped s : part.results()) {
            if (plan.limit() > 0 && count[0] >= plan.limit()) {
              return;
            }
            WorkloadResult r = s.result();
            totals.add(r);
            count[0]++;
            steps[0] += r.steps();
            each.accept(r);
            progress.done(count[0], steps[0]);
          }
        };
    int size = Sessions.workloadsPerTask(sc);
    Input input = Input.of(sc, trace, plan.trace());
    int replicas = Math.min(sc.defaultParallelism(), Math.ceilDiv(input.units(), size));
    if (replay.fleetOrder()) {
      // One replica too (one core, or a trace of one task): it keeps a limit's read-on in one
      // price, where further tasks of Parts would each steer a price of their own.
      FleetReplicas.run(sc, onTask, input, Math.max(1, replicas)).forEach(merge);
    } else {
      Parts.run(
          sc, input, size, plan.limit(), () -> count[0], slice -> replayPart(onTask, slice), merge);
    }
    return new Replay.Summary(totals.figures(), count[0], steps[0]);
  }

  /** One task: the workloads of {@code slice}, replayed under every policy. */
  private static Part replayPart(ReplayPlan plan, Input.Slice slice) {
    ParseIssues issues = plan.issues();
    List<Shipped> out = new ArrayList<>();
    try (Stream<WorkloadTrace> workloads = slice.workloads(issues)) {
      plan.replay().run(workloads, r -> out.add(Shipped.of(r)), (w, s) -> {});
    }
    return new Part(out, issues);
  }

  /**
   * What a task sends back: its workloads' results in order, what reading met, and how many
   * workloads the run's units fell short of its limit by (then it replayed nothing).
   */
  record Part(List<Shipped> results, ParseIssues issues, int missing) implements Serializable {
    private static final long serialVersionUID = 1L;

    Part(List<Shipped> results, ParseIssues issues) {
      this(results, issues, 0);
    }

    static Part missing(int workloads) {
      return new Part(List.of(), ParseIssues.strict(), workloads);
    }
  }

  /** A {@link WorkloadResult} as it travels (its plot record may be absent: null). */
  record Shipped(
      String workload,
      int steps,
      List<Map<Resource, Tally>> tallies,
      List<List<Change>> changes,
      Trajectory trajectory)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static Shipped of(WorkloadResult r) {
      return new Shipped(
          r.workload(), r.steps(), r.tallies(), r.changes(), r.trajectory().orElse(null));
    }

    WorkloadResult result() {
      return new WorkloadResult(workload, steps, tallies, changes, Optional.ofNullable(trajectory));
    }
  }
}
