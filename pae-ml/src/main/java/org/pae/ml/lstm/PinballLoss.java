package org.pae.ml.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The pinball (quantile) loss over several horizons and levels at once: the predictions are {@code
 * [batch, horizons × levels]} (levels fastest), the labels {@code [batch, horizons]}. Minimising it
 * makes each output the conditional quantile at its level.
 */
public final class PinballLoss extends Loss {
  private final float[] levels;

  public PinballLoss(double[] levels) {
    super("pinball");
    this.levels = new float[levels.length];
    for (int i = 0; i < levels.length; i++) {
      this.levels[i] = (float) levels[i];
    }
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray label = labels.singletonOrThrow();
    NDArray pred = predictions.singletonOrThrow();
    long batch = label.getShape().get(0);
    long horizons = label.getShape().get(1);
    NDArray p = pred.reshape(batch, horizons, levels.length);
    NDArray diff = label.expandDims(2).sub(p);
    NDArray q = p.getManager().create(levels);
    return diff.mul(q).maximum(diff.mul(q.sub(1))).mean();
  }
}
