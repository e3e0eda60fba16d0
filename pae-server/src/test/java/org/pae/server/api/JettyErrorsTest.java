package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Jetty refuses before any route sees it — a malformed URI or header, a URI or headers too
 * large — and a method a known path does not take: each a problem document of the API's own shape,
 * over a real socket to the real server (the JDK's client would refuse to send most of these).
 */
class JettyErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Fixture f;

  @BeforeAll
  static void start() {
    f = new Fixture(4, 3);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  record Raw(int status, Map<String, String> headers, String body) {}

  /** Sends {@code head} (request line and headers, no blank line) and reads the whole answer. */
  private static Raw send(String head) throws IOException {
    try (Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              (head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      assertThat(end).as("a whole answer: %s", answer).isPositive();
      String[] lines = answer.substring(0, end).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      String body = answer.substring(end + 4);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = dechunk(body);
      }
      return new Raw(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
    }
  }

  private static String dechunk(String chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString(StandardCharsets.UTF_8);
      }
      out.writeBytes(chunked.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.UTF_8));
      at = eol + 2 + size + 2;
    }
  }

  /** The answer is a problem document of {@code status} with every member the API's have. */
  private static JsonNode assertProblem(Raw r, int status, String title) throws IOException {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().get("content-type")).isEqualTo("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("type").asText()).isEqualTo("about:blank");
    assertThat(p.get("title").asText()).isEqualTo(title);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).isNotBlank();
    if (p.has("instance")) {
      assertThat(p.get("instance").asText()).as("a path the client asked for").startsWith("/");
    }
    return p;
  }

  @Test
  void aMalformedUriIsABadRequestDocument() throws IOException {
    JsonNode p = assertProblem(send("GET /api/v1/workloads/%zz HTTP/1.1"), 400, "Bad request");
    assertThat(p.get("detail").asText()).startsWith("the request is malformed");
    // Jetty answers it through a stand-in request of its own at /badMessage, which it once named.
    assertThat(p.has("instance")).as("no path but the client's: %s", p).isFalse();
  }

  @Test
  void aMalformedHeaderIsABadRequestDocument() throws IOException {
    assertProblem(send("GET /health HTTP/1.1\r\nNo colon in this header"), 400, "Bad request");
  }

  @Test
  void aUriTooLongIs414() throws IOException {
    JsonNode p =
        assertProblem(
            send("GET /api/v1/workloads/" + "a".repeat(20_000) + " HTTP/1.1"), 414, "URI too long");
    assertThat(p.get("detail").asText()).startsWith("the request's URI is longer");
  }

  @Test
  void headersTooLargeAre431() throws IOException {
    JsonNode p =
        assertProblem(
            send("GET /health HTTP/1.1\r\nX-Padding: " + "p".repeat(20_000)),
            431,
            "Headers too large");
    assertThat(p.get("detail").asText()).startsWith("the request's headers are larger");
  }

  @Test
  void aMethodAKnownPathDoesNotTakeIs405() throws IOException {
    for (String method : new String[] {"DELETE", "PATCH", "FOO"}) {
      Raw r = send(method + " /api/v1/workloads HTTP/1.1\r\nAuthorization: Bearer " + f.admin);
      JsonNode p = assertProblem(r, 405, "Method not allowed");
      assertThat(p.get("instance").asText()).as(method).isEqualTo("/api/v1/workloads");
      assertThat(p.get("detail").asText())
          .as(method)
          .startsWith(method + " is not a method of this path");
    }
  }

  @Test
  void anUnknownPathIsStill404() throws IOException {
    assertProblem(
        send("GET /api/v1/nothing-here HTTP/1.1\r\nAuthorization: Bearer " + f.admin),
        404,
        "Not found");
  }
}
