package org.pae.core.engine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.pae.core.loop.ControlLoop;
import org.pae.core.loop.Plan;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Actuator;
import org.pae.core.ports.MetricSource;

/**
 * One tick of PAE: observe, decide, act. The daemon calls {@link #tick} on a wall-clock schedule;
 * the simulator on the trace's clock. Nothing else differs between them.
 */
public final class Engine {
  private final MetricSource source;
  private final ControlLoop loop;
  private final Actuator actuator;

  public Engine(MetricSource source, ControlLoop loop, Actuator actuator) {
    this.source = Objects.requireNonNull(source, "source");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.actuator = Objects.requireNonNull(actuator, "actuator");
  }

  /** What one tick saw and did. */
  public record Tick(Plan plan, List<Actuation> actuations) {}

  public Tick tick(Instant now) {
    Plan plan = loop.step(now, source.observe(now));
    return new Tick(plan, actuator.apply(plan));
  }

  public ControlLoop loop() {
    return loop;
  }
}
