package org.pae.core.ports;

import java.util.List;
import org.pae.core.loop.Plan;

/** Applies a plan: writes cgroup limits, calls a hypervisor, records a replay. */
public interface Actuator {
  /** One actuation per resize of the plan; holds need none. */
  List<Actuation> apply(Plan plan);
}
