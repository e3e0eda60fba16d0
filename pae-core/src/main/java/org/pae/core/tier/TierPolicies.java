package org.pae.core.tier;

import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * Tiering policies in the {@link Registry}: BENCHMARKS §5's baselines that need no future ({@code
 * lru}, {@code lfu-decay}, {@code last-epoch}) and PAE's own ({@code pae}); a simulator registers
 * what only it can run (the clairvoyant {@code oracle}). Look one up with {@code
 * registry.get(TierPolicies.KIND, name)}.
 */
public final class TierPolicies {
  /** The kind of the tier policies' entries. */
  public static final Kind<TierPolicyFactory> KIND = new Kind<>("tier policy");

  /** The name under which {@link #register} is included in a registry. */
  public static final String CONTRIBUTION = "pae-core tier policies";

  private TierPolicies() {}

  /** Registers lru, lfu-decay, last-epoch and pae, in the order reports list them. */
  public static void register(Registry r) {
    r.register(KIND, "lru", "score: the position of the key's last request", LruPolicy::new);
    r.register(
        KIND, "lfu-decay", "score: requests decayed by half every 4 epochs", LfuDecayPolicy::new);
    r.register(
        KIND, "last-epoch", "score: the key's requests in the last epoch", LastEpochPolicy::new);
    r.register(
        KIND,
        "pae",
        "forecast rates (decayed counts, neighbourhood), moves that repay their cost",
        PaeTierPolicy::new);
  }

  /** A registry holding these policies. */
  public static Registry registry() {
    return new Registry().include(CONTRIBUTION, TierPolicies::register);
  }
}
