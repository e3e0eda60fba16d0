package org.pae.spark;

import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;
import org.pae.sim.forecast.EvalEngine;
import org.pae.sim.replay.ReplayEngine;
import org.pae.sim.trace.TraceReader;
import org.pae.sim.trace.TraceWriter;

/**
 * pae-spark's contribution to the {@link Registry}: the engines named {@code spark}, so that {@code
 * pae simulate --engine spark} and {@code pae forecast-eval --engine spark} find them wherever this
 * jar and Spark are on the class path.
 */
public final class SparkEntries implements RegistryProvider {
  /** The engines' name. */
  public static final String SPARK = "spark";

  @Override
  public void accept(Registry r) {
    r.register(ReplayEngine.KIND, SPARK, "Spark tasks, partitioned by workload", SparkReplay::run);
    r.register(
        EvalEngine.KIND, SPARK, "Spark tasks, partitioned by workload", SparkForecastEval::run);
    r.register(
        TraceReader.KIND,
        ParquetFormat.NAME,
        "Parquet long table, read through Spark SQL",
        ParquetFormat.READER);
    r.register(
        TraceWriter.KIND,
        ParquetFormat.NAME,
        "Parquet long table, written by Spark tasks",
        ParquetFormat.WRITER);
  }
}
