package org.pae.core.tier;

import java.util.LinkedHashSet;
import java.util.Set;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * Tiering policies by name, held in the one {@link Registry} as the kind {@link #KIND}. {@link
 * #standard()} holds BENCHMARKS §5's baselines that need no future and PAE's own policy ({@code
 * pae}); a simulator adds what only it can build (the clairvoyant oracle).
 */
public final class TierPolicies {
  /** The registry's kind of tiering policies. */
  public static final Kind<TierPolicyFactory> KIND = new Kind<>("tier policy");

  private final Registry registry;

  private TierPolicies(Registry registry) {
    this.registry = registry;
  }

  /** lru, lfu-decay and last-epoch. */
  public static TierPolicies standard() {
    return new TierPolicies(
        new Registry()
            .register(KIND, "lru", "the position of the key's last request", LruPolicy::new)
            .register(
                KIND,
                "lfu-decay",
                "requests decaying with a half-life of 4 epochs",
                LfuDecayPolicy::new)
            .register(
                KIND, "last-epoch", "the key's requests in the last epoch", LastEpochPolicy::new)
            .register(
                KIND,
                "pae",
                "forecast requests; a move only when its saving pays for it",
                PaeTierPolicy::new));
  }

  /** These policies and one more; a name already taken is refused. */
  public TierPolicies with(String name, TierPolicyFactory factory) {
    Registry r = new Registry();
    for (Entry<TierPolicyFactory> e : registry.entries(KIND)) {
      r.register(e);
    }
    return new TierPolicies(r.register(KIND, name, name, factory));
  }

  /** The factory of a policy; an unknown name is refused naming the known ones. */
  public TierPolicyFactory get(String name) {
    return registry.get(KIND, name.trim());
  }

  public Set<String> names() {
    return new LinkedHashSet<>(registry.names(KIND));
  }
}
