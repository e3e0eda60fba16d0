package org.pae.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.registry.Names;

/**
 * The one settings loader: the documented defaults file {@code pae-defaults.properties} overridden
 * by the user's keys, read section by section. Each section (the loop and policies, the context
 * calendar, the host, a module's own) reads the keys of its prefix through this source, which
 * remembers every key read; {@link #refuseUnread} then refuses any key of the user's that no
 * section read and the defaults file does not name, with the closest known key as a suggestion.
 *
 * <p>Every default is in the defaults file only: {@link #get} of a key the file lacks and the user
 * did not set is a programming error.
 */
public final class SettingsSource {
  /** The defaults file, beside the settings classes. */
  public static final String DEFAULTS = "/org/pae/core/settings/pae-defaults.properties";

  private static final Map<String, String> DEFAULT_VALUES = Collections.unmodifiableMap(load());

  private final Map<String, String> overrides;
  private final Set<String> read = Collections.synchronizedSet(new HashSet<>());

  private SettingsSource(Map<String, String> overrides) {
    Map<String, String> o = new LinkedHashMap<>();
    overrides.forEach((k, v) -> o.put(k.trim(), v.trim()));
    this.overrides = Collections.unmodifiableMap(o);
  }

  /** The defaults overridden by {@code overrides} (a settings file's keys). */
  public static SettingsSource of(Map<String, String> overrides) {
    return new SettingsSource(overrides);
  }

  /** The defaults file's keys and values, in file order. */
  public static Map<String, String> defaults() {
    return DEFAULT_VALUES;
  }

  /**
   * The defaults file's value of {@code key}, for code that takes its defaults from the file rather
   * than writing them again; a key the file lacks is a defect of the build, not of the settings.
   */
  public static String defaultOf(String key) {
    String v = DEFAULT_VALUES.get(key);
    if (v == null) {
      throw new IllegalStateException("the defaults file " + DEFAULTS + " has no key " + key);
    }
    return v;
  }

  /** The user's keys, as given. */
  public Map<String, String> overrides() {
    return overrides;
  }

  /** The value of {@code key}: the user's, else the default; the key counts as read. */
  public String get(String key) {
    read.add(key);
    String v = overrides.get(key);
    if (v == null) {
      v = DEFAULT_VALUES.get(key);
    }
    if (v == null) {
      throw new IllegalStateException(
          "no default for " + key + " in pae-defaults.properties: add it there, with its meaning");
    }
    return v;
  }

  /** Whether the user or the defaults file sets {@code key}. */
  public boolean has(String key) {
    return overrides.containsKey(key) || DEFAULT_VALUES.containsKey(key);
  }

  /** The keys below {@code prefix} that the defaults file or the user sets, defaults first. */
  public List<String> keys(String prefix) {
    Set<String> out = new java.util.LinkedHashSet<>();
    DEFAULT_VALUES.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(out::add);
    overrides.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(out::add);
    return new ArrayList<>(out);
  }

  public boolean bool(String key) {
    return Values.bool(key, get(key));
  }

  public double number(String key) {
    return Values.number(key, get(key));
  }

  public java.time.Duration duration(String key) {
    return Values.duration(key, get(key));
  }

  public List<String> list(String key) {
    return Values.list(get(key));
  }

  /**
   * Refuses the user's keys that no section read and the defaults file does not name: {@code
   * unknown setting 'loop.intervall'; did you mean 'loop.interval'?}. Keys the file names but this
   * command does not use ({@code host.*} in a replay) are accepted: one file serves every command.
   */
  public void refuseUnread() {
    List<String> unknown = new ArrayList<>();
    for (String k : overrides.keySet()) {
      if (!read.contains(k) && !DEFAULT_VALUES.containsKey(k)) {
        unknown.add(k);
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    Set<String> known = new TreeSet<>(DEFAULT_VALUES.keySet());
    known.addAll(read);
    String k = unknown.getFirst();
    String hint = Names.closest(k, known).map(c -> "; did you mean '" + c + "'?").orElse("");
    throw new IllegalArgumentException(
        "unknown setting '"
            + k
            + "'"
            + hint
            + (unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more unknown)" : "")
            + "; every setting is described in pae-defaults.properties (docs/configuration.md),"
            + " besides policy.<resource>.<key>, forecast.<model>.<parameter>,"
            + " context.event.<name> and context.account.<account>.time-zone");
  }

  private static Map<String, String> load() {
    Properties props = new Properties();
    try (InputStream in = SettingsSource.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(
            "the defaults file " + DEFAULTS + " is missing from the jar");
      }
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULTS, e);
    }
    // Properties forget the file's order; the documentation lists keys as the file does.
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : DefaultsFile.keysInOrder()) {
      out.put(key, props.getProperty(key).trim());
    }
    return out;
  }
}
