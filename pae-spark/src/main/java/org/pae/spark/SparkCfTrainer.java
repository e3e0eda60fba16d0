package org.pae.spark;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
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

/**
 * {@code pae train --model cf --engine spark}: the per-workload work in Spark tasks, one task per
 * part of the history (a run of workloads): reading each workload's series ({@link CfTrainer#read},
 * as the local trainer reads them), its profile ({@link CfModel#profile}) and, once the model is
 * fitted, its sorted residuals ({@link CfModel#sortedResiduals}). The factorisation runs on the
 * driver, over the profiles collected in part order, with pae-ml's own ALS ({@link CfModel#fit}):
 * one matrix of workloads × 168 hours is small (100,000 workloads are 134 MB), and the same code in
 * the same order makes the same model as {@code --engine local}, bit for bit. The spread's
 * quantiles are exact order statistics of all the residuals ({@link #spread}).
 */
final class SparkCfTrainer implements Trainer {
  /** How many evenly spaced residuals each task sends to bracket the spread's ranks. */
  static final int SAMPLES = 1024;

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
   * The model's spread over the residuals of every series of {@code resource}: the values at {@link
   * CfModel#spreadRanks} of all of them sorted, found exactly without sorting them all in one
   * place. Each task sorts its own residuals and sends {@link #SAMPLES} evenly spaced ones; the
   * driver counts, for each sent value, the residuals below it (summed over the tasks), takes for
   * each rank the two consecutive sent values it lies between, and sorts only the residuals between
   * them (about the residuals / {@link #SAMPLES}, plus one per task).
   */
  private static double[] spread(
      JavaSparkContext sc, JavaRDD<Row> rows, Resource resource, CfModel model) {
    Broadcast<byte[]> bytes = sc.broadcast(model.toBytes());
    JavaRDD<double[]> sorted =
        rows.filter(row -> row.resource() == resource)
            .mapPartitions(it -> sortedResiduals(it, bytes))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<double[]> samples = sorted.map(SparkCfTrainer::samples).collect();
      long n = sorted.map(a -> (long) a.length).reduce(Long::sum);
      long[] ranks = CfModel.spreadRanks(n);
      double[] candidates = distinctSorted(samples);
      Broadcast<double[]> at = sc.broadcast(candidates);
      long[] below = sorted.map(a -> below(a, at.value())).reduce(SparkCfTrainer::add);
      double[][] brackets = new double[ranks.length][];
      long[] offsets = new long[ranks.length];
      for (int k = 0; k < ranks.length; k++) {
        int i = 0;
        while (i + 1 < candidates.length && below[i + 1] <= ranks[k]) {
          i++;
        }
        brackets[k] =
            new double[] {
              candidates[i], i + 1 < candidates.length ? candidates[i + 1] : Double.NaN
            };
        offsets[k] = below[i];
      }
      Broadcast<double[][]> within = sc.broadcast(brackets);
      List<List<double[]>> slices = sorted.map(a -> slices(a, within.value())).collect();
      double[] out = new double[ranks.length];
      for (int k = 0; k < ranks.length; k++) {
        int size = 0;
        for (List<double[]> part : slices) {
          size += part.get(k).length;
        }
        double[] values = new double[size];
        int filled = 0;
        for (List<double[]> part : slices) {
          System.arraycopy(part.get(k), 0, values, filled, part.get(k).length);
          filled += part.get(k).length;
        }
        Arrays.sort(values);
        out[k] = values[(int) (ranks[k] - offsets[k])];
      }
      at.destroy();
      within.destroy();
      return out;
    } finally {
      sorted.unpersist(false);
      bytes.destroy();
    }
  }

  /** The residuals of a task's series against the broadcast model, sorted, as one array. */
  private static Iterator<double[]> sortedResiduals(Iterator<Row> rows, Broadcast<byte[]> model) {
    List<UsageSeries> series = new ArrayList<>();
    rows.forEachRemaining(r -> series.add(r.series()));
    double[] sorted = CfModel.fromBytes(model.value()).sortedResiduals(series, CfTrainer.CALENDAR);
    return List.of(sorted).iterator();
  }

  /** {@link #SAMPLES} evenly spaced values of a sorted array, its first among them. */
  private static double[] samples(double[] sorted) {
    int k = Math.min(SAMPLES, sorted.length);
    double[] out = new double[k];
    for (int i = 0; i < k; i++) {
      out[i] = sorted[(int) ((long) i * sorted.length / k)];
    }
    return out;
  }

  /** The values of all the arrays, sorted, each once (as {@link Double#compare} tells them). */
  private static double[] distinctSorted(List<double[]> arrays) {
    double[] all = arrays.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (n == 0 || Double.compare(all[i], all[n - 1]) != 0) {
        all[n++] = all[i];
      }
    }
    return Arrays.copyOf(all, n);
  }

  /** For each of {@code values}, how many of {@code sorted} are below it. */
  private static long[] below(double[] sorted, double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = lowerBound(sorted, values[i]);
    }
    return out;
  }

  private static long[] add(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  /**
   * Per bracket [from, to) ({@code NaN} as {@code to}: no end), the values of {@code sorted} in it.
   */
  private static List<double[]> slices(double[] sorted, double[][] brackets) {
    List<double[]> out = new ArrayList<>();
    for (double[] b : brackets) {
      int from = lowerBound(sorted, b[0]);
      int to = Double.isNaN(b[1]) ? sorted.length : lowerBound(sorted, b[1]);
      out.add(Arrays.copyOfRange(sorted, from, to));
    }
    return out;
  }

  /** How many of {@code sorted} come before {@code v} in {@link Double#compare}'s order. */
  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Double.compare(sorted[mid], v) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
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
