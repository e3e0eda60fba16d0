package org.pae.core.tier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tiering policies by name. {@link #standard()} holds BENCHMARKS §5's baselines that need no future
 * and PAE's own policy ({@code pae}); a simulator adds what only it can build (the clairvoyant
 * oracle).
 */
public final class TierPolicies {
  private final Map<String, TierPolicyFactory> byName;

  private TierPolicies(Map<String, TierPolicyFactory> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** lru, lfu-decay and last-epoch. */
  public static TierPolicies standard() {
    Map<String, TierPolicyFactory> m = new LinkedHashMap<>();
    m.put("lru", LruPolicy::new);
    m.put("lfu-decay", LfuDecayPolicy::new);
    m.put("last-epoch", LastEpochPolicy::new);
    m.put("pae", PaeTierPolicy::new);
    return new TierPolicies(m);
  }

  /** These policies and one more; a name already taken is refused. */
  public TierPolicies with(String name, TierPolicyFactory factory) {
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("tier policy '" + name + "' is registered twice");
    }
    Map<String, TierPolicyFactory> m = new LinkedHashMap<>(byName);
    m.put(name, factory);
    return new TierPolicies(m);
  }

  /** The factory of a policy; an unknown name is refused naming the known ones. */
  public TierPolicyFactory get(String name) {
    TierPolicyFactory f = byName.get(name.trim());
    if (f == null) {
      throw new IllegalArgumentException(
          "tier policy '" + name.trim() + "' not found; known: " + String.join(", ", names()));
    }
    return f;
  }

  public Set<String> names() {
    return byName.keySet();
  }
}
