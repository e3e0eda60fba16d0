package org.pae.host.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pae.core.config.SettingsSource;
import org.pae.core.tier.Tier;

class StorageSettingsTest {
  private static final Path DATA = Path.of("/var/lib/pae");

  @Test
  void byDefaultNoTiersAndRecommendOnly() {
    StorageSettings s = StorageSettings.from(SettingsSource.of(Map.of()), DATA);
    assertThat(s.layout()).isEmpty();
    assertThat(s.enforce()).isFalse();
    assertThat(s.epoch()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.policy()).isEqualTo("pae");
    assertThat(s.setup().capacities().hot()).isEqualTo(100);
    assertThat(s.setup().costs().migration()).isEqualTo(100);
    assertThat(s.setup().settings().hotHorizon()).isEqualTo(200);
  }

  @Test
  void theTiersTheManagedTreeAndTheJournalBesideTheData() {
    SettingsSource source =
        SettingsSource.of(
            Map.of(
                "storage.tiers", "cold:/hdd/pae, hot:/nvme/pae, warm: /ssd/pae",
                "storage.managed", "/srv/data",
                "storage.hot-capacity", "7",
                "tier.warm-horizon", "9"));
    StorageSettings s = StorageSettings.from(source, DATA);
    source.refuseUnread();
    TierLayout l = s.layout().orElseThrow();
    assertThat(l.dir(Tier.HOT)).isEqualTo(Path.of("/nvme/pae"));
    assertThat(l.dir(Tier.WARM)).isEqualTo(Path.of("/ssd/pae"));
    assertThat(l.link("a/b")).isEqualTo(Path.of("/srv/data/a/b"));
    assertThat(l.journal()).isEqualTo(Path.of("/var/lib/pae/tier-journal"));
    assertThat(s.setup().capacities().hot()).isEqualTo(7);
    assertThat(s.setup().settings().warmHorizon()).isEqualTo(9);
  }

  @Test
  void badValuesAreRefusedNamingTheirKey() {
    assertThatThrownBy(() -> read(Map.of("storage.tiers", "fast:/a, warm:/b, cold:/c")))
        .hasMessageContaining("storage.tiers: unknown tier 'fast'");
    assertThatThrownBy(() -> read(Map.of("storage.tiers", "/a")))
        .hasMessageContaining("'/a' is not tier:/path");
    assertThatThrownBy(() -> read(Map.of("storage.tiers", "hot:/a, hot:/b")))
        .hasMessageContaining("hot is named twice");
    assertThatThrownBy(
            () -> read(Map.of("storage.tiers", "hot:/a, warm:/b", "storage.managed", "/m")))
        .hasMessageContaining("hot, warm and cold");
    assertThatThrownBy(() -> read(Map.of("storage.tiers", "hot:/a, warm:/b, cold:/c")))
        .hasMessageContaining("storage.managed");
    assertThatThrownBy(() -> read(Map.of("storage.cost.warm", "1000")))
        .hasMessageContaining("storage.cost.*");
    assertThatThrownBy(() -> read(Map.of("storage.epoch", "0s")))
        .hasMessageContaining("storage.epoch");
    assertThatThrownBy(() -> SettingsSource.of(Map.of("storage.tier", "hot:/a")).refuseUnread())
        .hasMessageContaining("did you mean 'storage.tiers'?");
  }

  private static StorageSettings read(Map<String, String> overrides) {
    return StorageSettings.from(SettingsSource.of(overrides), DATA);
  }
}
