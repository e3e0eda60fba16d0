package org.pae.core.forecast;

import java.util.List;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;
import org.pae.core.ports.PastSource;

/** Makes a fresh model for a series. */
@FunctionalInterface
public interface ForecasterFactory {
  Forecaster create(SeriesKey series);

  /**
   * This factory, its forecasters reading the history their refits need from {@code source} instead
   * of keeping it in each series' state. A factory whose forecasters keep no long history, or see
   * values other than the recorded ones (a context that rescales them), returns itself.
   */
  default ForecasterFactory reading(PastSource source) {
    return this;
  }

  /**
   * A fresh model for a workload's resource, knowing the workload's program code, account and
   * criticality: models that learn across workloads (cold start from similar ones) or read the
   * account's calendar override this. By default the same as for its series key.
   */
  default Forecaster create(Workload workload, Resource resource) {
    return create(new SeriesKey(workload.id(), resource));
  }

  /**
   * The models behind this factory that can be retrained from the engine's history; none by
   * default. A factory that wraps others returns theirs.
   */
  default List<Learner> learners() {
    return List.of();
  }
}
