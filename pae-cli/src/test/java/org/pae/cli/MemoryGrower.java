package org.pae.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A child process for the kernel tests: waits for a line on stdin (its parent has moved it into a
 * cgroup by then), grows its memory off-heap in steps, holds it, frees it all, holds again, exits.
 * Off-heap segments are malloc'd pages that {@code free} returns to the kernel at once, unlike the
 * Java heap. Arguments: step MiB, steps, millis per step, millis held before and after freeing.
 */
public final class MemoryGrower {
  private MemoryGrower() {}

  public static void main(String[] args) throws Exception {
    long step = Long.parseLong(args[0]) << 20;
    int steps = Integer.parseInt(args[1]);
    long every = Long.parseLong(args[2]);
    long hold = Long.parseLong(args[3]);
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    List<Arena> arenas = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      Arena a = Arena.ofConfined();
      MemorySegment s = a.allocate(step, 4096);
      s.fill((byte) 1);
      arenas.add(a);
      Thread.sleep(every);
    }
    System.out.println("grown");
    Thread.sleep(hold);
    arenas.forEach(Arena::close);
    System.out.println("freed");
    Thread.sleep(hold);
  }
}
