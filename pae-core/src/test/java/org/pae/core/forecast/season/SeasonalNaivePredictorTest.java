package org.pae.core.forecast.season;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pae.core.forecast.Series;
import org.pae.core.forecast.online.Predictor;

class SeasonalNaivePredictorTest {
  @Test
  void forecastsTheValueAPeriodBackAndSharesThePastItWasRolledOver() {
    double[] y = Series.seasonal(3, 24 * 5, 24, 50, 10, 0.5);
    List<Double> seen = new ArrayList<>();
    for (double v : y) {
      seen.add((double) (float) v);
    }
    Predictor own = new SeasonalNaivePredictor(24, y);
    Predictor shared =
        new SeasonalNaivePredictor(24, y).sharing(lag -> seen.get(seen.size() - lag));
    assertThat(shared).isNotSameAs(own);
    for (double v : Series.seasonal(4, 60, 24, 50, 10, 0.5)) {
      own.update(v);
      shared.update(v);
      seen.add((double) (float) v);
      for (int h = 1; h <= 50; h++) {
        double periodBack = seen.get(seen.size() - 24 + (h - 1) % 24);
        assertThat(own.mean(h)).isEqualTo(periodBack);
        assertThat(shared.mean(h)).isEqualTo(periodBack);
        assertThat(shared.variance(h)).isEqualTo(own.variance(h));
      }
    }
  }
}
