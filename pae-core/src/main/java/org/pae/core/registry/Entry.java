package org.pae.core.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One registered thing: its name, what it is in one line, its characteristics, and what the
 * registry hands out for it.
 *
 * @param kind its kind
 * @param name its name, as settings and the command line write it
 * @param description one line saying what it is
 * @param traits its characteristics by name, e.g. {@code learns-across-workloads=true} or {@code
 *     step=PT5M}: what a listing shows and a caller may select on
 * @param value what the registry hands out: a factory, a constructor, a constant
 */
public record Entry<T>(
    Kind<T> kind, String name, String description, Map<String, String> traits, T value) {
  public Entry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(value, "value");
    traits = Map.copyOf(traits);
    if (name.isBlank() || !name.equals(name.trim())) {
      throw new IllegalArgumentException(
          "a " + kind + " needs a name without blanks: '" + name + "'");
    }
  }
}
