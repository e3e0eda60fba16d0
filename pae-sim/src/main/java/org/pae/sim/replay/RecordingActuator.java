package org.pae.sim.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.pae.core.allocate.Decision;
import org.pae.core.loop.Plan;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Actuator;

/**
 * The replay's actuator: applies every resize of a plan decided at step t from step t + delay on,
 * by recording it; the driver takes the due ones at each step. Steps are the trace's own.
 */
public final class RecordingActuator implements Actuator {
  private final int delay;
  private final ArrayDeque<Scheduled> pending = new ArrayDeque<>();
  private int step;

  private record Scheduled(int step, Decision.Resize resize) {}

  /**
   * @param delay how many steps after its decision a resize takes effect, &ge; 1
   */
  public RecordingActuator(int delay) {
    if (delay < 1) {
      throw new IllegalArgumentException("the actuation delay must be at least one step: " + delay);
    }
    this.delay = delay;
  }

  /** The step the next plan is decided at. */
  public void at(int step) {
    this.step = step;
  }

  @Override
  public List<Actuation> apply(Plan plan) {
    List<Decision.Resize> resizes = plan.resizes();
    List<Actuation> out = new ArrayList<>(resizes.size());
    for (Decision.Resize r : resizes) {
      pending.add(new Scheduled(step + delay, r));
      out.add(new Actuation(r, Actuation.Status.APPLIED, ""));
    }
    return out;
  }

  /**
   * Hands on, in decision order, every resize in effect from {@code now} on (and not yet taken).
   */
  public void takeDue(int now, Consumer<Decision.Resize> effect) {
    while (!pending.isEmpty() && pending.peekFirst().step() <= now) {
      effect.accept(pending.pollFirst().resize());
    }
  }

  /** Drops everything pending (a workload ended). */
  public void clear() {
    pending.clear();
  }
}
