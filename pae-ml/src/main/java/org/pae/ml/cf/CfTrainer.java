package org.pae.ml.cf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.context.ContextCalendar;
import org.pae.core.forecast.Trainer;
import org.pae.core.model.Resource;
import org.pae.core.ports.past.HistoryParts;
import org.pae.ml.ModelFiles;
import org.pae.ml.TrainingData;
import org.pae.ml.UsageSeries;

/**
 * {@code pae train --model cf} on this machine: every part of the history read on {@code threads}
 * threads, each resource's series put in part order and trained by {@link CfModel#train}, one model
 * per resource saved as {@link CfFleet#save} does, where {@code forecast.cf.model} loads it. The
 * series are read as the daemon's retraining reads them ({@link CfLearner}: five-minute means, the
 * default calendar).
 */
public final class CfTrainer implements Trainer {
  /** The calendar the daemons' CF models use ({@code LearnedModels}). */
  public static final ContextCalendar CALENDAR = ContextCalendar.UTC;

  /**
   * The settings of a CF training.
   *
   * @param config the model's own
   * @param resources a model per resource
   */
  public record Setup(CfConfig config, Set<Resource> resources) {
    public Setup {
      resources = Set.copyOf(resources);
      if (resources.isEmpty()) {
        throw new IllegalArgumentException("train.cf.resources names no resource");
      }
    }

    /** {@code train.cf.*}. */
    public static Setup of(SettingsSource s) {
      Set<Resource> resources = EnumSet.noneOf(Resource.class);
      s.list("train.cf.resources").forEach(r -> resources.add(Resource.parse(r)));
      CfConfig config =
          new CfConfig(
              (int) Values.whole("train.cf.rank", s.get("train.cf.rank"), 1),
              s.number("train.cf.lambda"),
              (int) Values.whole("train.cf.iterations", s.get("train.cf.iterations"), 1),
              s.number("train.cf.ridge"),
              (int) Values.whole("train.cf.prior-samples", s.get("train.cf.prior-samples"), 1),
              s.duration("train.cf.level-half-life"),
              Values.whole("train.cf.seed", s.get("train.cf.seed")));
      return new Setup(config, resources);
    }
  }

  @Override
  public Training prepare(SettingsSource settings) {
    Setup setup = Setup.of(settings);
    return request -> train(setup, request);
  }

  private static String train(Setup setup, Request request) throws IOException {
    HistoryParts history = request.history();
    int parts = history.parts();
    Map<Resource, List<UsageSeries>> series = new EnumMap<>(Resource.class);
    ExecutorService pool = Executors.newFixedThreadPool(request.threads());
    try {
      List<Future<Map<Resource, List<UsageSeries>>>> read = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        int part = p;
        read.add(pool.submit(() -> read(history, part, setup.resources())));
      }
      for (int p = 0; p < parts; p++) {
        await(read.get(p))
            .forEach((r, s) -> series.computeIfAbsent(r, k -> new ArrayList<>()).addAll(s));
        request.done().accept(p + 1);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<Resource, CfModel> models = new EnumMap<>(Resource.class);
    for (Map.Entry<Resource, List<UsageSeries>> e : series.entrySet()) {
      if (!e.getValue().isEmpty()) {
        models.put(e.getKey(), CfModel.train(e.getValue(), CALENDAR, setup.config()));
      }
    }
    return save(models, Path.of(request.out()), setup);
  }

  /**
   * The series of part {@code index} of {@code history}, per resource of {@code resources}, as the
   * daemon reads them: five-minute means from the bucket holding the part's first sample to the one
   * holding its last; series with no sample left out.
   */
  public static Map<Resource, List<UsageSeries>> read(
      HistoryParts history, int index, Set<Resource> resources) {
    Map<Resource, List<UsageSeries>> out = new EnumMap<>(Resource.class);
    try (HistoryParts.Part part = history.open(index)) {
      if (!part.from().isBefore(part.until())) {
        return out;
      }
      long step = CfLearner.STEP.toMillis();
      Instant now = Instant.ofEpochMilli(Math.ceilDiv(part.until().toEpochMilli(), step) * step);
      Duration span =
          Duration.between(
              Instant.ofEpochMilli(Math.floorDiv(part.from().toEpochMilli(), step) * step), now);
      for (Resource r : resources) {
        out.put(r, TrainingData.read(part.history(), now, span, CfLearner.STEP, Set.of(r)));
      }
    }
    return out;
  }

  /**
   * Saves {@code models} in {@code out}, each file replacing its namesake atomically; refused when
   * there is none (nothing is written then).
   *
   * @return what was saved, in one line
   */
  public static String save(Map<Resource, CfModel> models, Path out, Setup setup)
      throws IOException {
    if (models.isEmpty()) {
      throw new IllegalArgumentException(
          "cf: the history holds no usage of " + setup.resources() + " to learn from");
    }
    ModelFiles.replace(out, dir -> CfFleet.save(models, dir));
    List<String> trained = new ArrayList<>();
    models.forEach((r, m) -> trained.add(r.key() + " (" + m.workloads() + " workloads)"));
    return "cf trained: " + String.join(", ", trained) + ", saved in " + out;
  }

  private static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the training was interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("reading the history failed: " + c, c);
    }
  }
}
