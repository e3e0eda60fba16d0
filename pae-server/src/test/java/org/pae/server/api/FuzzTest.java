package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Account;
import org.pae.core.model.Criticality;
import org.pae.server.demo.SyntheticFleet;

/**
 * Over 10,000 malformed requests on loopback — wrong types, huge bodies, broken JSON, path tricks,
 * unknown members, wrong methods and media types, raw broken HTTP — with valid tokens of every
 * role: never a 5xx, and nothing steered, granted or issued. Seeded, so a failure replays.
 */
class FuzzTest {
  /** Bodies above the server's limit, which it may refuse by closing the connection. */
  private static final int TOO_LARGE = 16 * 1024;

  /** The status counted for a request the server refused by closing the connection. */
  private static final int CLOSED = 0;

  private static final int HTTP_REQUESTS = 9_000;
  private static final int RAW_REQUESTS = 1_500;

  private static final String[] FIELDS = {
    "resource",
    "allocation",
    "until",
    "ttl",
    "from",
    "factor",
    "threshold",
    "reductionThreshold",
    "headroom",
    "riskBudget",
    "leadTime",
    "min",
    "max",
    "principal",
    "roles",
    "memory",
    "cpu"
  };
  private static final String[] WRONG = {
    "\"\"",
    "\"memory\"",
    "[]",
    "[1,2]",
    "{}",
    "{\"a\":{}}",
    "true",
    "false",
    "1e999",
    "-1e999",
    "\"NaN\"",
    "-1",
    "0",
    "1e308",
    "\"2026-13-45T99:99:99Z\"",
    "\"P1D\"",
    "\"\\u0000\"",
    "\"" + "x".repeat(5000) + "\"",
    "123456789012345678901234567890",
    "\"admin\"",
    "-0.0"
  };

  private final SplittableRandom random = new SplittableRandom(20260302);

  private <T> T pick(T[] a) {
    return a[random.nextInt(a.length)];
  }

  /** A body that is always invalid: it carries at least one unknown member or wrong value. */
  private String badBody() {
    return switch (random.nextInt(9)) {
      case 0 ->
          "{\"" + pick(FIELDS) + "\":" + pick(WRONG) + ",\"unknown" + random.nextInt(100) + "\":1}";
      case 1 -> "{\"" + pick(FIELDS) + "\":" + pick(WRONG); // truncated
      case 2 -> "[".repeat(2000 + random.nextInt(3000));
      case 3 ->
          "{\"resource\":\"memory\",\"allocation\":1,\"ttl\":60,\"extra\":" + pick(WRONG) + "}";
      case 4 -> "{\"x\":\"" + "a".repeat(17_000 + random.nextInt(100_000)) + "\"}";
      case 5 -> randomBytes();
      case 6 -> "{\"" + pick(FIELDS) + "\":" + pick(WRONG) + "}}garbage";
      case 7 -> "{\"principal\":" + pick(WRONG) + ",\"roles\":" + pick(WRONG) + ",\"zz\":0}";
      default -> "\"just a string\"";
    };
  }

  private String randomBytes() {
    StringBuilder b = new StringBuilder();
    int n = 1 + random.nextInt(200);
    for (int i = 0; i < n; i++) {
      b.append((char) (random.nextInt(0x20, 0x7f)));
    }
    return "{" + b;
  }

  private String trickyId(String real) {
    return switch (random.nextInt(10)) {
      case 0 -> "..%2F..%2Fetc%2Fpasswd";
      case 1 -> "%2e%2e";
      case 2 -> "x".repeat(1 + random.nextInt(6000));
      case 3 -> real + "%00";
      case 4 -> real.toUpperCase(java.util.Locale.ROOT);
      case 5 -> "%E2%98%83" + real;
      case 6 -> real + "%20";
      case 7 -> "%25%32%65";
      case 8 -> real + ";jsessionid=1";
      default -> Fixture.enc(real + "'\"<script>");
    };
  }

