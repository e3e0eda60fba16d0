package org.pae.core.allocate;

import java.util.List;
import java.util.Map;
import org.pae.core.config.SettingsSource;
import org.pae.core.registry.Entry;
import org.pae.core.registry.Kind;
import org.pae.core.registry.Registry;

/**
 * PAE's allocation policies in the {@link Registry}, chosen by {@code allocate.policy}: {@code
 * choice} ({@link CostChoicePolicy}) and {@code threshold} ({@link ThresholdPolicy} with budget
 * feedback).
 */
public final class Allocations {
  /** What an allocation policy's entry holds: how to read its own settings. */
  @FunctionalInterface
  public interface Maker {
    /**
     * Reads the policy's own settings from its own keys of {@code source}, refusing a bad value
     * with a message naming its key; they make the policy.
     */
    PolicySetup read(SettingsSource source);
  }

  /** The kind of the allocation policies' entries. */
  public static final Kind<Maker> KIND = new Kind<>("allocation policy");

  /**
   * The trait listing the {@code policy.*} keys a policy reads itself, comma-separated; the others
   * are the loop's bounds ({@code LoopBounds.KEYS}) or another policy's own.
   */
  public static final String READS = "reads";

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
            Map.of(READS, String.join(", ", RiskSettings.KEYS)),
            CostChoicePolicy.Setup::read));
    r.register(
        new Entry<Maker>(
            KIND,
            "threshold",
            "resize to the forecast quantile plus headroom when it leaves the threshold band",
            Map.of(READS, String.join(", ", ThresholdSettings.KEYS)),
            ThresholdPolicy.Setup::read));
  }

  /** The {@code policy.*} keys the policy {@code name} of {@code registry} reads itself. */
  public static List<String> reads(Registry registry, String name) {
    String keys = registry.entry(KIND, name).traits().getOrDefault(READS, "");
    return keys.isBlank() ? List.of() : List.of(keys.split("\\s*,\\s*"));
  }
}
