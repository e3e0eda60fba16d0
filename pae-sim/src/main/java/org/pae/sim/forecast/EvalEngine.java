package org.pae.sim.forecast;

import java.util.function.IntConsumer;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * Where a {@link EvalPlan} is scored: {@code local} (this JVM's threads, {@link ForecastEval#run})
 * or an engine a module adds to the {@link Registry} (pae-spark's {@code spark}), found by name.
 */
@FunctionalInterface
public interface EvalEngine {
  /** The kind of the engines' entries. */
  Kind<EvalEngine> KIND = new Kind<>("forecast-eval engine");

  /** The engine of this JVM, always registered. */
  String LOCAL = "local";

  /**
   * Scores every workload of the plan into {@code eval} (made from the plan), telling {@code
   * evaluated} how many workloads are done, as {@link ForecastEval#run} does.
   */
  void run(EvalPlan plan, ForecastEval eval, IntConsumer evaluated) throws InterruptedException;

  /** The local engine: every workload scored on this JVM's threads. */
  static void local(EvalPlan plan, ForecastEval eval, IntConsumer evaluated)
      throws InterruptedException {
    try (var workloads = plan.open().workloads()) {
      eval.run(plan.limited(workloads), evaluated);
    }
  }

  /** Registers {@code local}. */
  static void register(Registry r) {
    r.register(KIND, LOCAL, "this JVM's threads", EvalEngine::local);
  }
}
