package org.pae.spark;

import java.time.Duration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.pae.core.config.SettingsSource;
import org.pae.core.settings.Settings;

/**
 * The Spark session every engine of this module runs on: the one {@code spark-submit} configured
 * ({@code spark.master} and every {@code spark.*} setting come from it, or from {@code -Dspark.*}
 * system properties), else a local one on this machine's threads.
 */
final class Sessions {
  /**
   * Workloads per task: a task replays a contiguous run of this many workloads (files, or made-up
   * workloads) and, for a policy with a fleet-wide price, steers that price over them alone.
   */
  static final String WORKLOADS_PER_TASK = "spark.pae.workloadsPerTask";

  /** The defaults file's key of {@link #WORKLOADS_PER_TASK}'s default. */
  static final String DEFAULT_WORKLOADS_PER_TASK = "spark.workloads-per-task";

  /**
   * How often, in the trace's time, the tasks of a replay whose policies share a fleet-wide price
   * pool it ({@link FleetReplicas}): unset or the trace's step (e.g. {@code 5m}), every interval,
   * the same figures as a local replay; longer, fewer round trips between the tasks and a price
   * that is the fleet's only at each pooling.
   */
  static final String POOL_EVERY = "spark.pae.poolEvery";

  /**
   * How long a task of a pooled replay waits for another's message ({@link TaskExchange}) before it
   * fails the stage: longer than any task takes to read its share of the trace.
   */
  static final String EXCHANGE_TIMEOUT = "spark.pae.exchangeTimeout";

  static final String DEFAULT_EXCHANGE_TIMEOUT = "10m";

  private Sessions() {}

  /**
   * The active session, or a new one: {@code local[threads]} when no master is set. A local session
   * binds to the loopback address unless told otherwise, so that it runs on a machine whose host
   * name resolves to nothing reachable.
   */
  static JavaSparkContext context(int threads) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + threads + "]");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    conf.setIfMissing("spark.app.name", "pae");
    conf.setIfMissing("spark.ui.enabled", "false");
    SparkSession session = SparkSession.builder().config(conf).getOrCreate();
    return JavaSparkContext.fromSparkContext(session.sparkContext());
  }

  /**
   * How often the tasks pool a fleet-wide price: {@link #POOL_EVERY}, a duration; by default the
   * replay's {@code step}.
   */
  static Duration poolEvery(JavaSparkContext sc, Duration step) {
    return duration(sc, POOL_EVERY, step.toSeconds() + "s");
  }

  /** How long a task waits for another's message: {@link #EXCHANGE_TIMEOUT}, a duration. */
  static Duration exchangeTimeout(JavaSparkContext sc) {
    return duration(sc, EXCHANGE_TIMEOUT, DEFAULT_EXCHANGE_TIMEOUT);
  }

  /** A positive duration from the calling thread's job properties, else the session's settings. */
  private static Duration duration(JavaSparkContext sc, String key, String otherwise) {
    String local = sc.getLocalProperty(key);
    String value = local != null ? local : sc.getConf().get(key, otherwise);
    Duration d = Settings.duration(key, value.trim());
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive: " + value);
    }
    return d;
  }

  /**
   * How many workloads a task replays: {@link #WORKLOADS_PER_TASK} from the calling thread's job
   * properties ({@code sc.setLocalProperty}), else from the session's settings.
   */
  static int workloadsPerTask(JavaSparkContext sc) {
    String local = sc.getLocalProperty(WORKLOADS_PER_TASK);
    int n =
        local != null
            ? Integer.parseInt(local.trim())
            : sc.getConf()
                .getInt(
                    WORKLOADS_PER_TASK,
                    Integer.parseInt(SettingsSource.defaultOf(DEFAULT_WORKLOADS_PER_TASK)));
    if (n < 1) {
      throw new IllegalArgumentException(WORKLOADS_PER_TASK + " must be >= 1: " + n);
    }
    return n;
  }
}
