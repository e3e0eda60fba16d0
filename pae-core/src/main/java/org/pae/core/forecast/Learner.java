package org.pae.core.forecast;

import java.time.Instant;
import org.pae.core.ports.past.TrainingHistory;

/**
 * A model that learns across workloads and can be trained anew from the engine's own history (the
 * global LSTM, collaborative filtering). The daemon calls {@link #retrain} on a schedule, on a
 * thread of its own; the model's factory gets its learners from {@link ForecasterFactory#learners}.
 */
public interface Learner {
  /** The model's name, as the log shows it. */
  String name();

  /**
   * Trains a new model on {@code history} up to {@code now}, on the calling thread (never the
   * loop's), saves it where the model was loaded from and hands it to the forecasters, which take
   * it at their next sample. When it cannot (the history unreadable or too short, training failed,
   * the model not saved) it throws, and the model it had keeps serving.
   *
   * @return what was trained, in one line for the log
   */
  String retrain(TrainingHistory history, Instant now);
}
