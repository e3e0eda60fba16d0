package org.pae.core.allocate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.pae.core.forecast.ForecasterFactory;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * PAE's allocation policies in the {@link Registry}, chosen by {@code allocate.policy}: {@code
 * choice} ({@link CostChoicePolicy}) and {@code threshold} ({@link ThresholdPolicy} with budget
 * feedback).
 */
public final class Allocations {
  /** What an allocation policy's entry holds: how to make the policy. */
  @FunctionalInterface
  public interface Maker {
    /**
     * @param name the policy's name in decisions
     * @param models the forecasters it reads
     * @param loopInterval the loop's interval (a replay's is the trace's step)
     * @param choice the settings of {@code choice}
     */
    AllocationPolicy make(
        String name, ForecasterFactory models, Duration loopInterval, ChoiceSettings choice);
  }

  /** The kind of the allocation policies' entries. */
  public static final Kind<Maker> KIND = new Kind<>("allocation policy");

  /**
   * The trait listing the {@code policy.*} keys ({@link PolicySettings#KEYS}) a policy reads
   * itself, comma-separated; the others are the loop's bounds or another policy's own.
   */
  public static final String READS = "reads";

  /** The keys of {@link PolicySettings#KEYS} that the loop reads, whatever the policy. */
  public static final List<String> LOOP_KEYS =
      List.of("cooldown", "max-step", "lead-time", "usage-margin");

  /** The name under which {@link #register} is included in a registry. */
  public static final String CONTRIBUTION = "pae-core allocation policies";

  private Allocations() {}

  /** Registers {@code choice} and {@code threshold}. */
  public static void register(Registry r) {
    r.register(
        new Entry<Maker>(
            KIND,
            "choice",
            "the candidate allocation of least expected cost (shortfalls priced per resource)",
            Map.of(READS, "risk-budget"),
            (name, models, interval, choice) ->
                new CostChoicePolicy(name, interval, choice, models)));
    r.register(
        new Entry<Maker>(
            KIND,
            "threshold",
            "resize to the forecast quantile plus headroom when it leaves the threshold band",
            Map.of(READS, "threshold, reduction-threshold, headroom, risk-budget"),
            (name, models, interval, choice) -> new ThresholdPolicy(name, models, true)));
  }

  /** The {@code policy.*} keys the policy {@code name} of {@code registry} reads itself. */
  public static List<String> reads(Registry registry, String name) {
    String keys = registry.entry(KIND, name).traits().getOrDefault(READS, "");
    return keys.isBlank() ? List.of() : List.of(keys.split("\\s*,\\s*"));
  }
}
