package org.pae.core.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An owner of workloads.
 *
 * @param id its name
 * @param quotas the most that all its workloads together may be allocated, per resource (a resource
 *     absent here is unlimited)
 * @param roles what each principal may do in this account
 */
public record Account(AccountId id, Map<Resource, Double> quotas, Map<String, Role> roles) {
  public Account {
    Objects.requireNonNull(id, "id");
    EnumMap<Resource, Double> q = new EnumMap<>(Resource.class);
    q.putAll(quotas);
    q.forEach(
        (r, v) -> {
          if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(
                "quota of "
                    + r.key()
                    + " for account "
                    + id
                    + " must be a finite value >= 0: "
                    + v);
          }
        });
    quotas = Map.copyOf(q);
    roles = Map.copyOf(roles);
  }

  public static Account unlimited(AccountId id) {
    return new Account(id, Map.of(), Map.of());
  }

  public Optional<Double> quota(Resource r) {
    return Optional.ofNullable(quotas.get(r));
  }

  /** Whether {@code principal} holds at least {@code needed} here. */
  public boolean permits(String principal, Role needed) {
    Role held = roles.get(principal);
    return held != null && held.includes(needed);
  }
}
