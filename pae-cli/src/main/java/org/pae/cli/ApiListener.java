package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.pae.core.model.Role;
import org.pae.core.tier.TierStatus;
import org.pae.live.LiveEngine;
import org.pae.server.api.ApiServer;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;

/**
 * Serves the daemon's API, {@code /metrics} and dashboard on {@code --listen}. The host's operator
 * gets an admin token in every account, kept in {@code <data-dir>/api-token} (mode 600, made on
 * first start): the server holds only its hash and never prints it. A token file open to other
 * users, or holding a token too short to be secret, is refused with how to fix it.
 */
final class ApiListener {
  /** The principal of the token in the token file. */
  static final String OPERATOR = "operator";

  /**
   * The fewest characters after {@code pae_} a token file may hold: 32 base64 characters are 192
   * bits (a token PAE makes has 43, 256 bits).
   */
  static final int SHORTEST_SECRET = 32;

  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private ApiListener() {}

  /**
   * Makes the data directory, mode 700, where it is not there; says so where one that exists is
   * open to other users (it may be shared, so it is not changed).
   */
  static void prepareDataDir(Path dir, PrintWriter err) throws IOException {
    if (!Files.exists(dir)) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return;
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
    if (!Collections.disjoint(mode, OTHERS)) {
      err.println(
          "pae: the data directory "
              + dir
              + " is open to other users (mode "
              + PosixFilePermissions.toString(mode)
              + "); chmod 700 it unless it is shared on purpose");
      err.flush();
    }
  }

  /**
   * Starts the server unless {@code listen} is {@code off}, and prints where, with a one-time login
   * link for the dashboard. {@code listen} is {@code HOST:PORT} or a port alone (on 127.0.0.1).
   *
   * @throws IllegalArgumentException when {@code listen} is malformed or the server cannot listen
   *     there (a port in use): the engine does not start without the API it was asked to serve
   */
  static Optional<ApiServer> start(
      String listen,
      LiveEngine daemon,
      Path dataDir,
      InstantSource clock,
      PrintWriter err,
      Supplier<Optional<TierStatus>> tiers)
      throws IOException {
    if (listen.equals("off")) {
      return Optional.empty();
    }
    int colon = listen.lastIndexOf(':');
    String host =
        colon < 0 ? "127.0.0.1" : listen.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen must be HOST:PORT, PORT or off: " + listen);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen port must be in [0, 65535]: " + listen);
    }
    TokenStore tokens = new TokenStore(daemon.operatorState());
    Path tokenFile = dataDir.resolve("api-token");
    Principal operator = new Principal(OPERATOR, Optional.of(Role.ADMIN));
    tokens.add(operatorToken(tokenFile), operator);
    ApiServer server =
        new ApiServer(
            daemon.state(),
            daemon.steering(),
            tokens,
            daemon.state().metrics(),
            clock,
            tiers,
            daemon.fleet());
    try {
      server.start(host, port);
    } catch (RuntimeException e) {
      server.close();
      throw new IllegalArgumentException(
          "cannot serve the API on "
              + host
              + ":"
              + port
              + " ("
              + rootCause(e)
              + "); is another pae run (or another server) on that port? Choose another with"
              + " --listen HOST:PORT, or --listen off",
          e);
    }
    plainHttpToTheNetwork(host).ifPresent(err::println);
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    err.println(
        "pae: API, /metrics and the dashboard on " + base + "/ (admin token in " + tokenFile + ")");
    err.println(
        "pae: open the dashboard (this link logs in once): " + base + server.loginPath(operator));
    err.flush();
    return Optional.of(server);
  }

  /**
   * What to say when {@code host} is not a loopback address: the API is plain HTTP, so its tokens
   * would cross the network in the clear. A host name other than localhost counts as the network
   * (it is not resolved here).
   */
  static Optional<String> plainHttpToTheNetwork(String host) {
    boolean loopback = host.equalsIgnoreCase("localhost");
    if (!loopback && (host.contains(":") || host.matches("[0-9.]+"))) {
      try {
        loopback = java.net.InetAddress.getByName(host).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        loopback = false;
      }
    }
    return loopback
        ? Optional.empty()
        : Optional.of(
            "pae: WARNING: serving plain HTTP on "
                + host
                + ", beyond this host: API tokens cross the network in the clear. Listen on"
                + " 127.0.0.1 behind a TLS reverse proxy (see docs/operations.md)");
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String operatorToken(Path file) throws IOException {
    if (Files.exists(file)) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!Collections.disjoint(mode, OTHERS)) {
        throw new IllegalArgumentException(
            file
                + " is open to other users (mode "
                + PosixFilePermissions.toString(mode)
                + "), so its admin token may be known: delete it to have a new one made, or"
                + " chmod 600 it if no one else can have read it");
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!token.startsWith(TokenStore.PREFIX)) {
        throw new IllegalArgumentException(
            file + " does not hold an API token (pae_...); delete it to have a new one made");
      }
      int secret = token.length() - TokenStore.PREFIX.length();
      if (secret < SHORTEST_SECRET) {
        throw new IllegalArgumentException(
            file
                + " holds a token too short to be secret ("
                + secret
                + " characters after pae_, at least "
                + SHORTEST_SECRET
                + "): delete it to have a new one made");
      }
      return token;
    }
    Files.createDirectories(file.getParent());
    String token = TokenStore.newToken();
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
    return token;
  }
}
