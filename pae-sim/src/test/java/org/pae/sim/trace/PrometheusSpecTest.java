package org.pae.sim.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.Resource;

/** A {@code prometheus:} trace's spec: what its URL leaves unsaid is the defaults file's. */
class PrometheusSpecTest {
  @Test
  void spanStepAndLabelsDefaultToTheDefaultsFile() {
    PrometheusReader.Spec s = PrometheusReader.Spec.parse("http://127.0.0.1:9090?memory=m");
    assertThat(s.span())
        .isEqualTo(Duration.ofDays(7))
        .isEqualTo(SettingsSource.of(java.util.Map.of()).duration("prometheus.trace-span"));
    assertThat(s.step())
        .isEqualTo(Duration.ofMinutes(5))
        .isEqualTo(SettingsSource.of(java.util.Map.of()).duration("prometheus.trace-step"));
    assertThat(s.labels()).isEqualTo(List.of("instance"));
    assertThat(s.queries()).containsOnlyKeys(Resource.MEMORY);
  }

  @Test
  void theUrlsOwnValuesWin() {
    PrometheusReader.Spec s =
        PrometheusReader.Spec.parse(
            "http://127.0.0.1:9090?cpu=c&span=1d&step=1m&labels=namespace,pod&end=1700000000");
    assertThat(s.span()).isEqualTo(Duration.ofDays(1));
    assertThat(s.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.labels()).containsExactly("namespace", "pod");
  }
}
