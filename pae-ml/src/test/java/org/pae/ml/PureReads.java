package org.pae.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;

/**
 * pae-core's ForecasterFactoryContractTest for the learned models, which need a trained model to be
 * made: two models of one series fed alike and tracking alike, one also read as the dashboard
 * reads, answer the tracked pairs alike, also a level first tracked halfway (issue 16).
 */
public final class PureReads {
  private PureReads() {}

  /** Checks {@code factory}'s models on series {@code s} (its CPU). */
  public static void check(ForecasterFactory factory, UsageSeries s) {
    SeriesKey key = new SeriesKey(s.workload(), Resource.CPU);
    Forecaster quiet = factory.create(key);
    Forecaster read = factory.create(key);
    Duration step = s.step();
    List<Duration> shown = List.of(step, step.multipliedBy(6), step.multipliedBy(12));
    int n = s.values().length;
    for (int i = 0; i < n; i++) {
      quiet.observe(s.time(i), s.values()[i]);
      read.observe(s.time(i), s.values()[i]);
      read.forecast(shown, 0.05, 0.5, 0.95, 0.99);
      for (int k = 1; k < 20; k++) {
        read.quantile(step, 1 - Math.pow(10, -k / 4.0));
      }
      for (double q : i < n / 2 ? List.of(0.9) : List.of(0.9, 0.5)) {
        quiet.track(step, q);
        read.track(step, q);
        double expected = quiet.quantile(step, q);
        // The learned models run their series in batches: float32 sums in another order differ
        // by a few ulps; an untracked level differs by far more.
        assertThat(read.quantile(step, q))
            .as("sample %d, level %s", i, q)
            .isCloseTo(expected, within(1e-6 * Math.abs(expected) + 1e-9));
      }
    }
  }
}
