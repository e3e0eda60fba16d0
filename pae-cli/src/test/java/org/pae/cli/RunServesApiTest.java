package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pae run} serves the API, /metrics and the dashboard while its loop runs. */
class RunServesApiTest {
  @TempDir Path dir;

  @Test
  void theRunningEngineAnswersOnItsListenPortWithTheTokenFromItsDataDirAndALoginLink()
      throws Exception {
    Path settings = dir.resolve("s.properties");
    Files.writeString(
        settings, "host.observe-cgroups = false\nhost.network = false\nloop.interval = 200ms\n");
    Path data = dir.resolve("data");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter()));
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "run",
                    "--settings",
                    settings.toString(),
                    "--data-dir",
                    data.toString(),
                    "--listen",
                    "0",
                    "--iterations",
                    "40"));
    String base = "http://" + Listening.address(err, 200);
    Path tokenFile = data.resolve("api-token");
    assertThat(Files.getPosixFilePermissions(tokenFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String token = Files.readString(tokenFile).trim();

    HttpClient http = HttpClient.newHttpClient();
    String body = "";
    for (int i = 0; i < 100 && !body.contains("\"series\":[{"); i++) {
      Thread.sleep(100);
      body =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/api/v1/workloads?limit=5"))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    }
    assertThat(body).contains("\"kind\":\"process\"").contains("\"forecast\":");
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics).contains("pae_tick_duration_seconds_count").contains("pae_decisions_total");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/dashboard/")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/workloads")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    Matcher link =
        Pattern.compile("logs in once\\): (http://127\\.0\\.0\\.1:\\d+/login/\\S+)")
            .matcher(err.toString());
    assertThat(link.find()).as(err.toString()).isTrue();
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(link.group(1))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(303);
    String issued = login.headers().firstValue("location").orElseThrow().replaceAll(".*token=", "");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/me"))
                        .header("Authorization", "Bearer " + issued)
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(run.get()).isZero();
    assertThat(err.toString()).doesNotContain(token).doesNotContain(issued);
  }

  /** Runs {@code pae run} with {@code listen} for one interval; returns its exit and stderr. */
  private record Refusal(int code, String err) {}

  private Refusal runOnce(String listen) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter()));
    int code =
        cli.execute(
            "run",
            "--data-dir",
            dir.resolve("data").toString(),
            "--listen",
            listen,
            "--iterations",
            "1");
    return new Refusal(code, err.toString());
  }

  @Test
  void aPortInUseStopsTheEngineWithAClearErrorAndANonZeroExit() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Refusal r = runOnce("127.0.0.1:" + taken.getLocalPort());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .contains("refusing to start: cannot serve the API on 127.0.0.1:" + taken.getLocalPort())
          .contains("--listen");
    }
  }

  @Test
  void aMalformedListenAddressIsRefused() {
    Refusal r = runOnce("localhost:http");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--listen must be HOST:PORT, PORT or off: localhost:http");
  }
}
