package org.pae.ml;

import org.pae.core.forecast.Trainer;
import org.pae.core.registry.Registry;
import org.pae.core.registry.RegistryProvider;
import org.pae.ml.cf.CfFleet;
import org.pae.ml.cf.CfTrainer;

/**
 * pae-ml's trainers ({@code pae train}), on this machine: {@code cf}. Found wherever this jar is on
 * the class path, as its models are ({@link LearnedModels}).
 */
public final class Trainers implements RegistryProvider {
  @Override
  public void accept(Registry r) {
    r.register(
        Trainer.on(Trainer.LOCAL),
        CfFleet.NAME,
        "collaborative filtering, trained on this machine's threads",
        new CfTrainer());
  }
}
