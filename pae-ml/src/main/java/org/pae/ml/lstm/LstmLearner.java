package org.pae.ml.lstm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.PortableLearner;
import org.pae.core.model.Resource;
import org.pae.core.ports.past.TrainingHistory;
import org.pae.ml.ModelFiles;
import org.pae.ml.TrainingData;
import org.pae.ml.UsageSeries;

/**
 * Retrains a fleet's LSTM from the engine's history: a new network of the same shape and training
 * settings ({@code config}), on every series of every resource over the last {@code span} at the
 * network's step, saved over the one in {@code dir} and offered to the fleet.
 */
public record LstmLearner(
    LstmFleet fleet, LstmConfig config, Path dir, Duration span, ContextCalendar calendar)
    implements PortableLearner {
  public LstmLearner {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(calendar, "calendar");
    if (span.compareTo(config.step().multipliedBy(config.window() + config.maxHorizon())) < 0) {
      throw new IllegalArgumentException(
          "forecast.lstm.history = "
              + span
              + " is shorter than one training window of the network ("
              + (config.window() + config.maxHorizon())
              + " steps of "
              + config.step()
              + ")");
    }
  }

  @Override
  public String name() {
    return LstmFleet.NAME;
  }

  @Override
  public Reading reading() {
    return new Reading(span, config.step(), EnumSet.allOf(Resource.class));
  }

  @Override
  public String retrain(TrainingHistory history, Instant now) {
    double[] loss = {Double.NaN};
    List<UsageSeries> series = read(history, now);
    LstmNetwork trained = LstmNetwork.train(series, calendar, config, e -> loss[0] = e.loss());
    try {
      ModelFiles.replace(dir, trained::save);
    } catch (IOException e) {
      trained.close();
      throw new UncheckedIOException("cannot save the retrained LSTM in " + dir, e);
    }
    fleet.offer(trained);
    return summary(series.size(), now, loss[0]) + ", saved in " + dir;
  }

  @Override
  public Trained train(TrainingHistory history, Instant now) {
    double[] loss = {Double.NaN};
    List<UsageSeries> series = read(history, now);
    try (LstmNetwork trained =
        LstmNetwork.train(series, calendar, config, e -> loss[0] = e.loss())) {
      return new Trained(summary(series.size(), now, loss[0]), ModelFiles.written(trained::save));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the trained LSTM", e);
    }
  }

  @Override
  public String adopt(Map<String, byte[]> files) {
    LstmNetwork network;
    try {
      network = ModelFiles.read(files, LstmNetwork::load);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot adopt the LSTM: " + e.getMessage(), e);
    }
    try {
      ModelFiles.replace(dir, d -> ModelFiles.write(files, d));
    } catch (IOException e) {
      network.close();
      throw new UncheckedIOException("cannot save the adopted LSTM in " + dir, e);
    }
    fleet.offer(network);
    return "lstm adopted, saved in " + dir;
  }

  private List<UsageSeries> read(TrainingHistory history, Instant now) {
    return TrainingData.read(history, now, span, config.step(), EnumSet.allOf(Resource.class));
  }

  private String summary(int series, Instant now, double loss) {
    return String.format(
        Locale.ROOT,
        "lstm retrained on %d series over the %s before %s (%d epochs, last pinball loss %.4f)",
        series,
        span,
        now,
        config.epochs(),
        loss);
  }
}
