package org.pae.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from the defaults file and cannot drift from it: this test
 * fails while they differ, and rewrites the page when run with {@code -Dpae.regenerate=true}.
 */
class ConfigurationReferenceTest {
  private static final Path PAGE = Path.of("..", "docs", "configuration.md");

  @Test
  void theConfigurationPageIsTheDefaultsFileRendered() throws IOException {
    String expected = DefaultsFile.reference(DefaultsFile.text());
    if (Boolean.getBoolean("pae.regenerate")) {
      Files.writeString(PAGE, expected, StandardCharsets.UTF_8);
    }
    assertThat(PAGE).exists();
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
        .as(
            "docs/configuration.md differs from pae-defaults.properties; regenerate it (see its top)")
        .isEqualTo(expected);
  }

  @Test
  void everyKeyOfTheDefaultsIsOnThePageWithItsDefault() {
    String page = DefaultsFile.reference(DefaultsFile.text());
    SettingsSource.defaults()
        .forEach(
            (k, v) ->
                assertThat(page)
                    .contains("| `" + k + "` | " + (v.isEmpty() ? "(empty)" : "`" + v + "`")));
    assertThat(page).contains("## The live engine on this host (./pae run).");
  }
}
