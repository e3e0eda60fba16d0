package org.pae.server.steer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.context.DemandEvent;
import org.pae.core.model.Resource;

/**
 * What operators told the loop about one workload, beyond policy: pins, event hints,
 * pre-allocations and a pause. Values; {@link LiveSteering} swaps them atomically.
 */
public record Directives(
    List<Pin> pins, List<Hint> hints, List<PreAllocation> preAllocations, Optional<Pause> pause) {
  public static final Directives NONE =
      new Directives(List.of(), List.of(), List.of(), Optional.empty());

  public Directives {
    pins = List.copyOf(pins);
    hints = List.copyOf(hints);
    preAllocations = List.copyOf(preAllocations);
    Objects.requireNonNull(pause, "pause");
  }

  /** An allocation held until {@code until}, whatever the policy says. */
  public record Pin(long id, Resource resource, double allocation, Instant until) {
    public Pin {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(until, "until");
      if (!(allocation >= 0) || Double.isInfinite(allocation)) {
        throw new InvalidSteeringException("allocation", "allocation must be a finite value >= 0");
      }
    }
  }

  /**
   * An operator's hint: a one-off {@link DemandEvent} (the hint path, see its javadoc) for this
   * workload, for one resource or (resource empty) all, that the loop multiplies into the forecast
   * while its window overlaps now plus the horizon.
   */
  public record Hint(long id, DemandEvent event) {
    public Hint {
      Objects.requireNonNull(event, "event");
      if (!(event.window() instanceof DemandEvent.Once) || event.workload().isPresent()) {
        throw new IllegalArgumentException("a hint is a one-off window for its own workload");
      }
    }

    /**
     * Demand expected to change by {@code factor} within {@code [from, until)}, for one resource or
     * (resource empty) all; refused naming the field unless {@code until} is after {@code from} and
     * {@code factor} in (0, 100].
     */
    public static Hint of(
        long id, Optional<Resource> resource, Instant from, Instant until, double factor) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      if (!until.isAfter(from)) {
        throw new InvalidSteeringException("until", "until must be after from");
      }
      if (!(factor > 0 && factor <= 100)) {
        throw new InvalidSteeringException("factor", "factor must be in (0, 100]");
      }
      return new Hint(
          id,
          new DemandEvent(
              "hint-" + id, Optional.empty(), resource, new DemandEvent.Once(from, until), factor));
    }

    /** Its window. */
    public DemandEvent.Once window() {
      return (DemandEvent.Once) event.window();
    }
  }

  /** At least {@code allocation} in place within {@code [from, until)} (critical workloads). */
  public record PreAllocation(
      long id, Resource resource, double allocation, Instant from, Instant until) {
    public PreAllocation {
      Objects.requireNonNull(resource, "resource");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      if (!(allocation >= 0) || Double.isInfinite(allocation)) {
        throw new InvalidSteeringException("allocation", "allocation must be a finite value >= 0");
      }
      if (!until.isAfter(from)) {
        throw new InvalidSteeringException("until", "until must be after from");
      }
    }

    boolean activeAt(Instant t) {
      return !t.isBefore(from) && t.isBefore(until);
    }
  }

  /** PAE holds the workload until {@code until} (empty: until resumed). */
  public record Pause(Optional<Instant> until) {
    public Pause {
      Objects.requireNonNull(until, "until");
    }

    boolean activeAt(Instant t) {
      return until.isEmpty() || t.isBefore(until.get());
    }
  }

  /** With this pin, replacing any pin of the same resource. */
  public Directives with(Pin pin) {
    List<Pin> p =
        new ArrayList<>(pins.stream().filter(x -> x.resource() != pin.resource()).toList());
    p.add(pin);
    return new Directives(p, hints, preAllocations, pause);
  }

  public Directives with(Hint hint) {
    List<Hint> h = new ArrayList<>(hints);
    h.add(hint);
    return new Directives(pins, h, preAllocations, pause);
  }

  public Directives with(PreAllocation preAllocation) {
    List<PreAllocation> p = new ArrayList<>(preAllocations);
    p.add(preAllocation);
    return new Directives(pins, hints, p, pause);
  }

  /** Paused as given, or (empty) resumed. */
  public Directives paused(Optional<Pause> p) {
    return new Directives(pins, hints, preAllocations, p);
  }

  /** Without the pin, hint or pre-allocation of this id. */
  public Directives without(long id) {
    return new Directives(
        pins.stream().filter(p -> p.id() != id).toList(),
        hints.stream().filter(h -> h.id() != id).toList(),
        preAllocations.stream().filter(p -> p.id() != id).toList(),
        pause);
  }

  /** Without what has expired by {@code now}. */
  public Directives at(Instant now) {
    return new Directives(
        pins.stream().filter(p -> now.isBefore(p.until())).toList(),
        hints.stream().filter(h -> now.isBefore(h.window().until())).toList(),
        preAllocations.stream().filter(p -> now.isBefore(p.until())).toList(),
        pause.filter(p -> p.activeAt(now)));
  }

  /** The ids of its pins, hints and pre-allocations. */
  public List<Long> ids() {
    List<Long> out = new ArrayList<>();
    pins.forEach(p -> out.add(p.id()));
    hints.forEach(h -> out.add(h.id()));
    preAllocations.forEach(p -> out.add(p.id()));
    return out;
  }

  public boolean isEmpty() {
    return pins.isEmpty() && hints.isEmpty() && preAllocations.isEmpty() && pause.isEmpty();
  }
}
