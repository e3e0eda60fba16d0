package org.pae.bench.ml;

import java.util.Map;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.Workload;

/** One factory per resource (a network trained on CPU series for CPU, one on memory for memory). */
record PerResource(Map<Resource, ForecasterFactory> byResource) implements ForecasterFactory {
  @Override
  public Forecaster create(SeriesKey series) {
    return factory(series.resource()).create(series);
  }

  @Override
  public Forecaster create(Workload workload, Resource resource) {
    return factory(resource).create(workload, resource);
  }

  private ForecasterFactory factory(Resource r) {
    ForecasterFactory f = byResource.get(r);
    if (f == null) {
      throw new IllegalArgumentException("no model for " + r.key());
    }
    return f;
  }
}
