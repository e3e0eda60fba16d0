package org.pae.core.tier;

/**
 * One key changing tier at the end of an epoch, with its reason: the access rate the model predicts
 * for the key (requests per epoch), the rate at which the move pays for itself, and the model.
 *
 * @param key the key's dense id in the epoch's key table
 * @param from the tier it leaves
 * @param to the tier it enters
 * @param predictedRate what the model expects the key to receive per epoch (for a score-ranked
 *     baseline, its score)
 * @param payRate the predicted rate above which the move saves more than it costs (0 where the
 *     policy does not weigh the move's cost)
 * @param model which model or rule made the decision
 */
public record Move(
    int key, Tier from, Tier to, double predictedRate, double payRate, String model) {
  public Move {
    if (from == to) {
      throw new IllegalArgumentException("a move changes the tier; key " + key + " stays " + from);
    }
  }
}
