package org.pae.libvirt;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.pae.core.model.Resource;
import org.pae.core.settings.Settings;

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
    Map<String, String> all = new TreeMap<>(Settings.defaults());
    overrides.forEach((k, v) -> all.put(k.trim(), v.trim()));
    Set<Resource> enforced = EnumSet.noneOf(Resource.class);
    String list = all.get("libvirt.enforce");
    for (String r : list.split(",")) {
      if (!r.isBlank()) {
        try {
          enforced.add(Resource.parse(r));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "libvirt.enforce = " + list + ": " + e.getMessage(), e);
        }
      }
    }
    double margin = number(all, "libvirt.memory-margin");
    double minMargin = number(all, "libvirt.memory-min-margin");
    return new LibvirtSettings(
        all.get("libvirt.uri"),
        new LibvirtActuator.Options(enforced, margin, Math.round(minMargin)));
  }

  private static double number(Map<String, String> all, String key) {
    try {
      double v = Double.parseDouble(all.get(key));
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " = '" + all.get(key) + "' is not a finite number >= 0", e);
    }
  }
}
