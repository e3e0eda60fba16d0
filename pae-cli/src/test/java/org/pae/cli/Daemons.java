package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pae run} as a real child JVM, the way an operator runs it: started on a free port with its
 * data directory, talked to over HTTP with the admin token from its token file, killed with
 * SIGKILL.
 */
final class Daemons {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern AT = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/");

  final Process process;
  final String base;
  final String token;
  final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private Daemons(Process process, String base, String token, Path log) {
    this.process = process;
    this.base = base;
    this.token = token;
    this.log = log;
  }

  /** Starts {@code pae run} with these settings and data directory; returns once it serves. */
  static Daemons start(Path settings, Path data, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "org.pae.cli.Main",
                "run",
                "--settings",
                settings.toString(),
                "--data-dir",
                data.toString(),
                "--listen",
                "127.0.0.1:0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Matcher m = AT.matcher("");
    for (int i = 0; i < 1200 && !m.find(); i++) {
      assertThat(p.isAlive()).as("pae run exited: %s", Files.readString(log)).isTrue();
      Thread.sleep(50);
      m = AT.matcher(Files.readString(log));
    }
    assertThat(m.find(0)).as(Files.readString(log)).isTrue();
    String token = Files.readString(data.resolve("api-token")).trim();
    return new Daemons(p, "http://127.0.0.1:" + m.group(1), token, log);
  }

  /** SIGKILL, as a crash or an OOM kill would: nothing of the daemon's own shutdown runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  static String path(String workload) {
    return "/api/v1/workloads/" + URLEncoder.encode(workload, StandardCharsets.UTF_8);
  }

  record Reply(int status, JsonNode body) {}

  Reply send(String method, String path, String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + bearer);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
  }

  /** The admin's answer, which must be one of {@code ok}. */
  JsonNode call(String method, String path, String body, Integer... ok)
      throws IOException, InterruptedException {
    Reply r = send(method, path, token, body);
    assertThat(List.of(ok))
        .as("%s %s -> %s %s", method, path, r.status(), r.body())
        .contains(r.status());
    return r.body();
  }

  /** Waits until the engine shows {@code workload} (its first tick has run). */
  JsonNode awaitWorkload(String workload) throws Exception {
    for (int i = 0; i < 600; i++) {
      Reply r = send("GET", path(workload), token, null);
      if (r.status() == 200) {
        return r.body();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(workload + " never appeared: " + Files.readString(log));
  }
}
