package org.pae.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.allocate.Allocations;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.settings.Settings;

class RegistryTest {
  private static final Kind<Integer> DETECTOR = new Kind<>("anomaly detector");

  @Test
  void aNewKindRegistersAndIsFoundByNameWithItsCharacteristics() {
    Registry r = new Registry();
    r.register(DETECTOR, "z-score", "distance from the mean in standard deviations", 1);
    r.register(new Entry<>(DETECTOR, "cusum", "cumulative sums", Map.of("online", "true"), 2));
    assertThat(r.get(DETECTOR, "cusum")).isEqualTo(2);
    assertThat(r.entry(DETECTOR, "cusum").traits()).containsEntry("online", "true");
    assertThat(r.names(DETECTOR)).containsExactly("z-score", "cusum");
    assertThat(r.kinds()).containsExactly(DETECTOR);
    assertThat(r.contains(new Kind<Integer>("anomaly detector"), "z-score")).isTrue();
  }

  @Test
  void anUnknownNameIsRefusedWithTheClosestAndTheKnownOnes() {
    Registry r = new Registry();
    r.register(DETECTOR, "z-score", "z", 1);
    r.register(DETECTOR, "cusum", "c", 2);
    assertThatThrownBy(() -> r.get(DETECTOR, "cusun"))
        .hasMessage(
            "unknown anomaly detector 'cusun'; did you mean 'cusum'? known: z-score, cusum");
    assertThatThrownBy(() -> r.get(DETECTOR, "isolation-forest"))
        .hasMessage("unknown anomaly detector 'isolation-forest'; known: z-score, cusum");
    assertThatThrownBy(() -> r.register(DETECTOR, "cusum", "again", 3))
        .hasMessage("anomaly detector 'cusum' is registered already");
  }

  @Test
  void aContributionIsIncludedOnce() {
    Registry r = new Registry();
    r.include("detectors", x -> x.register(DETECTOR, "z-score", "z", 1));
    r.include("detectors", x -> x.register(DETECTOR, "z-score", "z", 1));
    assertThat(r.names(DETECTOR)).containsExactly("z-score");
  }

  @Test
  void forecastersAndAllocationPoliciesShareOneRegistry() {
    ForecasterRegistry f = ForecasterRegistry.standard();
    Registry r = f.registry();
    Settings.load(f);
    assertThat(r.names(ForecasterRegistry.KIND)).contains("ensemble", "tiers", "last-value");
    assertThat(r.names(Allocations.KIND)).containsExactly("choice", "threshold");
    assertThat(f.entry("arima").description()).contains("ARIMA");
    assertThatThrownBy(() -> f.factory("arma", Map.of()))
        .hasMessageStartingWith("unknown forecaster 'arma'; did you mean 'arima'? known: ");
    // A second view of the same registry adds nothing twice.
    assertThat(new ForecasterRegistry(r).names()).isEqualTo(f.names());
  }

  @Test
  void closestNamesAreWithinAThirdOfTheLength() {
    assertThat(Names.closest("intervall", List.of("interval", "history"))).contains("interval");
    assertThat(Names.closest("xyz", List.of("interval"))).isEmpty();
  }
}
