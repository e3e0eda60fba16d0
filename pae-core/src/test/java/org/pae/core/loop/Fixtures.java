package org.pae.core.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.pae.core.allocate.AllocationPolicy;
import org.pae.core.allocate.Evidence;
import org.pae.core.allocate.Outlook;
import org.pae.core.allocate.Proposal;
import org.pae.core.allocate.Rule;
import org.pae.core.allocate.SeriesPolicy;
import org.pae.core.allocate.ThresholdSettings;
import org.pae.core.model.Account;
import org.pae.core.model.AccountId;
import org.pae.core.model.Limits;
import org.pae.core.model.Resource;
import org.pae.core.model.Workload;

/**
 * Small building blocks for loop tests: settings, steering, and a policy that proposes on demand.
 */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration STEP = Duration.ofSeconds(5);

  private Fixtures() {}

  /** Bounds without cooldown, step limit or margin, so that one rule at a time can be seen. */
  static LoopBounds plain() {
    return new LoopBounds(Duration.ZERO, 1e6, Duration.ZERO, 0.0, true);
  }

  /** A threshold band at 0.9 and 0.5 without headroom, allocating at the 0.99 quantile. */
  static ThresholdSettings band() {
    return new ThresholdSettings(0.9, 0.5, 0.0, 0.01);
  }

  static Map<Resource, LoopBounds> all(LoopBounds s) {
    Map<Resource, LoopBounds> m = new EnumMap<>(Resource.class);
    for (Resource r : Resource.values()) {
      m.put(r, s);
    }
    return m;
  }

  static Steering steering(LoopBounds s, Limits limits, Map<AccountId, Account> accounts) {
    Steering uniform = Steering.uniform(all(s), accounts);
    return new Steering() {
      @Override
      public LoopBounds bounds(Workload workload, Resource resource) {
        return uniform.bounds(workload, resource);
      }

      @Override
      public Limits limits(Workload workload, Resource resource) {
        return limits;
      }

      @Override
      public Optional<Account> account(AccountId id) {
        return uniform.account(id);
      }
    };
  }

  /**
   * A policy that proposes {@code target(usage)} every tick and records the horizon it was asked
   * for.
   */
  static final class Proposing implements AllocationPolicy {
    final DoubleUnaryOperator target;
    Duration lastHorizon;
    int observed;

    Proposing(DoubleUnaryOperator target) {
      this.target = target;
    }

    @Override
    public String name() {
      return "proposing";
    }

    @Override
    public SeriesPolicy open(Workload workload, Resource resource) {
      return new SeriesPolicy() {
        @Override
        public void observe(Instant now, double usage) {
          observed++;
        }

        @Override
        public Proposal propose(Instant now, double usage, double allocated, Outlook outlook) {
          lastHorizon = outlook.horizon();
          double t = target.applyAsDouble(usage);
          return Proposal.resize(
              t, Rule.RECOMPUTED, new Evidence("fixed", outlook.horizon(), 0.99, t));
        }
      };
    }
  }
}
