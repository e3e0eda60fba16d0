package org.pae.core.registry;

import java.util.Objects;

/**
 * A kind of pluggable thing the {@link Registry} holds: forecasters, allocation policies, replay
 * baselines, trace formats, and whatever a module adds (anomaly detectors, tier policies). Kinds
 * are equal by name; {@code T} is what an entry of the kind holds, usually a factory.
 *
 * @param name the kind as messages name it, singular and lower case: {@code "forecaster"}
 */
public record Kind<T>(String name) {
  public Kind {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a kind needs a name");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
