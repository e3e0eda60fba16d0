package org.pae.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pae.core.fleet.FleetMember;
import org.pae.core.tier.TierStatus;
import org.pae.server.auth.Principal;
import org.pae.server.auth.TokenStore;
import org.pae.server.metrics.EngineMetrics;
import org.pae.server.state.EngineView;
import org.pae.server.steer.InvalidSteeringException;
import org.pae.server.steer.LiveSteering;
import org.pae.server.steer.NotSavedException;
import org.pae.server.steer.UnusedSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the daemon: {@code /api/v1} (contract: {@code /openapi.yaml}, kept in this
 * module's resources), {@code /metrics} for Prometheus and the dashboard at {@code /dashboard/}.
 * Errors are RFC 9457 problem documents. Nothing a client sends — least of all a token — is logged.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final String PROBLEM = "application/problem+json";

  private final Javalin app;
  private final Api api;
  private final EngineMetrics metrics;
  private final byte[] openapi;
  private final List<String> routes =
      new ArrayList<>(
          List.of("GET /health", "GET /openapi.yaml", "GET /metrics", "GET /login/{code}"));
  private final TokenStore tokens;
  private final Map<String, Principal> logins = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  public ApiServer(
      EngineView engine,
      LiveSteering steering,
      TokenStore tokens,
      EngineMetrics metrics,
      InstantSource clock) {
    this(engine, steering, tokens, metrics, clock, Optional::empty);
  }

  /** A server that also shows the storage tiers' latest status ({@code /api/v1/tiers}). */
  public ApiServer(
      EngineView engine,
      LiveSteering steering,
      TokenStore tokens,
      EngineMetrics metrics,
      InstantSource clock,
      Supplier<Optional<TierStatus>> tiers) {
    this(engine, steering, tokens, metrics, clock, tiers, Optional.empty());
  }

  /**
   * A server that also answers the fleet-wide reads ({@code /api/v1/fleet/...}) of the fleet {@code
   * fleet} is a host of.
   */
  public ApiServer(
      EngineView engine,
      LiveSteering steering,
      TokenStore tokens,
      EngineMetrics metrics,
      InstantSource clock,
      Supplier<Optional<TierStatus>> tiers,
      Optional<FleetMember> fleet) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    // Trailing tokens after the body's JSON value are refused, not ignored ({"a":1}}garbage), and
    // so is a member given twice ({"min":1,"min":1e308}: which one would count?).
    ObjectMapper mapper =
        new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.api = new Api(engine, steering, tokens, clock, mapper, tiers, fleet);
    this.openapi = resource("/openapi.yaml");
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.maxRequestSize = Body.MAX_BYTES;
              // A known path asked with a method it does not take: 405, not 404.
              config.http.prefer405over404 = true;
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new ProblemErrorHandler()));
              config.staticFiles.add(
                  s -> {
                    s.hostedPath = "/dashboard";
                    s.directory = "/org/pae/server/dashboard";
                    s.location = Location.CLASSPATH;
                  });
              config.staticFiles.enableWebjars();
              config.routes.exception(
                  ApiException.class,
                  (e, ctx) ->
                      problem(ctx, e.status(), e.title(), e.getMessage(), e.field().orElse(null)));
              config.routes.exception(
                  NotSavedException.class,
                  (e, ctx) -> problem(ctx, 503, "Not saved", e.getMessage(), null));
              config.routes.exception(
                  UnusedSettingException.class,
                  (e, ctx) -> problem(ctx, 400, "Setting not used", e.getMessage(), e.field()));
              config.routes.exception(
                  InvalidSteeringException.class,
                  (e, ctx) -> problem(ctx, 422, "Invalid value", e.getMessage(), e.field()));
              config.routes.exception(
                  HttpResponseException.class,
                  (e, ctx) ->
                      problem(
                          ctx,
                          e.getStatus(),
                          title(e.getStatus()),
                          e.getStatus() == 405
                              ? ctx.method()
                                  + " is not a method of this path"
                                  + (e.getDetails().isEmpty()
                                      ? ""
                                      : "; it takes " + String.join(", ", e.getDetails().values()))
                              : e.getMessage(),
                          null));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    problem(ctx, 500, "Internal error", "the server failed; see its log", null);
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      problem(ctx, 404, "Not found", "no such resource: " + clip(ctx.path()), null);
                    }
                  });
              config.routes.get("/", ctx -> ctx.redirect("/dashboard/"));
              config.routes.get("/health", ctx -> api.json(ctx, 200, Map.of("status", "ok")));
              config.routes.get(
                  "/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openapi));
              config.routes.get(
                  "/metrics",
                  ctx ->
                      ctx.contentType(EngineMetrics.contentType()).result(this.metrics.scrape()));
              config.routes.get("/login/{code}", this::login);
              config.routes.before("/api/*", api::authenticate);
              String v1 = "/api/v1";
              String w = v1 + "/workloads/{id}";
              route(config, "GET", v1 + "/me", api::me);
              route(config, "GET", v1 + "/workloads", api::workloads);
              route(config, "GET", w, api::workload);
              route(config, "GET", w + "/forecast", api::forecast);
              route(config, "GET", w + "/decisions", api::workloadDecisions);
              route(config, "GET", w + "/history", api::history);
              route(config, "GET", w + "/steering", api::steeringOf);
              route(config, "PUT", w + "/policy", api::setWorkloadPolicy);
              route(config, "POST", w + "/pins", api::addPin);
              route(config, "POST", w + "/hints", api::addHint);
              route(config, "POST", w + "/preallocations", api::addPreAllocation);
              route(config, "DELETE", w + "/{kind}/{directive}", api::removeDirective);
              route(config, "POST", w + "/pause", api::pause);
              route(config, "POST", w + "/resume", api::resume);
              route(config, "GET", v1 + "/decisions", api::decisions);
              route(config, "GET", v1 + "/anomalies", api::anomalies);
              route(config, "GET", v1 + "/accounts", api::accounts);
              route(config, "PUT", v1 + "/accounts/{account}/quotas", api::setQuotas);
              route(config, "PUT", v1 + "/accounts/{account}/policy", api::setAccountPolicy);
              route(config, "POST", v1 + "/tokens", api::issueToken);
              route(config, "GET", v1 + "/tiers", api::tiers);
              route(config, "GET", v1 + "/fleet/hosts", api::fleetHosts);
              route(config, "GET", v1 + "/fleet/shares", api::fleetShares);
            });
  }

  private void route(
      io.javalin.config.JavalinConfig config, String method, String path, Handler h) {
    routes.add(method + " " + path);
    switch (method) {
      case "GET" -> config.routes.get(path, h);
      case "PUT" -> config.routes.put(path, h);
      case "POST" -> config.routes.post(path, h);
      case "DELETE" -> config.routes.delete(path, h);
      default -> throw new IllegalArgumentException(method);
    }
  }

  /**
   * A path ({@code /login/CODE}) that logs one browser into the dashboard as {@code principal}: the
   * first request spends the code, gets a new token for the principal and is sent on to the
   * dashboard with it; the code works once, so a link left in a terminal's scrollback is worth
   * nothing once used.
   */
  public String loginPath(Principal principal) {
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String code = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    logins.put(code, Objects.requireNonNull(principal, "principal"));
    return "/login/" + code;
  }

  private void login(Context ctx) {
    Principal p = logins.remove(ctx.pathParam("code"));
    ctx.header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer");
    if (p == null) {
      problem(
          ctx,
          404,
          "Not found",
          "this login link was used already or never issued: restart pae run for a new one, or"
              + " sign in with the token in <data-dir>/api-token",
          null);
      return;
    }
    ctx.status(HttpStatus.SEE_OTHER).header("Location", "/dashboard/#token=" + tokens.issue(p));
  }

  /** Starts listening; port 0 picks a free one (see {@link #port()}). */
  public ApiServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  /**
   * Every API route as {@code METHOD /path/{param}}: what the contract test holds to openapi.yaml.
   */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  private static void problem(Context ctx, int status, String title, String detail, String field) {
    if (status == 413) {
      // The rest of the body is not read: say so, or a client reuses a connection Jetty closes.
      ctx.header("Connection", "close");
    }
    ctx.status(status)
        .contentType(PROBLEM)
        .result(problemBody(status, title, detail, clip(ctx.path()), field));
  }

  /**
   * An RFC 9457 problem document, titled after its status; {@code instance} null where there is no
   * request path to name (a request too malformed to have one): the member is left out.
   */
  static byte[] problemBody(int status, String detail, String instance, String field) {
    return problemBody(
        status, title(status), detail, instance == null ? null : clip(instance), field);
  }

  private static byte[] problemBody(
      int status, String title, String detail, String instance, String field) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    if (instance != null) {
      p.put("instance", instance);
    }
    if (field != null) {
      p.put("field", field);
    }
    try {
      return new ObjectMapper().writeValueAsBytes(p);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 413 -> "Body too large";
      case 414 -> "URI too long";
      case 431 -> "Headers too large";
      default -> "Error " + status;
    };
  }

  private static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
