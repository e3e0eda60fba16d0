package org.pae.ml.cf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.model.Resource;
import org.pae.core.ports.past.TrainingHistory;
import org.pae.ml.ModelFiles;
import org.pae.ml.TrainingData;
import org.pae.ml.UsageSeries;

/**
 * Retrains a fleet's collaborative-filtering models from the engine's history: each resource that
 * has a model and history over the last {@code span} gets a new one with the same settings, trained
 * on five-minute means (the profiles are of hours of the week); the others keep theirs. Saved over
 * the models in {@code dir}, then offered to the fleet; or written elsewhere for a fleet of hosts
 * to {@link #adopt}.
 */
public record CfLearner(CfFleet fleet, Path dir, Duration span, ContextCalendar calendar)
    implements PortableLearner {
  /** The grid the history is read on. */
  static final Duration STEP = Duration.ofMinutes(5);

  public CfLearner {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(calendar, "calendar");
    if (span.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "forecast.cf.history = " + span + " is shorter than an hour: no profile to learn");
    }
  }

  @Override
  public String name() {
    return CfFleet.NAME;
  }

  @Override
  public Reading reading() {
    return new Reading(span, STEP, fleet.models().keySet());
  }

  @Override
  public String retrain(TrainingHistory history, Instant now) {
    Retrained t = retrained(history, now);
    try {
      ModelFiles.replace(dir, d -> CfFleet.save(t.models(), d));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the retrained CF models in " + dir, e);
    }
    fleet.offer(t.models());
    return t.summary() + ", saved in " + dir;
  }

  @Override
  public Trained train(TrainingHistory history, Instant now) {
    Retrained t = retrained(history, now);
    try {
      return new Trained(t.summary(), ModelFiles.written(d -> CfFleet.save(t.models(), d)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trained CF models", e);
    }
  }

  @Override
  public String adopt(Map<String, byte[]> files) {
    Map<Resource, CfModel> models;
    try {
      models = ModelFiles.read(files, CfFleet::load);
      ModelFiles.replace(dir, d -> ModelFiles.write(files, d));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot adopt the CF models: " + e.getMessage(), e);
    }
    fleet.offer(models);
    List<String> sizes = new ArrayList<>();
    models.forEach((r, m) -> sizes.add(r.key() + " (" + m.workloads() + " workloads)"));
    return "cf adopted: " + String.join(", ", sizes) + ", saved in " + dir;
  }

  /** New models and what they were trained on, in words. */
  private record Retrained(Map<Resource, CfModel> models, String summary) {}

  private Retrained retrained(TrainingHistory history, Instant now) {
    Map<Resource, CfModel> next = new EnumMap<>(fleet.models());
    List<String> trained = new ArrayList<>();
    for (Map.Entry<Resource, CfModel> e : fleet.models().entrySet()) {
      List<UsageSeries> series = TrainingData.read(history, now, span, STEP, Set.of(e.getKey()));
      if (!series.isEmpty()) {
        CfModel m = CfModel.train(series, calendar, e.getValue().config());
        next.put(e.getKey(), m);
        trained.add(e.getKey().key() + " (" + m.workloads() + " workloads)");
      }
    }
    if (trained.isEmpty()) {
      throw new IllegalStateException(
          "no history of " + fleet.models().keySet() + " in the " + span + " before " + now);
    }
    return new Retrained(
        next,
        "cf retrained over the " + span + " before " + now + ": " + String.join(", ", trained));
  }
}
