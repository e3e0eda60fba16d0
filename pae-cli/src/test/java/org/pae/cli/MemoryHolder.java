package org.pae.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A child process for the fleet tests: holds, off-heap, as many MiB as the last number its parent
 * wrote on its stdin (a line that is not a number, such as {@link KernelCgroups}'s "go", is
 * skipped); exits when its stdin closes. Off-heap segments are malloc'd pages that {@code free}
 * returns to the kernel at once.
 */
public final class MemoryHolder {
  private MemoryHolder() {}

  public static void main(String[] args) throws Exception {
    Deque<Arena> held = new ArrayDeque<>();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (!line.trim().matches("\\d+")) {
        continue;
      }
      int mib = Integer.parseInt(line.trim());
      while (held.size() > mib) {
        held.pop().close();
      }
      while (held.size() < mib) {
        Arena a = Arena.ofConfined();
        MemorySegment s = a.allocate(1 << 20, 4096);
        s.fill((byte) 1);
        held.push(a);
      }
      System.out.println("holding " + mib);
      System.out.flush();
    }
  }
}
