package org.pae.core.tier;

import java.util.Locale;

/** A storage tier, fastest first. Every key is {@link #COLD} until a policy places it. */
public enum Tier {
  HOT,
  WARM,
  COLD;

  /** The lower-case name used in exports: {@code hot}, {@code warm}, {@code cold}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A tier by its lower-case name; an unknown one is refused naming the known ones. */
  public static Tier parse(String name) {
    for (Tier t : values()) {
      if (t.key().equals(name.trim())) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown tier '" + name + "'; known: hot, warm, cold");
  }
}
