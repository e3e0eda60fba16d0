package org.pae.libvirt;

import java.util.EnumSet;
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
  /** Reads the {@code libvirt.*} keys through the one settings loader. */
  public static LibvirtSettings from(SettingsSource settings) {
    Set<Resource> enforced = EnumSet.noneOf(Resource.class);
    for (String r : settings.list("libvirt.enforce")) {
      try {
        enforced.add(Resource.parse(r));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "libvirt.enforce = " + settings.get("libvirt.enforce") + ": " + e.getMessage(), e);
      }
    }
    return new LibvirtSettings(
        settings.get("libvirt.uri"),
        new LibvirtActuator.Options(
            enforced,
            atLeastZero(settings, "libvirt.memory-margin"),
            Math.round(atLeastZero(settings, "libvirt.memory-min-margin"))));
  }

  private static double atLeastZero(SettingsSource settings, String key) {
    double v = settings.number(key);
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(
          key + " = '" + settings.get(key) + "' is not a finite number >= 0");
    }
    return v;
  }
}
