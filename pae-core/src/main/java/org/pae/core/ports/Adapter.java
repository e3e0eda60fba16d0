package org.pae.core.ports;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.pae.core.config.SettingsSource;
import org.pae.core.loop.ControlLoop;
import org.pae.core.model.WorkloadId;
import org.pae.core.registry.Kind;

/**
 * A system beyond this host that the live engine attaches to when the settings name it: a
 * hypervisor (libvirt), a metrics server (Prometheus). Each is registered by name in the {@link
 * org.pae.core.registry.Registry} under {@link #KIND} by its module; {@code pae run} asks every one
 * to read its own settings and connects those that name a system.
 */
@FunctionalInterface
public interface Adapter {
  /** The kind of the adapters' entries in a registry. */
  Kind<Adapter> KIND = new Kind<>("adapter");

  /**
   * Reads this adapter's keys from {@code settings}; empty when they name no system to attach to
   * (its URL or URI left empty). A bad value is refused naming its key.
   */
  Optional<Connector> configure(SettingsSource settings);

  /** How to reach the system the settings named. */
  @FunctionalInterface
  interface Connector {
    /**
     * Connects and checks the system answers.
     *
     * @param now the start, for a first query
     * @param warnings where the adapter says what it could not read later on
     * @throws IllegalStateException when the system is unreachable or refuses, saying which and why
     */
    Attached connect(Instant now, Consumer<String> warnings);
  }

  /** Feeds a loop the system's recent past before the first tick; returns the samples replayed. */
  @FunctionalInterface
  interface Warm {
    /** No past to replay. */
    Warm NONE = (loop, now, step) -> 0;

    long warm(ControlLoop loop, Instant now, Duration step);
  }

  /**
   * An adapter connected.
   *
   * @param name what it is attached to, for messages: {@code libvirt at qemu:///system}
   * @param source what it observes every tick
   * @param actuator what resizes its own workloads, when it can resize anything
   * @param owns which workloads are its own to resize
   * @param warm its recent past, replayed before the first tick
   * @param closer releases the connection
   */
  record Attached(
      String name,
      MetricSource source,
      Optional<Actuator> actuator,
      Predicate<WorkloadId> owns,
      Warm warm,
      Runnable closer)
      implements AutoCloseable {
    public Attached {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(actuator, "actuator");
      Objects.requireNonNull(owns, "owns");
      Objects.requireNonNull(warm, "warm");
      Objects.requireNonNull(closer, "closer");
    }

    @Override
    public void close() {
      closer.run();
    }
  }
}
