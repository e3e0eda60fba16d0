package org.pae.live;

import java.io.IOException;
import org.pae.host.Cgroup;

/** What the tests that make kernel cgroups share. */
final class KernelCgroups {
  private KernelCgroups() {}

  /** Removes a cgroup once a killed process has left it. */
  static void deleteWhenEmpty(Cgroup c) throws InterruptedException {
    for (int attempt = 0; attempt < 100 && c.exists(); attempt++) {
      try {
        c.delete();
      } catch (IOException e) {
        Thread.sleep(20);
      }
    }
  }
}
