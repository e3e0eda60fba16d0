package org.pae.core.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pae.core.model.Resource;
import org.pae.core.ports.past.TrainingHistory;

/**
 * A {@link Learner} whose model can be trained on one host and served on others: what it reads to
 * train is declared ({@link #reading}), training returns the model's files without serving it
 * ({@link #train}), and files trained so, here or on another host, are taken into use by {@link
 * #adopt}. A fleet trains such models once over every host's history and every host adopts them.
 */
public interface PortableLearner extends Learner {
  /**
   * What a training reads of each series: the {@code span} before its time, on a grid of {@code
   * step} aligned to the epoch, for the {@code resources}.
   */
  record Reading(Duration span, Duration step, Set<Resource> resources) {
    public Reading {
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(step, "step");
      resources = Set.copyOf(resources);
      if (step.isNegative() || step.isZero() || span.compareTo(step) < 0) {
        throw new IllegalArgumentException(
            "a training reading needs a positive step within its span: " + step + ", " + span);
      }
    }
  }

  /**
   * A model trained and not serving.
   *
   * @param summary what was trained, in one line for the log
   * @param files its files by name, as {@link #adopt} takes them
   */
  record Trained(String summary, Map<String, byte[]> files) {
    public Trained {
      Objects.requireNonNull(summary, "summary");
      files = Map.copyOf(files);
    }
  }

  /** What {@link #train} reads of the history. */
  Reading reading();

  /**
   * Trains a new model on {@code history} up to {@code now} with this model's settings, on the
   * calling thread, and returns its files; the model serving is left as it is.
   *
   * @throws RuntimeException when the history is unreadable or too short, or the model cannot be
   *     written
   */
  Trained train(TrainingHistory history, Instant now);

  /**
   * Takes the model whose {@code files} {@link #train} returned (on this host or another) into use:
   * loads it, saves the files over the ones this model was loaded from and hands it to the
   * forecasters, which move to it at their next sample.
   *
   * @return what was adopted, in one line for the log
   * @throws RuntimeException when the files are no readable model of this kind, or cannot be saved;
   *     the model serving keeps serving
   */
  String adopt(Map<String, byte[]> files);
}
