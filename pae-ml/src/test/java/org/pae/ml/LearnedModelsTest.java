package org.pae.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.SeriesKey;
import org.pae.core.model.WorkloadId;
import org.pae.core.settings.Settings;
import org.pae.ml.cf.CfConfig;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfModel;

class LearnedModelsTest {
  @Test
  void theModelsAreFoundOnTheClassPathAndLoadFromSettings(@TempDir Path dir) throws IOException {
    ForecasterRegistry registry =
        ForecasterRegistry.discovered(LearnedModelsTest.class.getClassLoader());
    assertThat(registry.names()).contains("lstm", "cf", "ewma");
    Path file = dir.resolve("cf");
    CfFleet.save(
        Map.of(
            Resource.CPU,
            CfModel.train(
                Synthetic.daily(10, 24 * 14, 1), ContextCalendar.UTC, CfConfig.standard(1))),
        file);
    Settings s =
        Settings.load(
            Map.of("forecast.model", "cf", "forecast.cf.model", file.toString()), registry);
    Forecaster f =
        s.forecasterFactory(registry).create(new SeriesKey(WorkloadId.of("vm-3"), Resource.CPU));
    f.observe(Synthetic.MONDAY.plus(Duration.ofDays(20)), 300);
    assertThat(f.quantile(Duration.ofHours(6), 0.9)).isPositive();
    assertThatThrownBy(() -> Settings.load(Map.of("forecast.model", "cf"), registry))
        .hasMessageContaining("forecast.cf.model");
    assertThatThrownBy(
            () ->
                Settings.load(
                    Map.of("forecast.model", "lstm", "forecast.lstm.model", dir.toString()),
                    registry))
        .hasMessageContaining("no saved LSTM");
  }
}
