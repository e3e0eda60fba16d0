package org.pae.spark;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaDoubleRDD;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.pae.core.config.SettingsSource;
import org.pae.core.forecast.Trainer;
import org.pae.core.model.AccountId;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadId;
import org.pae.core.ports.past.HistoryParts;
import org.pae.ml.UsageSeries;
import org.pae.ml.cf.CfModel;
import org.pae.ml.cf.CfTrainer;
import scala.Tuple2;

/**
 * {@code pae train --model cf --engine spark}: the per-workload work in Spark tasks, one task per
 * part of the history (a run of workloads): reading each workload's series ({@link CfTrainer#read},
 * as the local trainer reads them), its profile ({@link CfModel#profile}) and, once the model is
 * fitted, its residuals ({@link CfModel#residuals}). The factorisation runs on the driver, over the
 * profiles collected in part order, with pae-ml's own ALS ({@link CfModel#fit}): one matrix of
 * workloads × 168 hours is small (100,000 workloads are 134 MB), and the same code in the same
 * order makes the same model as {@code --engine local}, bit for bit. The spread's quantiles are
 * exact: the residuals sorted by Spark, the values at {@link CfModel#spreadRanks} taken by index.
 */
final class SparkCfTrainer implements Trainer {
  @Override
  public Training prepare(SettingsSource settings) {
    CfTrainer.Setup setup = CfTrainer.Setup.of(settings);
    return request -> train(setup, request);
  }

  /** One workload's series of one resource, as a task holds it (plain serializable values). */
  record Row(
      Resource resource,
      String workload,
      String account,
      Set<String> features,
      long startMillis,
      long stepMillis,
      double[] values)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    static Row of(Resource r, UsageSeries s) {
      return new Row(
          r,
          s.workload().value(),
          s.account().value(),
          Set.copyOf(s.features()),
          s.start().toEpochMilli(),
          s.step().toMillis(),
          s.values());
    }

    UsageSeries series() {
      return new UsageSeries(
          WorkloadId.of(workload),
          new AccountId(account),
          features,
          Instant.ofEpochMilli(startMillis),
          Duration.ofMillis(stepMillis),
          values);
    }
  }

  /** A profile and the resource it is of. */
  record Keyed(Resource resource, CfModel.Profile profile) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private static String train(CfTrainer.Setup setup, Request request) throws IOException {
    HistoryParts history = request.history();
    int parts = history.parts();
    if (parts == 0) {
      return CfTrainer.save(Map.of(), java.nio.file.Path.of(request.out()), setup);
    }
    JavaSparkContext sc = Sessions.context(request.threads());
    Set<Resource> resources = setup.resources();
    JavaRDD<Row> rows =
        sc.parallelize(IntStream.range(0, parts).boxed().toList(), parts)
            .flatMap(p -> rows(history, p, resources))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Keyed> profiles =
          await(rows.flatMap(SparkCfTrainer::profile).collectAsync(), sc, parts, request.done());
      Map<Resource, CfModel> models = new EnumMap<>(Resource.class);
      for (Resource r : resources) {
        List<CfModel.Profile> of = new ArrayList<>();
        profiles.stream().filter(k -> k.resource() == r).forEach(k -> of.add(k.profile()));
        if (!of.isEmpty()) {
          models.put(r, CfModel.fit(of, setup.config()));
        }
      }
      for (Map.Entry<Resource, CfModel> e : new EnumMap<>(models).entrySet()) {
        models.put(e.getKey(), e.getValue().withSpread(spread(sc, rows, e.getKey(), e.getValue())));
      }
      return CfTrainer.save(models, java.nio.file.Path.of(request.out()), setup);
    } finally {
      rows.unpersist(false);
    }
  }

  private static Iterator<Row> rows(HistoryParts history, int part, Set<Resource> resources) {
    List<Row> out = new ArrayList<>();
    CfTrainer.read(history, part, resources)
        .forEach((r, series) -> series.forEach(s -> out.add(Row.of(r, s))));
    return out.iterator();
  }

  private static Iterator<Keyed> profile(Row row) {
    return CfModel.profile(row.series(), CfTrainer.CALENDAR).stream()
        .map(p -> new Keyed(row.resource(), p))
        .iterator();
  }

  /**
   * The model's spread over the residuals of every series of {@code resource}: they are sorted, and
   * the values at {@link CfModel#spreadRanks} taken.
   */
  private static double[] spread(
      JavaSparkContext sc, JavaRDD<Row> rows, Resource resource, CfModel model) {
    Broadcast<byte[]> bytes = sc.broadcast(model.toBytes());
    JavaDoubleRDD residuals =
        rows.filter(row -> row.resource() == resource)
            .mapPartitionsToDouble(
                it -> {
                  CfModel m = CfModel.fromBytes(bytes.value());
                  List<Double> out = new ArrayList<>();
                  while (it.hasNext()) {
                    for (double d : m.residuals(it.next().series(), CfTrainer.CALENDAR)) {
                      out.add(d);
                    }
                  }
                  return out.iterator();
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long[] ranks = CfModel.spreadRanks(residuals.count());
      Set<Long> wanted = new HashSet<>();
      for (long k : ranks) {
        wanted.add(k);
      }
      Map<Long, Double> at = new HashMap<>();
      for (Tuple2<Double, Long> t :
          residuals
              .map(d -> d)
              .sortBy(d -> d, true, rows.getNumPartitions())
              .zipWithIndex()
              .filter(t -> wanted.contains(t._2()))
              .collect()) {
        at.put(t._2(), t._1());
      }
      double[] out = new double[ranks.length];
      for (int k = 0; k < ranks.length; k++) {
        out[k] = at.get(ranks[k]);
      }
      return out;
    } finally {
      residuals.unpersist(false);
      bytes.destroy();
    }
  }

  /**
   * The result of {@code job}, telling {@code done} how many of its {@code parts} tasks are done
   * while it runs (from Spark's status tracker, every quarter second).
   */
  private static <T> T await(
      JavaFutureAction<T> job, JavaSparkContext sc, int parts, IntConsumer done)
      throws IOException {
    try {
      while (!job.isDone()) {
        int completed = 0;
        for (int id : job.jobIds()) {
          SparkJobInfo info = sc.statusTracker().getJobInfo(id);
          if (info != null) {
            for (int stage : info.stageIds()) {
              SparkStageInfo s = sc.statusTracker().getStageInfo(stage);
              completed += s == null ? 0 : s.numCompletedTasks();
            }
          }
        }
        done.accept(Math.min(parts, completed));
        Thread.sleep(250);
      }
      T result = job.get();
      done.accept(parts);
      return result;
    } catch (InterruptedException e) {
      job.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the Spark training was interrupted", e);
    } catch (ExecutionException e) {
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        if (c instanceof IllegalArgumentException || c instanceof java.io.UncheckedIOException) {
          throw (RuntimeException) c;
        }
      }
      throw new IllegalStateException("a Spark job failed: " + e.getCause(), e.getCause());
    }
  }
}
