package org.pae.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pae.core.allocate.Decision;
import org.pae.core.loop.Plan;
import org.pae.core.model.SeriesKey;
import org.pae.core.ports.Actuation;
import org.pae.core.ports.Actuator;

/**
 * The recommend-only actuator: it changes nothing on the host and remembers each recommendation as
 * the allocation "in force", so the loop behaves as it would if its advice were followed. A series
 * seen for the first time starts at its current usage.
 */
public final class Recommender implements Actuator {
  private final Map<SeriesKey, Double> recommended = new HashMap<>();

  /** The last recommendation for {@code series}, or {@code usage} if there is none yet. */
  public double allocation(SeriesKey series, double usage) {
    return recommended.getOrDefault(series, usage);
  }

  @Override
  public List<Actuation> apply(Plan plan) {
    List<Actuation> out = new ArrayList<>();
    for (Decision d : plan.decisions()) {
      recommended.put(d.series(), d.allocation());
      if (d instanceof Decision.Resize) {
        out.add(new Actuation(d, Actuation.Status.RECOMMENDED, ""));
      }
    }
    return out;
  }

  /** Forgets series that were not in the last plan (processes that ended). */
  public void retainOnly(Plan plan) {
    var live = new java.util.HashSet<SeriesKey>();
    plan.decisions().forEach(d -> live.add(d.series()));
    recommended.keySet().retainAll(live);
  }
}
