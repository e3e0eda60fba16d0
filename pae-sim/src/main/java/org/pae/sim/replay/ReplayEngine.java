package org.pae.sim.replay;

import java.util.function.Consumer;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;
import org.pae.sim.trace.ParseIssues;

/**
 * Where a {@link ReplayPlan} runs: {@code local} (this JVM's threads, {@link Replay#run}) or an
 * engine a module adds to the {@link Registry} (pae-spark's {@code spark}), found by name so that
 * the command needs no dependency on it.
 */
@FunctionalInterface
public interface ReplayEngine {
  /** The kind of the engines' entries. */
  Kind<ReplayEngine> KIND = new Kind<>("replay engine");

  /** The engine of this JVM, always registered. */
  String LOCAL = "local";

  /**
   * Replays the plan, handing each workload's result to {@code each} in trace order, and returns
   * the figures, as {@link Replay#run} does.
   *
   * @param issues where the malformed lines and short workloads met while reading are counted
   */
  Replay.Summary run(
      ReplayPlan plan, ParseIssues issues, Consumer<WorkloadResult> each, Replay.Progress progress);

  /** The local engine: the plan's replay on this JVM's threads. */
  static Replay.Summary local(
      ReplayPlan plan,
      ParseIssues issues,
      Consumer<WorkloadResult> each,
      Replay.Progress progress) {
    try (var workloads = plan.open(issues).workloads()) {
      return plan.replay().run(plan.limited(workloads), each, progress);
    }
  }

  /** Registers {@code local}. */
  static void register(Registry r) {
    r.register(KIND, LOCAL, "this JVM's threads", ReplayEngine::local);
  }
}
