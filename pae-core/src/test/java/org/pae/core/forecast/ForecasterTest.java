package org.pae.core.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ForecasterTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofMinutes(5);

  @Test
  void gaussianQuantilesMatchKnownValues() {
    assertThat(Gaussian.quantile(0.5)).isCloseTo(0, within(1e-9));
    assertThat(Gaussian.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
    assertThat(Gaussian.quantile(0.999)).isCloseTo(3.090232, within(1e-6));
    assertThat(Gaussian.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
    assertThatThrownBy(() -> Gaussian.quantile(1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lastValueRepeatsTheLastSample() {
    Forecaster f = new LastValueForecaster();
    assertThat(f.quantile(STEP, 0.9)).isNaN();
    f.observe(T0, 3);
    f.observe(T0.plus(STEP), 7);
    assertThat(f.quantile(STEP.multipliedBy(12), 0.99)).isEqualTo(7);
    assertThat(f.observations()).isEqualTo(2);
  }

  @Test
  void ewmaCoversNoisySamplesAtItsQuantile() {
    EwmaForecaster f = new EwmaForecaster(0.1);
    SplittableRandom random = new SplittableRandom(42);
    int covered = 0;
    int n = 20_000;
    Instant t = T0;
    for (int i = 0; i < n; i++) {
      double x = 100 + 10 * Gaussian.quantile(random.nextDouble(1e-9, 1 - 1e-9));
      if (i > 100 && x <= f.quantile(STEP, 0.9)) {
        covered++;
      }
      f.observe(t, x);
      t = t.plus(STEP);
    }
    assertThat(covered / (double) (n - 101)).isCloseTo(0.9, within(0.02));
  }

  @Test
  void ewmaQuantilesGrowWithLevelAndHorizonAndNeverGoNegative() {
    EwmaForecaster f = new EwmaForecaster(0.3);
    Instant t = T0;
    for (double x : new double[] {1, 5, 0, 6, 1, 4}) {
      f.observe(t, x);
      t = t.plus(STEP);
    }
    assertThat(f.quantile(STEP, 0.99)).isGreaterThan(f.quantile(STEP, 0.5));
    assertThat(f.quantile(STEP.multipliedBy(12), 0.99)).isGreaterThan(f.quantile(STEP, 0.99));
    assertThat(f.quantile(STEP, 0.01)).isGreaterThanOrEqualTo(0);
    Forecast fc = f.forecast(List.of(STEP, STEP.multipliedBy(12)), 0.5, 0.99);
    assertThat(fc.value(STEP, 0.99)).isEqualTo(f.quantile(STEP, 0.99));
  }

  @Test
  void theRegistryRefusesUnknownModelsAndBadParameters() {
    ForecasterRegistry r = ForecasterRegistry.standard();
    assertThat(r.names()).contains("last-value", "ewma");
    assertThatThrownBy(() -> r.factory("lstm9", Map.of()))
        .hasMessageContaining("unknown forecaster 'lstm9'; known: ")
        .hasMessageContaining("ewma, holt-winters, last-value");
    assertThatThrownBy(() -> r.factory("ewma", Map.of("alpha", "0")))
        .hasMessageContaining("forecast.ewma.alpha");
    assertThatThrownBy(() -> r.register("ewma", p -> k -> new LastValueForecaster()))
        .hasMessageContaining("registered already");
  }
}
