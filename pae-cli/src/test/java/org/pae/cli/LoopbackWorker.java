package org.pae.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A child process for the anomaly kernel tests, run in a network namespace of its own (so that its
 * cgroup's traffic is its own): holds a fixed block of memory, does a fixed amount of work and
 * sends a fixed number of bytes to itself over a loopback TCP connection every 100 ms, so that its
 * usage does not depend on how loaded the machine is. At each line on stdin it switches between
 * that steady pace and mining: one thread spinning and the sender sending as fast as it can, with a
 * pause of 1 ms between writes.
 *
 * <p>Arguments: MiB held, work units per 100 ms (each some 10^5 arithmetic steps), bytes sent per
 * 100 ms.
 */
public final class LoopbackWorker {
  private LoopbackWorker() {}

  private static volatile boolean mining;
  private static volatile long sink;

  public static void main(String[] args) throws Exception {
    long held = Long.parseLong(args[0]) << 20;
    int work = Integer.parseInt(args[1]);
    int bytes = Integer.parseInt(args[2]);
    MemorySegment block = Arena.global().allocate(Math.max(held, 4096), 4096);
    block.fill((byte) 1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket out = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket in = server.accept()) {
      Thread.ofPlatform().daemon().start(() -> drain(in));
      Thread.ofPlatform().daemon().start(LoopbackWorker::spinWhileMining);
      Thread.ofPlatform().daemon().start(() -> send(out, bytes, work));
      BufferedReader stdin =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (stdin.readLine() != null) {
        mining = !mining;
      }
    }
  }

  private static void send(Socket socket, int bytes, int work) {
    byte[] chunk = new byte[8192];
    try {
      OutputStream out = socket.getOutputStream();
      long next = System.nanoTime();
      while (true) {
        if (mining) {
          out.write(chunk);
          Thread.sleep(1);
          continue;
        }
        sink += work(work);
        for (int left = bytes; left > 0; left -= chunk.length) {
          out.write(chunk, 0, Math.min(left, chunk.length));
        }
        next += 100_000_000L;
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      }
    } catch (Exception e) {
      System.exit(3);
    }
  }

  private static void spinWhileMining() {
    while (true) {
      if (mining) {
        sink += work(1);
      } else {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Some 10^5 arithmetic steps per unit. */
  static long work(int units) {
    long x = sink;
    for (long i = 0; i < 100_000L * units; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
    }
    return x;
  }

  private static void drain(Socket socket) {
    byte[] buffer = new byte[65536];
    try (InputStream in = socket.getInputStream()) {
      while (in.read(buffer) >= 0) {
        // What is sent is only counted by the kernel.
      }
    } catch (Exception e) {
      System.exit(4);
    }
  }
}
