package org.pae.server.state;

/**
 * What the API reads of the engine: the latest snapshot and the history. The daemon provides it
 * ({@link LiveState} fed after every tick); steering goes through {@code LiveSteering}.
 */
public interface EngineView {
  Snapshot snapshot();

  HistorySource history();
}