  @Test
  void malformedRequestsNeverFailTheServerNorChangeItsState() throws Exception {
    try (Fixture f = new Fixture(30, 20)) {
      final long before = f.fleet.steering().version();
      long version = before;
      int tokenCount = f.tokens.size();
      Map<String, Account> accounts = accounts(f);
      String[] tokens = {
        f.admin, f.acmeOperator, f.acmeViewer, f.globexOperator, null, "pae_forged", "Basic abc"
      };
      String normal = f.workloadOf(SyntheticFleet.ACME, Criticality.NORMAL);
      String critical = f.workloadOf(SyntheticFleet.ACME, Criticality.CRITICAL);
      String globex = f.workloadOf(SyntheticFleet.GLOBEX, Criticality.NORMAL);
      String[] ids = {normal, critical, globex};
      String[] steer = {"policy", "pins", "hints", "preallocations", "pause", "resume"};
      String[] types = {
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin1",
        null
      };
      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < HTTP_REQUESTS; i++) {
        String token = pick(tokens);
        String id = random.nextInt(4) == 0 ? trickyId(pick(ids)) : Fixture.enc(pick(ids));
        String w = "/api/v1/workloads/" + id;
        String method;
        String path;
        String body = null;
        String type = null;
        switch (random.nextInt(7)) {
          case 0, 1, 2 -> {
            String s = pick(steer);
            method = s.equals("policy") ? "PUT" : "POST";
            path = w + "/" + s;
            body = badBody();
            type = random.nextInt(5) == 0 ? pick(types) : "application/json";
          }
          case 3 -> {
            method = "PUT";
            path =
                "/api/v1/accounts/"
                    + (random.nextBoolean() ? "acme" : trickyId("globex"))
                    + (random.nextBoolean() ? "/quotas" : "/policy");
            body = badBody();
            type = "application/json";
          }
          case 4 -> {
            method = "POST";
            path = "/api/v1/tokens";
            body = badBody();
            type = "application/json";
          }
          case 5 -> {
            method = pick(new String[] {"GET", "DELETE", "PATCH", "PUT", "OPTIONS", "HEAD"});
            path =
                pick(
                    new String[] {
                      w,
                      w + "/pins/" + random.nextInt(-5, 1_000_000),
                      w + "/hints/x",
                      w + "/forecast?resource=" + pick(WRONG).replace("\"", ""),
                      "/api/v1/workloads?limit=" + pick(WRONG).replace("\"", "")
                    });
            if (method.equals("PUT") || method.equals("PATCH")) {
              body = badBody();
              type = "application/json";
            }
          }
          default -> {
            method = "GET";
            path =
                pick(
                    new String[] {
                      w
                          + "/history?resource=memory&from="
                          + pick(WRONG).replace("\"", "")
                          + "&step="
                          + pick(WRONG).replace("\"", ""),
                      w + "/decisions?limit=-" + random.nextInt(9),
                      "/api/v1/decisions?account=" + id + "&limit=" + random.nextInt(-10, 5000),
                      "/api/v1/workloads?kind=" + id,
                      "/api/v1/me?x=" + id,
                      "/dashboard/../../etc/passwd",
                      "/webjars/../openapi.yaml"
                    });
          }
        }
        Fixture.Reply r;
        try {
          r = f.send(method, path, token, type, body);
        } catch (IllegalArgumentException e) {
          continue; // the client itself refused to send it (an invalid URI): nothing reached us
        } catch (java.io.UncheckedIOException e) {
          if (body != null && body.length() > TOO_LARGE && f.get("/health", null).status() == 200) {
            // Jetty answers an oversized body with 413 and closes before reading it; a client
            // still writing then sees a reset instead of the answer. The server is fine: go on.
            statuses.merge(CLOSED, 1, Integer::sum);
            continue;
          }
          failures.add(
              method
                  + " "
                  + path.substring(0, Math.min(100, path.length()))
                  + ": "
                  + e.getMessage());
          continue;
        }
        statuses.merge(r.status(), 1, Integer::sum);
        if (f.fleet.steering().version() != version) {
          failures.add(
              "state changed by " + method + " " + path + " " + body + " -> " + r.status());
          version = f.fleet.steering().version();
        }
        if (r.status() >= 500) {
          failures.add(method + " " + path + " -> " + r.status() + " " + r.body());
        }
      }
      int raw = rawRequests(f, statuses, failures);
      assertThat(failures).as("5xx answers").isEmpty();
      int total = statuses.values().stream().mapToInt(Integer::intValue).sum();
      assertThat(total).as("requests answered (%s)", statuses).isGreaterThanOrEqualTo(10_000);
      assertThat(raw).isGreaterThan(1000);
      assertThat(f.fleet.steering().version()).as("steering changes").isEqualTo(before);
      assertThat(f.tokens.size()).as("tokens").isEqualTo(tokenCount);
      assertThat(accounts(f)).isEqualTo(accounts);
      assertThat(f.get("/api/v1/me", f.admin).status()).isEqualTo(200);
    }
  }

  private static Map<String, Account> accounts(Fixture f) {
    Map<String, Account> m = new TreeMap<>();
    f.fleet.steering().accounts().forEach(a -> m.put(a.id().value(), a));
    return m;
  }

  /** Requests no HTTP client would send: broken request lines, paths, encodings and headers. */
  private int rawRequests(Fixture f, Map<Integer, Integer> statuses, List<String> failures)
      throws IOException {
    String[] lines = {
      "GET /api/v1/workloads/../../../etc/passwd HTTP/1.1",
      "GET /api/v1/workloads/%zz HTTP/1.1",
      "GET /api/v1/workloads/%2F%2F HTTP/1.1",
      "GET //api//v1//me HTTP/1.1",
      "GET /api/v1/workloads/\u00e9 HTTP/1.1",
      "POST /api/v1/tokens HTTP/1.1",
      "GET /api/v1/me?%00=%00 HTTP/1.1",
      "GET /api/v1/workloads/a%00b HTTP/1.1",
      "GET /api/v1/workloads/..;/..;/me HTTP/1.1",
      "PUT /api/v1/accounts/acme/quotas HTTP/1.1",
      "GET /" + "a".repeat(9000) + " HTTP/1.1",
      "BREW /api/v1/me HTTP/1.1",
    };
    String[] headers = {
      "Authorization: Bearer " + f.admin,
      "Authorization: Bearer " + f.acmeOperator,
      "Authorization: Bearer",
      "Authorization: " + "x".repeat(10_000),
      "Content-Type: application/json\r\nContent-Length: 5",
      "Content-Length: -1",
      "Content-Length: 99999999999999999999",
      "Transfer-Encoding: chunked\r\nContent-Type: application/json",
      "Content-Type: application/json\r\nContent-Length: 10",
    };
    int sent = 0;
    for (int i = 0; i < RAW_REQUESTS; i++) {
      String request =
          pick(lines)
              + "\r\nHost: 127.0.0.1\r\n"
              + pick(headers)
              + "\r\nConnection: close\r\n\r\n"
              + (random.nextBoolean() ? "{\"memory\":" : "zz\r\n{}\r\n0\r\n\r\n");
      try (Socket s = new Socket("127.0.0.1", f.server.port())) {
        s.setSoTimeout(5000);
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        s.shutdownOutput();
        InputStream in = s.getInputStream();
        String head = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
        if (head.startsWith("HTTP/1.1 ")) {
          int status = Integer.parseInt(head.substring(9, 12));
          statuses.merge(status, 1, Integer::sum);
          if (status >= 500) {
            failures.add(request.substring(0, Math.min(200, request.length())) + " -> " + head);
          }
        }
        sent++;
      } catch (java.net.SocketTimeoutException e) {
        failures.add(
            "no answer within 5 s to " + request.substring(0, Math.min(120, request.length())));
      }
    }
    return sent;
  }
}
