package org.pae.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsSourceTest {
  @Test
  void eachSectionReadsItsKeysAndWhatNoneReadIsRefusedWithASuggestion() {
    SettingsSource s =
        SettingsSource.of(
            Map.of("loop.interval", "1m", "detector.window", "1h", "policy.headrom", "0.2"));
    assertThat(s.duration("loop.interval")).isEqualTo(Duration.ofMinutes(1));
    // A module's own section reads its key; the defaults file does not know it.
    assertThat(s.duration("detector.window")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(s::refuseUnread)
        .hasMessageStartingWith(
            "unknown setting 'policy.headrom'; did you mean 'policy.headroom'?");
  }

  @Test
  void keysTheDefaultsNameAreAcceptedUnreadSoOneFileServesEveryCommand() {
    SettingsSource s = SettingsSource.of(Map.of("host.network", "false"));
    s.refuseUnread();
    assertThat(s.bool("host.network")).isFalse();
  }

  @Test
  void everyDefaultIsInTheFileAndAKeyWithoutOneIsAProgrammingError() {
    SettingsSource s = SettingsSource.of(Map.of());
    assertThat(s.get("loop.interval")).isEqualTo("5s");
    assertThatThrownBy(() -> s.get("loop.nothing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no default for loop.nothing");
    assertThat(SettingsSource.defaults().keySet().iterator().next()).isEqualTo("loop.interval");
  }

  @Test
  void oneRulePerTypeOfValue() {
    assertThat(Values.bool("k", "TRUE")).isTrue();
    assertThat(Values.bool("k", "false")).isFalse();
    assertThatThrownBy(() -> Values.bool("k", "yes"))
        .hasMessage("k = 'yes' is not a boolean; allowed: true, false");
    assertThat(Values.size("k", "16777216")).isEqualTo(16L << 20);
    assertThat(Values.size("k", "16M")).isEqualTo(16L << 20);
    assertThat(Values.size("k", "1GiB")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> Values.size("k", "-1")).hasMessageContaining("is not a size");
    assertThat(Values.duration("k", "1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Values.whole("k", "3", 0)).isEqualTo(3);
    assertThatThrownBy(() -> Values.whole("k", "-3", 0)).hasMessageContaining(">= 0");
    assertThat(Values.durations("k", "1h, 1d"))
        .containsExactly(Duration.ofHours(1), Duration.ofDays(1));
  }
}
