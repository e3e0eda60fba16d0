package org.pae.spark;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * A run split into contiguous ranges of units (workloads), each computed by one Spark task, whose
 * results come back to the driver in range order: what makes a Spark run's output the same as a
 * local run's, which goes through the units in order.
 */
final class Parts {
  /** Units {@code from} (inclusive) to {@code to} (exclusive). */
  record Range(int from, int to) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private Parts() {}

  /** Units {@code from} to {@code to} cut into ranges of {@code size} (the last may be shorter). */
  static List<Range> ranges(int from, int to, int size) {
    List<Range> out = new ArrayList<>();
    for (int at = from; at < to; at += size) {
      out.add(new Range(at, Math.min(to, at + size)));
    }
    return out;
  }

  /**
   * Runs {@code task} over the units of {@code input} in ranges of {@code size}, as {@link
   * #run(JavaSparkContext, Input, List, Function, Consumer)} does. With a {@code limit} (0: none)
   * it starts with the first {@code limit} units and goes on to further ones only while {@code
   * done} (the workloads handed on so far) is short of it, since a reader skips a workload too
   * short to replay: the run then covers the first {@code limit} workloads, as a local run does.
   */
  static <R> void run(
      JavaSparkContext sc,
      Input input,
      int size,
      int limit,
      IntSupplier done,
      Function<Input.Slice, R> task,
      Consumer<R> each) {
    int units = input.units();
    int from = 0;
    while (from < units && (limit == 0 || done.getAsInt() < limit)) {
      int to = limit == 0 ? units : Math.min(units, from + limit - done.getAsInt());
      run(sc, input, ranges(from, to, size), task, each);
      from = to;
    }
  }

  /**
   * Computes {@code task} over the slice of {@code input} of every range, a Spark task each, and
   * hands the results to {@code each} in range order on the calling thread. One job per range, a
   * few more in flight than the cluster has cores, so that the results waiting to be handed on stay
   * few.
   */
  static <R> void run(
      JavaSparkContext sc,
      Input input,
      List<Range> ranges,
      Function<Input.Slice, R> task,
      Consumer<R> each) {
    if (ranges.isEmpty()) {
      return;
    }
    JavaRDD<R> results = input.slices(sc, ranges).map(task);
    int inFlight = Math.max(2, sc.defaultParallelism() * 2);
    ExecutorService jobs = Executors.newFixedThreadPool(inFlight);
    ArrayDeque<Future<List<R>>> queue = new ArrayDeque<>();
    try {
      for (int p = 0; p < ranges.size(); p++) {
        int[] partition = {p};
        queue.add(jobs.submit(() -> results.collectPartitions(partition)[0]));
        while (queue.size() >= inFlight) {
          await(queue.poll()).forEach(each);
        }
      }
      while (!queue.isEmpty()) {
        await(queue.poll()).forEach(each);
      }
    } finally {
      queue.forEach(f -> f.cancel(true));
      jobs.shutdownNow();
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the Spark run was interrupted", e);
    } catch (ExecutionException e) {
      throw failed(e.getCause());
    }
  }

  /** The task's own error where Spark carried it back (a bad trace line), else Spark's. */
  static RuntimeException failed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException || c instanceof java.io.UncheckedIOException) {
        return (RuntimeException) c;
      }
    }
    return t instanceof RuntimeException re
        ? re
        : new IllegalStateException("a Spark job failed: " + t, t);
  }
}
