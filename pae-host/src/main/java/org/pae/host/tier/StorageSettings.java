package org.pae.host.tier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.pae.core.config.SettingsSource;
import org.pae.core.config.Values;
import org.pae.core.tier.Capacities;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierCosts;
import org.pae.core.tier.TierSettings;
import org.pae.core.tier.TierSetup;

/**
 * The storage tiers of {@code pae run} ({@code storage.*} in {@code pae-defaults.properties}) and
 * the tier policy's settings ({@code tier.*}); a bad value is refused naming its key.
 *
 * @param layout the tier directories, managed tree and journal; empty when {@code storage.tiers} is
 * @param enforce whether files are moved, or the moves only recommended
 * @param epoch how long an epoch lasts
 * @param policy the tier policy's name
 * @param setup capacities (in files), costs and PAE's policy settings
 */
public record StorageSettings(
    Optional<TierLayout> layout, boolean enforce, Duration epoch, String policy, TierSetup setup) {

  /** Reads the section; an empty {@code storage.journal} is {@code <dataDir>/tier-journal}. */
  public static StorageSettings from(SettingsSource s, Path dataDir) {
    Map<Tier, Path> dirs = new EnumMap<>(Tier.class);
    for (String entry : s.list("storage.tiers")) {
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            "storage.tiers: '" + entry + "' is not tier:/path (hot:/ssd/pae, warm:..., cold:...)");
      }
      Tier t;
      try {
        t = Tier.parse(entry.substring(0, colon));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("storage.tiers: " + e.getMessage(), e);
      }
      if (dirs.put(t, Path.of(entry.substring(colon + 1).trim())) != null) {
        throw new IllegalArgumentException("storage.tiers: " + t.key() + " is named twice");
      }
    }
    String managed = s.get("storage.managed");
    String journal = s.get("storage.journal");
    Optional<TierLayout> layout = Optional.empty();
    if (!dirs.isEmpty()) {
      if (managed.isEmpty()) {
        throw new IllegalArgumentException(
            "storage.managed: the managed tree is required with storage.tiers");
      }
      try {
        layout =
            Optional.of(
                new TierLayout(
                    dirs,
                    Path.of(managed),
                    journal.isEmpty() ? dataDir.resolve("tier-journal") : Path.of(journal)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("storage.tiers: " + e.getMessage(), e);
      }
    }
    Duration epoch = s.duration("storage.epoch");
    if (epoch.isZero() || epoch.isNegative()) {
      throw new IllegalArgumentException("storage.epoch = " + epoch + " must be > 0");
    }
    Capacities capacities =
        new Capacities(
            (int) Values.whole("storage.hot-capacity", s.get("storage.hot-capacity"), 0),
            (int) Values.whole("storage.warm-capacity", s.get("storage.warm-capacity"), 0));
    TierCosts costs;
    try {
      costs =
          new TierCosts(
              s.number("storage.cost.hot"),
              s.number("storage.cost.warm"),
              s.number("storage.cost.cold"),
              s.number("storage.cost.migration"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("storage.cost.*: " + e.getMessage(), e);
    }
    return new StorageSettings(
        layout,
        s.bool("storage.enforce"),
        epoch,
        s.get("storage.policy"),
        new TierSetup(capacities, costs, TierSettings.from(s)));
  }
}
