package org.pae.libvirt;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.pae.core.config.SettingsSource;
import org.pae.core.model.Resource;

/**
 * The {@code libvirt.*} settings of {@code pae-defaults.properties}, each checked: a bad value is
 * refused with a message naming its key.
 *
 * @param uri the connection; empty for none
 * @param actuator what the actuator writes and its margins
 */
public record LibvirtSettings(String uri, LibvirtActuator.Options actuator) {
  /** Reads the keys from the defaults overridden by {@code overrides}. */
  public static LibvirtSettings from(Map<String, String> overrides) {
    return from(SettingsSource.of(overrides));
  }

  /**
   * Reads this section's keys ({@code libvirt.*}) from the one settings source; a command that
   * reads every section then refuses what none read ({@link SettingsSource#refuseUnread}).
   */
  public static LibvirtSettings from(SettingsSource all) {
    Set<Resource> enforced = EnumSet.noneOf(Resource.class);
    for (String r : all.list("libvirt.enforce")) {
      try {
        enforced.add(Resource.parse(r));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "libvirt.enforce = " + all.get("libvirt.enforce") + ": " + e.getMessage(), e);
      }
    }
    double margin = nonNegative(all, "libvirt.memory-margin");
    double minMargin = nonNegative(all, "libvirt.memory-min-margin");
    return new LibvirtSettings(
        all.get("libvirt.uri"),
        new LibvirtActuator.Options(enforced, margin, Math.round(minMargin)));
  }

  private static double nonNegative(SettingsSource all, String key) {
    double v = all.number(key);
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          key + " = '" + all.get(key) + "' is not a finite number >= 0");
    }
    return v;
  }
}
