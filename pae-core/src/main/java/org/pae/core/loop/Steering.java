package org.pae.core.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.pae.core.allocate.Tuning;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Limits;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * What the loop is told beyond what it observes: the bounds, limits and account of each series, and
 * an operator's tuning of its policy. The daemon's implementation changes as operators steer
 * through the API; the simulator's is fixed. A wrapper forwards every method, the defaults too.
 */
public interface Steering {
  LoopBounds bounds(Workload workload, Resource resource);

  Limits limits(Workload workload, Resource resource);

  Optional<Account> account(AccountId id);

  /**
   * An operator's values of the allocation policy's own settings for this series, which the loop
   * hands the policy ({@code Outlook#tuning}). None by default.
   */
  default Tuning tuning(Workload workload, Resource resource) {
    return Tuning.NONE;
  }

  /**
   * Whether an operator paused PAE for this workload at {@code now}: the loop then holds every
   * series of it (rule {@code PAUSED}), still feeding its forecasts. None by default.
   */
  default boolean paused(Workload workload, Instant now) {
    return false;
  }

  /**
   * The allocation an operator pinned for this series at {@code now}, if any: it replaces the
   * policy's proposal (rule {@code PINNED}) and bypasses the largest step and the cooldown, but not
   * the usage floor, max or quota. None by default.
   */
  default OptionalDouble pin(Workload workload, Resource resource, Instant now) {
    return OptionalDouble.empty();
  }

  /**
   * The factor by which an operator expects demand to change within {@code [now, now + horizon]}
   * (an event hint: 2 for a launch that doubles traffic, 0.5 for a holiday). The loop scales the
   * forecast by it before the policy's rule (cap {@code EVENT_HINT}). 1 (no hint) by default.
   */
  default double demandFactor(Workload workload, Resource resource, Instant now, Duration horizon) {
    return 1;
  }

  /**
   * An allocation an operator asked to have in place at {@code now} for a critical workload (a
   * pre-allocation before a known peak): the loop raises the allocation to at least this, whatever
   * the cooldown (cap {@code PRE_ALLOCATION}); max and quota still bound it. None by default.
   */
  default OptionalDouble preAllocation(Workload workload, Resource resource, Instant now) {
    return OptionalDouble.empty();
  }

  /** Bounds per resource for every workload, no limits, no tuning, the given accounts. */
  static Steering uniform(Map<Resource, LoopBounds> bounds, Map<AccountId, Account> accounts) {
    Map<Resource, LoopBounds> s = Map.copyOf(bounds);
    Map<AccountId, Account> a = Map.copyOf(accounts);
    return new Steering() {
      @Override
      public LoopBounds bounds(Workload workload, Resource resource) {
        LoopBounds p = s.get(resource);
        if (p == null) {
          throw new IllegalArgumentException("no loop bounds for resource " + resource.key());
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
