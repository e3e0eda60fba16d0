package org.pae.core.allocate;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.Resource;

/**
 * The one rule by which the {@code policy.*} keys are read, whoever reads them (the loop's bounds,
 * each allocation policy's own settings): a key set per resource ({@code policy.<resource>.<key>})
 * wins over the same key for every resource ({@code policy.<key>}), and a value out of range is
 * refused naming its key.
 */
public final class PolicyKeys {
  private PolicyKeys() {}

  /**
   * The prefix of {@code resource}'s keys: {@code policy.<resource>.}, or {@code policy.} where no
   * resource is given.
   */
  public static String prefix(Optional<Resource> resource) {
    return resource.map(r -> "policy." + r.key() + ".").orElse("policy.");
  }

  /** The value of {@code key} for {@code resource}: its own where set, else every resource's. */
  public static String value(SettingsSource source, Optional<Resource> resource, String key) {
    String own = prefix(resource) + key;
    return source.has(own) ? source.get(own) : source.get("policy." + key);
  }

  /** An error that names the resource whose keys were being read, where one was. */
  public static IllegalArgumentException naming(
      Optional<Resource> resource, IllegalArgumentException e) {
    return new IllegalArgumentException(
        resource.map(r -> "for " + r.key() + ": ").orElse("") + e.getMessage(), e);
  }

  /** {@code value} for every resource. */
  public static <T> Map<Resource, T> uniform(T value) {
    Map<Resource, T> m = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      m.put(r, value);
    }
    return m;
  }

  /** {@code m}, refused unless it holds settings for every resource. */
  public static <T> Map<Resource, T> everyResource(Map<Resource, T> m, String policy) {
    for (Resource r : Resource.values()) {
      if (!m.containsKey(r)) {
        throw new IllegalArgumentException("policy " + policy + " has no settings for " + r.key());
      }
    }
    return m;
  }

  /** Refuses {@code value} of the policy setting {@code key} unless {@code ok}. */
  public static void check(boolean ok, String key, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "policy setting " + key + " = " + value + " is out of range; allowed: " + allowed);
    }
  }
}
