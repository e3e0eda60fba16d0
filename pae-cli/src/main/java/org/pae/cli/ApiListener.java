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
   * Starts the server unless {@code listen} is {@code off}; a port already in use is reported and
   * the engine runs on without it.
   */
  static Optional<ApiServer> start(
      String listen, Daemon daemon, Path dataDir, InstantSource clock, PrintWriter err)
      throws IOException {
    if (listen.equals("off")) {
      return Optional.empty();
    }
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen must be HOST:PORT or off: " + listen);
    }
    String host = listen.substring(0, colon).replace("[", "").replace("]", "");
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--listen port must be a number: " + listen);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--listen port must be in [0, 65535]: " + listen);
    }
    TokenStore tokens = new TokenStore(daemon.operatorState());
    Path tokenFile = dataDir.resolve("api-token");
    tokens.add(operatorToken(tokenFile), new Principal(OPERATOR, Optional.of(Role.ADMIN)));
    ApiServer server =
        new ApiServer(daemon.state(), daemon.steering(), tokens, daemon.state().metrics(), clock);
    try {
      server.start(host, port);
    } catch (RuntimeException e) {
      err.println(
          "pae: not serving the API on "
              + listen
              + " ("
              + e.getMessage()
              + "); choose another with --listen HOST:PORT");
      return Optional.empty();
    }
    String shown = host.contains(":") ? "[" + host + "]" : host;
    err.println(
        "pae: API, /metrics and the dashboard on http://"
            + shown
            + ":"
            + server.port()
            + "/ (admin token in "
            + tokenFile
            + ")");
    return Optional.of(server);
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
