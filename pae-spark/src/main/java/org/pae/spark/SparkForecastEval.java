package org.pae.spark;

import java.util.ArrayList;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.pae.sim.forecast.EvalPlan;
import org.pae.sim.forecast.ForecastEval;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.WorkloadTrace;

/**
 * {@code pae forecast-eval --engine spark}: the trace's workloads cut into contiguous runs of
 * {@link Sessions#WORKLOADS_PER_TASK}, each scored by pae-sim's own {@link ForecastEval} in one
 * Spark task, and every workload's scores added on the driver in trace order: the figures are those
 * of a local run on one thread, exactly (the models share nothing across workloads).
 */
final class SparkForecastEval {
  private SparkForecastEval() {}

  static void run(EvalPlan plan, ForecastEval eval, IntConsumer evaluated) {
    Trace trace = plan.open();
    JavaSparkContext sc = Sessions.context(plan.options().threads());
    int[] count = {0};
    Parts.run(
        sc,
        Input.of(sc, trace, plan.trace()),
        Sessions.workloadsPerTask(sc),
        plan.limit(),
        () -> count[0],
        slice -> scorePart(plan, slice),
        part -> {
          for (ForecastEval.Scores s : part) {
            if (plan.limit() > 0 && count[0] >= plan.limit()) {
              return;
            }
            eval.add(s);
            evaluated.accept(++count[0]);
          }
        });
  }

  /** One task: the scores of the workloads of {@code slice}, in order. */
  private static ArrayList<ForecastEval.Scores> scorePart(EvalPlan plan, Input.Slice slice) {
    ForecastEval eval = plan.evaluation();
    ArrayList<ForecastEval.Scores> out = new ArrayList<>();
    try (Stream<WorkloadTrace> workloads = slice.workloads(ParseIssues.strict())) {
      workloads.forEach(w -> out.add(eval.evaluate(w)));
    }
    return out;
  }
}
