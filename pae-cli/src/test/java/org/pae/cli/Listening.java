package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a {@code pae run --listen 0} started in the test's JVM says it listens. */
final class Listening {
  private static final Pattern AT = Pattern.compile("on http://(127\\.0\\.0\\.1:\\d+)/");

  private Listening() {}

  /**
   * The {@code 127.0.0.1:port} the run printed on {@code err}, waiting up to {@code tries} × 50 ms
   * for it; fails the test with what it printed otherwise.
   */
  static String address(StringWriter err, int tries) throws InterruptedException {
    Matcher m = AT.matcher("");
    for (int i = 0; i < tries && !m.find(); i++) {
      Thread.sleep(50);
      m = AT.matcher(err.toString());
    }
    assertThat(m.find(0)).as(err.toString()).isTrue();
    return m.group(1);
  }
}
