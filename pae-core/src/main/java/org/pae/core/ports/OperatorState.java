package org.pae.core.ports;

import java.util.Map;
import java.util.Optional;

/**
 * What operators set at run time (accounts with their quotas and roles, policy overrides, pins,
 * hints, pre-allocations, pauses, API tokens), kept across restarts: one value per kind and key,
 * the value a text its owner encodes. The daemon's history store keeps it beside the ticks.
 *
 * <p>A {@link #put} that returned is durable, as a recorded tick is: the API acknowledges a change
 * only after it, so a crash loses no acknowledged change.
 */
public interface OperatorState {
  /** Sets (value present) or removes (empty) one value, in one committed transaction. */
  void put(String kind, String key, Optional<String> value);

  /** Every value kept, by kind then key. */
  Map<String, Map<String, String>> all();
}
