package org.pae.sim.forecast;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.settings.Settings;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;

/**
 * A whole {@code pae forecast-eval} run as plain values: what any JVM needs to open the same trace
 * and score its workloads the same way, so that an engine can score parts of it elsewhere.
 *
 * @param trace {@code FORMAT:PATH} as {@link TraceFormat#open} takes it (read strictly)
 * @param limit score only the first {@code limit} workloads; 0 for all
 * @param settings settings over the defaults (the models' parameters, {@code forecast.MODEL.KEY})
 * @param options what to score
 * @param step the trace's sampling step
 */
public record EvalPlan(
    String trace,
    int limit,
    Map<String, String> settings,
    ForecastEval.Options options,
    Duration step)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public EvalPlan {
    Objects.requireNonNull(trace, "trace");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0: all): " + limit);
    }
    settings = Map.copyOf(settings);
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(step, "step");
  }

  /** The trace, opened strictly (a malformed line is an error). */
  public Trace open() {
    return TraceFormat.open(trace, ParseIssues.strict());
  }

  /** The first {@link #limit} of {@code workloads}, or all of them. */
  public Stream<WorkloadTrace> limited(Stream<WorkloadTrace> workloads) {
    return limit == 0 ? workloads : workloads.limit(limit);
  }

  /**
   * An empty evaluation, assembled in this JVM as PAE's engine is: of the core's models and of
   * those on the class path (pae-ml's lstm and cf where its jar is there).
   */
  public ForecastEval evaluation() {
    ForecasterRegistry registry = ForecasterRegistry.discovered(EvalPlan.class.getClassLoader());
    return new ForecastEval(
        new Assembly(Settings.load(settings, registry), registry), options, step);
  }
}
