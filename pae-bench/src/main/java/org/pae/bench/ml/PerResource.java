package org.pae.bench.ml;

import java.time.Instant;
import java.util.Map;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.SeriesPreview;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.ml.lstm.LstmFleet;

/**
 * One factory per resource (a network trained on CPU series for CPU, one on memory for memory); a
 * preview goes to the resource's factory where that one takes previews.
 */
record PerResource(Map<Resource, ForecasterFactory> byResource)
    implements ForecasterFactory, SeriesPreview {
  @Override
  public void preview(SeriesKey series, Instant[] times, double[] values) {
    if (byResource.get(series.resource()) instanceof SeriesPreview p) {
      p.preview(series, times, values);
    }
  }

  @Override
  public void forget(SeriesKey series) {
    if (byResource.get(series.resource()) instanceof SeriesPreview p) {
      p.forget(series);
    }
  }

  /** Samples the LSTMs among these answered from previews. */
  long previewed() {
    return byResource.values().stream()
        .mapToLong(f -> f instanceof LstmFleet l ? l.previewed() : 0)
        .sum();
  }

  /** Batches the LSTMs among these ran live. */
  long batches() {
    return byResource.values().stream()
        .mapToLong(f -> f instanceof LstmFleet l ? l.batches() : 0)
        .sum();
  }

  @Override
  public Forecaster create(SeriesSpec spec) {
    return factory(spec.resource()).create(spec);
  }

  private ForecasterFactory factory(Resource r) {
    ForecasterFactory f = byResource.get(r);
    if (f == null) {
      throw new IllegalArgumentException("no model for " + r.key());
    }
    return f;
  }
}
