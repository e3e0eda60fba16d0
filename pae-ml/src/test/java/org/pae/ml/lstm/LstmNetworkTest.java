package org.pae.ml.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.ml.Synthetic;
import org.pae.ml.UsageSeries;

/** Trains one small seeded network (a few seconds) and checks what it learned. */
class LstmNetworkTest {
  private static final LstmConfig CONFIG =
      new LstmConfig(
          Duration.ofHours(1),
          24,
          new int[] {1, 6},
          new double[] {0.5, 0.9},
          32,
          1,
          12,
          64,
          1e-2f,
          2,
          7);
  private static final int TRAIN = 24 * 21;
  private static LstmNetwork net;
  private static List<UsageSeries> fleet;
  private static final List<Double> losses = new ArrayList<>();

  @BeforeAll
  static void train() {
    fleet = Synthetic.daily(24, 24 * 28, 42);
    List<UsageSeries> training = new ArrayList<>();
    // The first 20 series' first three weeks train; the other 4 series and the last week are held
    // out.
    for (UsageSeries s : fleet.subList(0, 20)) {
      training.add(s.slice(0, TRAIN));
    }
    net = LstmNetwork.train(training, ContextCalendar.UTC, CONFIG, e -> losses.add(e.loss()));
  }

  @AfterAll
  static void close() {
    net.close();
  }

  @Test
  void lossFallsAndItBeatsLastValueOnHeldOutWindows() {
    assertThat(losses).hasSize(CONFIG.epochs());
    assertThat(losses.getLast()).isLessThan(losses.getFirst() * 0.7);
    LstmFleet models = LstmFleet.serving(net, ContextCalendar.UTC);
    double[] lstmError = new double[2];
    double[] naiveError = new double[2];
    int[] covered = new int[2];
    int count = 0;
    for (UsageSeries s : fleet.subList(20, 24)) {
      for (int end = TRAIN; end + 6 <= s.values().length; end += 5) {
        Forecaster f = models.create(new SeriesKey(s.workload(), Resource.CPU));
        for (int i = end - CONFIG.window(); i < end; i++) {
          f.observe(s.time(i), s.values()[i]);
        }
        double last = s.values()[end - 1];
        for (int h = 0; h < 2; h++) {
          int steps = CONFIG.horizons()[h];
          double actual = s.values()[end - 1 + steps];
          lstmError[h] += Math.abs(f.quantile(Duration.ofHours(steps), 0.5) - actual);
          naiveError[h] += Math.abs(last - actual);
          covered[h] += actual <= f.quantile(Duration.ofHours(steps), 0.9) ? 1 : 0;
        }
        count++;
      }
    }
    assertThat(lstmError[0]).isLessThan(naiveError[0]);
    assertThat(lstmError[1]).isLessThan(0.6 * naiveError[1]);
    // The 0.9 quantile covers most actual values (a loose bound: few epochs, small data).
    assertThat((double) covered[1] / count).isGreaterThan(0.6);
  }

  @Test
  void aTickIsOneBatchAcrossSeries() {
    LstmFleet models = LstmFleet.serving(net, ContextCalendar.UTC);
    List<Forecaster> series = new ArrayList<>();
    for (UsageSeries s : fleet) {
      series.add(models.create(new SeriesKey(s.workload(), Resource.MEMORY)));
    }
    for (int t = 0; t < 30; t++) {
      for (int k = 0; k < series.size(); k++) {
        series.get(k).observe(fleet.get(k).time(t), fleet.get(k).values()[t]);
      }
      for (Forecaster f : series) {
        assertThat(f.quantile(Duration.ofHours(1), 0.9)).isFinite().isNotNegative();
      }
    }
    assertThat(models.batches()).isEqualTo(30);
  }

  @Test
  void savedAndLoadedItPredictsTheSame(@TempDir Path dir) throws IOException {
    net.save(dir);
    try (LstmNetwork loaded = LstmNetwork.load(dir)) {
      assertThat(loaded.config().horizons()).containsExactly(CONFIG.horizons());
      float[] x = new float[CONFIG.window() * LstmNetwork.FEATURES];
      UsageSeries s = fleet.get(22);
      double[][] f = new double[CONFIG.window()][];
      for (int i = 0; i < f.length; i++) {
        f[i] = ContextCalendar.UTC.at(s.workload(), s.account(), s.time(i)).features();
      }
      LstmNetwork.encode(s.values(), f, 0, CONFIG.window(), x, 0);
      assertThat(loaded.predict(x, 1)).isDeepEqualTo(net.predict(x, 1));
    }
    assertThatThrownBy(() -> LstmNetwork.load(dir.resolve("nothing")))
        .hasMessageContaining("no saved LSTM");
  }

  @Test
  void withoutANetworkItCannotForecastYet() {
    LstmFleet empty = new LstmFleet(CONFIG, ContextCalendar.UTC);
    Forecaster f = empty.create(new SeriesKey(WorkloadId.of("a"), Resource.CPU));
    f.observe(Synthetic.MONDAY, 5);
    assertThat(f.quantile(Duration.ofHours(1), 0.5)).isNaN();
  }
}
