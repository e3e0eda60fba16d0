package org.pae.core.loop;

import java.util.Map;
import java.util.Optional;
import org.pae.core.allocate.PolicySettings;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Limits;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * What the loop is told beyond what it observes: the settings, limits and account of each series.
 * The daemon's implementation changes as operators steer through the API; the simulator's is fixed.
 */
public interface Steering {
  PolicySettings settings(Workload workload, Resource resource);

  Limits limits(Workload workload, Resource resource);

  Optional<Account> account(AccountId id);

  /** Settings per resource for every workload, no limits, the given accounts. */
  static Steering uniform(
      Map<Resource, PolicySettings> settings, Map<AccountId, Account> accounts) {
    Map<Resource, PolicySettings> s = Map.copyOf(settings);
    Map<AccountId, Account> a = Map.copyOf(accounts);
    return new Steering() {
      @Override
      public PolicySettings settings(Workload workload, Resource resource) {
        PolicySettings p = s.get(resource);
        if (p == null) {
          throw new IllegalArgumentException("no policy settings for resource " + resource.key());
        }
        return p;
      }

      @Override
      public Limits limits(Workload workload, Resource resource) {
        return Limits.NONE;
      }

      @Override
      public Optional<Account> account(AccountId id) {
        return Optional.ofNullable(a.get(id));
      }
    };
  }
}
