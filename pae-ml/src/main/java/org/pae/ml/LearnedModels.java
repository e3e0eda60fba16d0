package org.pae.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.config.SettingsSource;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Forecaster;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.forecast.ForecasterProvider;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.forecast.Learner;
import org.pae.core.forecast.SeriesSpec;
import org.pae.core.settings.Settings;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfLearner;
import org.pae.ml.lstm.LstmFleet;
import org.pae.ml.lstm.LstmLearner;
import org.pae.ml.lstm.LstmNetwork;

/**
 * Registers the learned models wherever this jar is on the class path: {@code lstm} ({@code
 * forecast.lstm.model = DIR}, a network saved by {@link LstmNetwork#save}) and {@code cf} ({@code
 * forecast.cf.model = DIR}, one model per resource saved by {@link CfFleet#save}). Their calendar
 * is the default one (UTC, no events): put event windows on top with the settings' {@code
 * context.*} keys.
 *
 * <p>Each can be retrained from the engine's history ({@link ForecasterFactory#learners}): over the
 * last {@code forecast.<model>.history} (by default the history's downsampled retention, {@code
 * history.downsampled-retention}), saved over the model in its DIR.
 */
public final class LearnedModels implements ForecasterProvider {
  private static final Set<String> PARAMETERS = Set.of("model", "history");

  @Override
  public void register(ForecasterRegistry registry) {
    registry.register(
        LstmFleet.NAME,
        params -> {
          Path dir = path(LstmFleet.NAME, params);
          Duration span = span(LstmFleet.NAME, params);
          LstmNetwork network = load(dir, LstmNetwork::load);
          LstmFleet fleet = LstmFleet.serving(network, ContextCalendar.UTC);
          return new Learning(
              fleet, new LstmLearner(fleet, network.config(), dir, span, ContextCalendar.UTC));
        });
    registry.register(
        CfFleet.NAME,
        params -> {
          Path dir = path(CfFleet.NAME, params);
          Duration span = span(CfFleet.NAME, params);
          CfFleet fleet = new CfFleet(load(dir, CfFleet::load), ContextCalendar.UTC);
          return new Learning(fleet, new CfLearner(fleet, dir, span, ContextCalendar.UTC));
        });
  }

  /** A model's loader: reads what is saved in a directory. */
  private interface Loader<T> {
    T load(Path dir) throws IOException;
  }

  private static <T> T load(Path dir, Loader<T> loader) {
    try {
      return loader.load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path path(String model, Map<String, String> params) {
    Set<String> unknown = new TreeSet<>(params.keySet());
    unknown.removeAll(PARAMETERS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown parameter forecast."
              + model
              + "."
              + unknown.iterator().next()
              + "; allowed: model, history");
    }
    String p = params.get("model");
    if (p == null || p.isBlank()) {
      throw new IllegalArgumentException(
          "forecast." + model + ".model must name the trained model to load");
    }
    return Path.of(p);
  }

  private static Duration span(String model, Map<String, String> params) {
    return Settings.duration(
        "forecast." + model + ".history",
        params.getOrDefault("history", SettingsSource.defaultOf("history.downsampled-retention")));
  }

  /** A learned model's factory and the learner that retrains it. */
  record Learning(ForecasterFactory models, Learner learner) implements ForecasterFactory {
    Learning {
      Objects.requireNonNull(models, "models");
      Objects.requireNonNull(learner, "learner");
    }

    @Override
    public Forecaster create(SeriesSpec spec) {
      return models.create(spec);
    }

    @Override
    public List<Learner> learners() {
      return List.of(learner);
    }
  }
}
