package org.pae.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A child process for the kernel tests: waits for a line on stdin, then runs phases given as {@code
 * busy:MILLIS} (one thread spinning) and {@code idle:MILLIS} (sleeping), printing each phase's name
 * as it starts.
 */
public final class CpuBurner {
  private CpuBurner() {}

  public static void main(String[] args) throws Exception {
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    long sink = 0;
    for (String phase : args) {
      String[] p = phase.split(":");
      long end = System.nanoTime() + Long.parseLong(p[1]) * 1_000_000;
      System.out.println(p[0]);
      System.out.flush();
      if (p[0].equals("busy")) {
        while (System.nanoTime() < end) {
          sink += Long.numberOfTrailingZeros(sink + end);
        }
      } else {
        Thread.sleep(Long.parseLong(p[1]));
      }
    }
    System.out.println(sink == 42 ? "done." : "done");
  }
}
