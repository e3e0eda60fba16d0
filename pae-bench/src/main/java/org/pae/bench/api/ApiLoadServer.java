package org.pae.bench.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.pae.core.model.Role;
import org.pae.core.model.Workload;
import org.pae.server.api.ApiServer;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;
import org.pae.server.demo.SyntheticFleet;

/**
 * The server side of the API load benchmark ({@code pae-bench/api-load.sh}): the real control loop
 * over a synthetic fleet of N workloads (memory and CPU each), ticked a few times so every series
 * has a forecast, behind the real API server on loopback. Writes the admin token and the workload
 * ids into DIR for the load generator, then serves until killed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.pae.bench.api.ApiLoadServer WORKLOADS PORT DIR}
 */
public final class ApiLoadServer {
  private ApiLoadServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: ApiLoadServer WORKLOADS PORT DIR");
      System.exit(2);
    }
    int n = Integer.parseInt(args[0]);
    int port = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    long start = System.nanoTime();
    SyntheticFleet fleet = new SyntheticFleet(n, 1, Instant.parse("2026-03-02T08:00:00Z"), 16);
    fleet.advance(12);
    long built = System.nanoTime();
    TokenStore tokens = new TokenStore();
    String token = tokens.issue(new Principal("bench", Optional.of(Role.VIEWER)));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("token"), token, StandardCharsets.UTF_8);
    StringBuilder ids = new StringBuilder();
    for (Workload w : fleet.workloads()) {
      ids.append(w.id().value()).append('\n');
    }
    Files.writeString(dir.resolve("ids"), ids, StandardCharsets.UTF_8);
    ApiServer server =
        new ApiServer(fleet.live(), fleet.steering(), tokens, fleet.metrics(), fleet::now)
            .start("127.0.0.1", port);
    System.err.printf(
        "api-load: %d workloads, %d series, 12 ticks in %.1f s; serving on 127.0.0.1:%d%n",
        n,
        fleet.live().snapshot().workloads().values().stream()
            .mapToInt(v -> v.series().size())
            .sum(),
        (built - start) / 1e9,
        server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    new CountDownLatch(1).await();
  }
}
