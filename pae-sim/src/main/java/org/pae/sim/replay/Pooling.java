package org.pae.sim.replay;

import java.util.List;

/**
 * Replicas of one fleet replay, each stepping a share of the fleet's workloads (on its own machine,
 * a Spark task), that pool what their policies share across workloads — the fleet-wide shortfall
 * prices — so that all of them steer the price of the whole fleet ({@link Replay#run(
 * java.util.stream.Stream, java.util.function.Consumer, Replay.Progress, Pooling,
 * java.time.Duration)}). The fleet's workloads are cut into the replicas' shares in replica order.
 */
public interface Pooling {
  /** This replica's place among the replicas, from 0. */
  int replica();

  /**
   * A barrier: every replica's message, in replica order (the same on every replica), once every
   * replica has sent its own. Every replica calls it the same number of times.
   */
  List<byte[]> gather(byte[] mine);
}
