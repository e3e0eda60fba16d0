package org.pae.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Optional;
import org.pae.core.model.Role;
import org.pae.server.api.ApiServer;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;

/**
 * Serves the daemon's API, {@code /metrics} and dashboard on {@code --listen}. The host's operator
 * gets an admin token in every account, kept in {@code <data-dir>/api-token} (mode 600, made on
 * first start): the server holds only its hash and never prints it.
 */
final class ApiListener {
  /** The principal of the token in the token file. */
  static final String OPERATOR = "operator";

  private ApiListener() {}

  /**
   * Starts the server unless {@code listen} is {@code off}, and prints where, with a one-time login
   * link for the dashboard. {@code listen} is {@code HOST:PORT} or a port alone (on 127.0.0.1).
   *
   * @throws IllegalArgumentException when {@code listen} is malformed or the server cannot listen
   *     there (a port in use): the engine does not start without the API it was asked to serve
   */
  static Optional<ApiServer> start(
      String listen, Daemon daemon, Path dataDir, InstantSource clock, PrintWriter err)
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
        new ApiServer(daemon.state(), daemon.steering(), tokens, daemon.state().metrics(), clock);
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
    String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    err.println(
        "pae: API, /metrics and the dashboard on " + base + "/ (admin token in " + tokenFile + ")");
    err.println(
        "pae: open the dashboard (this link logs in once): " + base + server.loginPath(operator));
    err.flush();
    return Optional.of(server);
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
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!token.startsWith(TokenStore.PREFIX)) {
        throw new IllegalArgumentException(
            file + " does not hold an API token (pae_...); delete it to have a new one made");
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
