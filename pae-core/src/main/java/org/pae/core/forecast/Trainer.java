package org.pae.core.forecast;

import java.io.IOException;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.pae.core.config.SettingsSource;
import org.pae.core.ports.past.HistoryParts;
import org.pae.core.registry.Kind;

/**
 * Trains a learned model from scratch and saves it where the daemons load it ({@code pae train}):
 * found in the registry by the model's name ({@code cf}) under the kind of the engine it runs on,
 * {@link #on}{@code ("local")} from pae-ml, {@code on("spark")} from pae-spark, so that the command
 * depends on neither.
 */
@FunctionalInterface
public interface Trainer {
  /** The engine every trainer module registers under. */
  String LOCAL = "local";

  /** The kind of the trainers that run on {@code engine}. */
  static Kind<Trainer> on(String engine) {
    return new Kind<>("model trainer on " + engine);
  }

  /**
   * Reads and checks the model's own settings ({@code train.<model>.*}) before anything is read or
   * written: a bad value is refused here.
   */
  Training prepare(SettingsSource settings);

  /** A training whose settings are read. */
  @FunctionalInterface
  interface Training {
    /**
     * Trains on every part of the history and saves the model in the request's directory, each file
     * replacing its namesake atomically (a daemon never reads half a model; a failed training
     * leaves the saved model as it was).
     *
     * @return what was trained, in one line
     */
    String run(Request request) throws IOException;
  }

  /**
   * @param history what to learn from
   * @param out the folder the model's files go to ({@code forecast.<model>.model}), as given
   * @param threads how many parts are read at once (a local Spark session's {@code local[N]})
   * @param done hears how many parts are read so far
   */
  record Request(HistoryParts history, String out, int threads, IntConsumer done) {
    public Request {
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(done, "done");
      if (threads < 1) {
        throw new IllegalArgumentException("--threads takes N >= 1; got " + threads);
      }
    }
  }
}
