package org.pae.ml;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.pae.core.model.Workload;

/**
 * The side features of a workload as tokens: what it runs, who owns it, what it depends on, the
 * access patterns known of its program. Workloads sharing tokens are taken to use resources alike
 * until their own history says otherwise.
 */
public final class Features {
  private Features() {}

  /** The tokens of a workload's program code and account. */
  public static Set<String> of(Workload w) {
    Set<String> t = new TreeSet<>();
    if (!w.program().equals(org.pae.core.model.ProgramCode.UNKNOWN)) {
      t.add("program:" + w.program().id());
    }
    t.add("account:" + w.account().value());
    w.program().dependencies().forEach(d -> t.add("dependency:" + d));
    w.program().accessPatterns().forEach(p -> t.add("pattern:" + p.toLowerCase(Locale.ROOT)));
    return t;
  }

  /**
   * A size class token, {@code name:2^k}: sizes within a factor of two share it (the provisioned
   * cores or memory of a VM, when nothing else is known about it).
   */
  public static String sizeClass(String name, double size) {
    long k = size > 0 ? Math.round(Math.log(size) / Math.log(2)) : 0;
    return name + ":2^" + k;
  }
}
