package org.pae.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.pae.core.settings.Settings;

/** The {@code --settings FILE} option every command shares: the file's keys, or none. */
final class SettingsFile {
  private SettingsFile() {}

  /** The keys of {@code file} (which may be null: no file), in a map the caller may add to. */
  static Map<String, String> read(Path file) throws IOException {
    Map<String, String> o = new HashMap<>();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("settings file " + file + " does not exist");
      }
      try (InputStream in = Files.newInputStream(file)) {
        o.putAll(Settings.read(in));
      }
    }
    return o;
  }
}
