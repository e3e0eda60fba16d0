package org.pae.core.tier;

/**
 * What serving a request on each tier costs, and what moving a key between two tiers costs, in one
 * unit (BENCHMARKS §5: 1, 10, 100 and 100).
 */
public record TierCosts(double hot, double warm, double cold, double migration) {
  /** The costs of BENCHMARKS §5: an access 1 hot, 10 warm, 100 cold; a migration 100. */
  public static final TierCosts BENCHMARK = new TierCosts(1, 10, 100, 100);

  public TierCosts {
    if (!(hot >= 0 && hot <= warm && warm <= cold) || !(migration >= 0)) {
      throw new IllegalArgumentException(
          "tier costs need 0 <= hot <= warm <= cold and migration >= 0; got hot "
              + hot
              + ", warm "
              + warm
              + ", cold "
              + cold
              + ", migration "
              + migration);
    }
  }

  /** The cost of one access on {@code tier}. */
  public double access(Tier tier) {
    return switch (tier) {
      case HOT -> hot;
      case WARM -> warm;
      case COLD -> cold;
    };
  }
}
