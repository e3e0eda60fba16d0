package org.pae.spark;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.pae.sim.replay.Pooling;
import org.pae.sim.replay.ReplayPlan;
import org.pae.sim.trace.ParseIssues;
import org.pae.sim.trace.WorkloadTrace;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * A replay whose policies share a fleet-wide price, on Spark: the trace's workloads split among
 * {@code replicas} tasks of one barrier stage (Spark starts them together, one per core), each
 * replaying its contiguous share in time order and pooling the price with the others over their own
 * connections ({@link TaskExchange}) once every {@link Sessions#POOL_EVERY} of the trace's time:
 * every interval (the default), every task steers the price of the whole fleet exactly as a local
 * replay does; less often, each steers between poolings on its own series and the others' as last
 * pooled.
 */
final class FleetReplicas {
  private FleetReplicas() {}

  /**
   * Every replica's results, in trace order. With a limit, the replicas first count the workloads
   * their shares hold (a reader skips a workload too short to replay) and keep the first {@code
   * limit} of the fleet's; short of it, the stage is run again on more units, as many as are
   * missing, as a local run reads on until it has them.
   */
  static List<SparkReplay.Part> run(
      JavaSparkContext sc, ReplayPlan plan, Input input, int replicas) {
    Duration every = Sessions.poolEvery(sc, plan.step());
    Duration timeout = Sessions.exchangeTimeout(sc);
    int units = input.units();
    int to = plan.limit() == 0 ? units : Math.min(units, plan.limit());
    while (true) {
      List<Parts.Range> shares = shares(to, replicas);
      RDD<SparkReplay.Part> stage =
          input
              .slices(sc, shares)
              .rdd()
              .barrier()
              .mapPartitions(
                  new Replica(plan, to < units, every, timeout),
                  false,
                  tag(SparkReplay.Part.class));
      List<SparkReplay.Part> parts = new JavaRDD<>(stage, tag(SparkReplay.Part.class)).collect();
      int missing = parts.getFirst().missing();
      if (missing == 0) {
        return parts;
      }
      to = Math.min(units, to + missing);
    }
  }

  /** Units 0 to {@code to} cut into {@code n} contiguous shares as equal as can be. */
  static List<Parts.Range> shares(int to, int n) {
    List<Parts.Range> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Parts.Range((int) ((long) to * i / n), (int) ((long) to * (i + 1) / n)));
    }
    return out;
  }

  private static <T> ClassTag<T> tag(Class<T> c) {
    return ClassTag$.MODULE$.apply(c);
  }

  /** One barrier task: its share of the fleet, replayed in step with the other tasks. */
  private static final class Replica
      extends AbstractFunction1<Iterator<Input.Slice>, Iterator<SparkReplay.Part>>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ReplayPlan plan;
    private final boolean moreUnits;
    private final Duration every;
    private final Duration timeout;

    Replica(ReplayPlan plan, boolean moreUnits, Duration every, Duration timeout) {
      this.plan = plan;
      this.moreUnits = moreUnits;
      this.every = every;
      this.timeout = timeout;
    }

    @Override
    public Iterator<SparkReplay.Part> apply(Iterator<Input.Slice> slices) {
      List<SparkReplay.Part> out = new ArrayList<>();
      try (TaskExchange pooling = TaskExchange.open(BarrierTaskContext.get(), timeout)) {
        while (slices.hasNext()) {
          out.add(replay(slices.next(), pooling));
        }
      }
      return CollectionConverters.asScala(out.iterator());
    }

    private SparkReplay.Part replay(Input.Slice slice, Pooling pooling) {
      ParseIssues issues = plan.issues();
      List<WorkloadTrace> share;
      try (var workloads = slice.workloads(issues)) {
        share = workloads.toList();
      }
      if (plan.limit() > 0) {
        long before = 0;
        long total = 0;
        List<byte[]> counts = pooling.gather(ByteBuffer.allocate(4).putInt(share.size()).array());
        for (int r = 0; r < counts.size(); r++) {
          int n = ByteBuffer.wrap(counts.get(r)).getInt();
          total += n;
          before += r < pooling.replica() ? n : 0;
        }
        if (total < plan.limit() && moreUnits) {
          return SparkReplay.Part.missing((int) (plan.limit() - total));
        }
        share = share.subList(0, (int) Math.max(0, Math.min(share.size(), plan.limit() - before)));
      }
      List<SparkReplay.Shipped> results = new ArrayList<>();
      plan.replay()
          .run(
              share.stream(),
              r -> results.add(SparkReplay.Shipped.of(r)),
              (w, s) -> {},
              pooling,
              every);
      return new SparkReplay.Part(results, issues);
    }
  }
}
