package org.pae.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads {@code /proc/net/dev} (or a process's {@code /proc/PID/net/dev}, its namespace's). */
public final class NetDev {
  private NetDev() {}

  /** Bytes received plus transmitted, per interface, in file order. */
  public static Map<String, Long> read(Path file) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String[] f = line.substring(colon + 1).trim().split("\\s+");
      // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit bytes.
      out.put(name, Long.parseLong(f[0]) + Long.parseLong(f[8]));
    }
    return out;
  }

  /**
   * The sum over every interface, loopback included: a workload's own namespace's traffic, whose
   * loopback is the workload's alone (a miner talking to a local proxy, a container's processes to
   * each other).
   */
  public static long all(Map<String, Long> interfaces) {
    long sum = 0;
    for (long bytes : interfaces.values()) {
      sum += bytes;
    }
    return sum;
  }

  /** The sum over every interface but loopback: traffic that leaves the namespace. */
  public static long total(Map<String, Long> interfaces) {
    long sum = 0;
    for (Map.Entry<String, Long> e : interfaces.entrySet()) {
      if (!e.getKey().equals("lo")) {
        sum += e.getValue();
      }
    }
    return sum;
  }
}
