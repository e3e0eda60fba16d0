package org.pae.spark;

import org.pae.core.forecast.Trainer;
import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;
import org.pae.ml.cf.CfFleet;

/**
 * pae-spark's trainers ({@code pae train --engine spark}): {@code cf}, its per-workload work in
 * Spark tasks ({@link SparkCfTrainer}).
 */
public final class SparkTrainers implements RegistryProvider {
  @Override
  public void accept(Registry r) {
    r.register(
        Trainer.on(SparkEntries.SPARK),
        CfFleet.NAME,
        "collaborative filtering, per workload in Spark tasks",
        new SparkCfTrainer());
  }
}
