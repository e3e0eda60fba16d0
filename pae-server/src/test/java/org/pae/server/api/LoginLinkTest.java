package org.pae.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pae.core.model.Role;
import org.pae.server.auth.Principal;

/** The one-time login link that {@code pae run} prints: it works once, with a working token. */
class LoginLinkTest {
  private static Fixture f;

  @BeforeAll
  static void start() {
    f = new Fixture(6, 3);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void theLinkLogsInOnceWithATokenThatReadsTheApi() {
    String path = f.server.loginPath(new Principal("operator", Optional.of(Role.ADMIN)));
    Fixture.Reply first = f.get(path, null);
    assertThat(first.status()).isEqualTo(303);
    assertThat(first.headers().get("cache-control")).containsExactly("no-store");
    String location = first.headers().get("location").getFirst();
    assertThat(location).startsWith("/dashboard/#token=pae_");
    String token = location.substring(location.indexOf("token=") + 6);
    assertThat(f.get("/api/v1/workloads", token).status()).isEqualTo(200);

    Fixture.Reply again = f.get(path, null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("used already").doesNotContain("pae_");
  }

  @Test
  void anUnknownCodeIsRefused() {
    assertThat(f.get("/login/not-a-code", null).status()).isEqualTo(404);
  }
}
