package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard end to end in headless Chromium (Debian's {@code chromium}, which {@code .ci/run}
 * installs): the page loads uPlot from the server's WebJar, reads the API with a viewer's token and
 * marks {@code body[data-charts-ready]} once both charts have drawn with data. Also saves a
 * screenshot to {@code target/dashboard.png}.
 */
class DashboardBrowserTest {
  private static Fixture f;
  private static Path chromium;

  @BeforeAll
  static void start() {
    chromium = findChromium();
    Assumptions.assumeTrue(
        chromium != null, "chromium is not installed (apt-get install -y chromium): skipped");
    f = new Fixture(40, 80);
  }

  @AfterAll
  static void stop() {
    if (f != null) {
      f.close();
    }
  }

  private static Path findChromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static String run(List<String> extra, String url)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("pae-chromium-");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1400,1500",
                "--virtual-time-budget=20000"));
    cmd.addAll(extra);
    cmd.add(url);
    Path out = Files.createTempFile("pae-chromium-", ".out");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    try (var walk = Files.walk(profile)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
    return dom;
  }

  @Test
  void chartsRenderWithDataAndTheTablesFill() throws Exception {
    String url = f.url("/dashboard/#token=" + f.acmeViewer);
    String dom = run(List.of("--dump-dom"), url);
    Matcher ready = Pattern.compile("data-charts-ready=\"(\\d+)\"").matcher(dom);
    assertThat(ready.find())
        .as("charts drew with data; DOM was:\n%s", dom.substring(0, Math.min(3000, dom.length())))
        .isTrue();
    assertThat(ready.group(1)).isEqualTo("2");
    Matcher points = Pattern.compile("data-chart-points=\"(\\d+)\"").matcher(dom);
    assertThat(points.find()).isTrue();
    assertThat(Integer.parseInt(points.group(1))).isGreaterThan(20);
    assertThat(dom).contains("class=\"uplot").contains("<canvas");
    assertThat(Pattern.compile("<tr data-id=\"acme-").matcher(dom).results().count()).isEqualTo(27);
    assertThat(dom).doesNotContain("data-id=\"globex-");
    assertThat(dom).containsPattern(" by [a-z/-]+ q0\\.");
    assertThat(dom).doesNotContain(f.acmeViewer);
  }

  @Test
  void aScreenshotShowsTheDashboard() throws Exception {
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Path png = target.resolve("dashboard.png");
    Files.deleteIfExists(png);
    run(List.of("--screenshot=" + png), f.url("/dashboard/#token=" + f.acmeViewer));
    assertThat(png).exists();
    assertThat(Files.size(png)).isGreaterThan(30_000);
  }
}
