package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.allocate.Decision;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.ThresholdPolicy;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.loop.Steering;
import org.pae.core.model.Observation;
import org.pae.core.settings.Settings;

class CompositeSourceTest {
  @TempDir Path dir;

  @Test
  void aVanishedSourceIsHeldNeverScaledDownAndSaidSo() throws Exception {
    Path file = dir.resolve("dev");
    String header = "h1\nh2\n";
    Files.writeString(file, header + "  eth0: 1000 1 0 0 0 0 0 0 500 1 0 0 0 0 0 0\n");
    List<String> warnings = new ArrayList<>();
    CompositeSource source =
        new CompositeSource(
            Map.of("network", new NetworkSource(file, (k, u) -> 50_000)), warnings::add);
    Settings settings = Settings.load(ForecasterRegistry.standard());
    ControlLoop loop =
        new ControlLoop(
            new ThresholdPolicy(
                "pae",
                settings.forecasterFactory(ForecasterRegistry.standard()),
                ((ThresholdPolicy.Setup) settings.policies().get("threshold")).resources(),
                false),
            Steering.uniform(settings.bounds(), Map.of()),
            Duration.ofSeconds(5));
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    loop.step(t0, source.observe(t0));
    Files.writeString(file, header + "  eth0: 2000 1 0 0 0 0 0 0 500 1 0 0 0 0 0 0\n");
    loop.step(t0.plusSeconds(5), source.observe(t0.plusSeconds(5)));

    Files.delete(file);
    List<Observation> held = source.observe(t0.plusSeconds(10));
    Plan plan = loop.step(t0.plusSeconds(10), held);
    source.observe(t0.plusSeconds(15));

    assertThat(held).hasSize(1).allMatch(o -> o.usage().isEmpty() && o.allocated() == 50_000);
    assertThat(plan.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d).isInstanceOf(Decision.Hold.class);
              assertThat(d.reason().rule()).isEqualTo(Rule.NO_DATA);
              assertThat(d.allocation()).isEqualTo(50_000);
            });
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("source network is unavailable", "never scaling down on missing data");
  }
}
