package org.pae.sim.replay;

import java.io.Serializable;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.sim.policy.PolicyCatalog;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.Trace;
import org.pae.sim.trace.TraceFormat;
import org.pae.sim.trace.WorkloadTrace;

/**
 * A whole {@code pae simulate} run as plain values: what any JVM needs to open the same trace and
 * build the same {@link Replay}, so that an engine can replay parts of it elsewhere (a Spark
 * executor) and every part sees the same policies, settings and options.
 *
 * @param trace {@code FORMAT:PATH} as {@link TraceFormat#open} takes it
 * @param lenient whether malformed lines are skipped (else refused)
 * @param limit replay only the first {@code limit} workloads; 0 for all
 * @param settings the settings file's keys for the {@code pae} policy
 * @param policies the policy list as {@link PolicyCatalog#parse} takes it
 * @param actuationDelay see {@link Replay.Options}
 * @param step see {@link Replay.Options}
 * @param resources see {@link Replay.Options}
 * @param threads see {@link Replay.Options}
 * @param keepChanges see {@link Replay.Options}
 * @param plotWorkloads see {@link Replay.Options}
 * @param bandLevel see {@link Replay.Options}; the band's model is {@code pae}'s forecaster
 */
public record ReplayPlan(
    String trace,
    boolean lenient,
    int limit,
    Map<String, String> settings,
    String policies,
    int actuationDelay,
    Duration step,
    Set<Resource> resources,
    int threads,
    boolean keepChanges,
    Set<String> plotWorkloads,
    double bandLevel)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ReplayPlan {
    Objects.requireNonNull(trace, "trace");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0 (0: all): " + limit);
    }
    settings = Map.copyOf(settings);
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(step, "step");
    resources = resources.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(resources));
    plotWorkloads = Set.copyOf(plotWorkloads);
  }

  /** A fresh count of malformed lines, strict or lenient as planned. */
  public ParseIssues issues() {
    return lenient ? ParseIssues.lenient() : ParseIssues.strict();
  }

  /** The trace, opened with {@code issues}. */
  public Trace open(ParseIssues issues) {
    return TraceFormat.open(trace, issues);
  }

  /** The first {@link #limit} of {@code workloads}, or all of them. */
  public Stream<WorkloadTrace> limited(Stream<WorkloadTrace> workloads) {
    return limit == 0 ? workloads : workloads.limit(limit);
  }

  /** The replay this plan describes, with the models of every module on this JVM's class path. */
  public Replay replay() {
    return replay(ForecasterRegistry.discovered(ReplayPlan.class.getClassLoader()));
  }

  /** The replay this plan describes, with the models of {@code registry}. */
  public Replay replay(ForecasterRegistry registry) {
    PolicyCatalog catalog = new PolicyCatalog(settings, registry);
    List<PolicyVariant> variants = catalog.parse(policies);
    Replay.Options options =
        new Replay.Options(
            actuationDelay,
            step,
            resources,
            threads,
            keepChanges,
            plotWorkloads,
            catalog.assembly(Map.of()).forecasting(Optional.empty(), Optional.empty()),
            bandLevel);
    return new Replay(variants, options);
  }

  /** The same plan on {@code n} threads. */
  public ReplayPlan withThreads(int n) {
    return new ReplayPlan(
        trace,
        lenient,
        limit,
        settings,
        policies,
        actuationDelay,
        step,
        resources,
        n,
        keepChanges,
        plotWorkloads,
        bandLevel);
  }
}
