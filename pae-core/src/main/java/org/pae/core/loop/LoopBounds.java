package org.pae.core.loop;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pae.core.allocate.PolicyKeys;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.model.Resource;

/**
 * The loop's bounds on one resource's allocations, whatever the allocation policy: its keys of
 * {@code policy.*} (each also settable per resource, {@code policy.<r>.*}). Every field is
 * validated here; the defaults with their meaning are in {@code pae-defaults.properties}.
 *
 * @param cooldown after a change, no further change of that series for this long, except a raise
 *     once usage (with its margin) has reached the allocation in force, which goes to what the
 *     policy proposes
 * @param maxStep the largest factor of one change: a new allocation lies within [a / maxStep, a ×
 *     maxStep] unless current usage needs more; ≥ 1, or infinite for no bound at all (replayed
 *     baselines that emulate other systems: any finite bound would keep an allocation that reached
 *     0 from coming back)
 * @param leadTime how far ahead a critical workload is allocated (its forecast horizon is one
 *     interval plus this)
 * @param usageMargin the allocation never goes below current usage × (1 + usageMargin), ≥ 0
 * @param usageFloor whether that floor applies; PAE's own policy always has it, replayed baselines
 *     that emulate other systems may not
 */
public record LoopBounds(
    Duration cooldown, double maxStep, Duration leadTime, double usageMargin, boolean usageFloor) {

  /** The keys of {@code policy.*} the loop reads under every policy. */
  public static final List<String> KEYS =
      List.of("cooldown", "max-step", "lead-time", "usage-margin");

  /** The defaults file's values, with no per-resource override. */
  public static final LoopBounds DEFAULTS = read(SettingsSource.of(Map.of()), Optional.empty());

  /**
   * Reads {@link #KEYS} for {@code resource} from {@code source} ({@link PolicyKeys#value}), with
   * the usage floor on.
   */
  public static LoopBounds read(SettingsSource source, Optional<Resource> resource) {
    String p = PolicyKeys.prefix(resource);
    try {
      return new LoopBounds(
          Values.duration(p + "cooldown", PolicyKeys.value(source, resource, "cooldown")),
          Values.number(p + "max-step", PolicyKeys.value(source, resource, "max-step")),
          Values.duration(p + "lead-time", PolicyKeys.value(source, resource, "lead-time")),
          Values.number(p + "usage-margin", PolicyKeys.value(source, resource, "usage-margin")),
          true);
    } catch (IllegalArgumentException e) {
      throw PolicyKeys.naming(resource, e);
    }
  }

  public LoopBounds {
    Objects.requireNonNull(cooldown, "cooldown");
    Objects.requireNonNull(leadTime, "leadTime");
    PolicyKeys.check(!cooldown.isNegative(), "cooldown", cooldown, ">= 0s");
    PolicyKeys.check(maxStep >= 1, "max-step", maxStep, "a value >= 1 (Infinity: unbounded)");
    PolicyKeys.check(!leadTime.isNegative(), "lead-time", leadTime, ">= 0s");
    PolicyKeys.check(
        usageMargin >= 0 && usageMargin <= 10, "usage-margin", usageMargin, "in [0, 10]");
  }

  public LoopBounds withCooldown(Duration c) {
    return new LoopBounds(c, maxStep, leadTime, usageMargin, usageFloor);
  }

  public LoopBounds withLeadTime(Duration l) {
    return new LoopBounds(cooldown, maxStep, l, usageMargin, usageFloor);
  }

  public LoopBounds withUsageFloor(boolean f) {
    return new LoopBounds(cooldown, maxStep, leadTime, usageMargin, f);
  }
}
