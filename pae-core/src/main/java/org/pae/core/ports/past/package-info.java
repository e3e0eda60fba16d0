/**
 * What the models read of a series' past from outside their own state: a PastSource answering a
 * refit's window (the replay's trace, the store), and the TrainingHistory the learned models
 * retrain from. It depends only on model; forecast, its model packages and the adapters at the
 * edges depend on it.
 */
package org.pae.core.ports.past;
