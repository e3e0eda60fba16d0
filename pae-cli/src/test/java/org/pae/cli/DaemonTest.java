package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.assembly.Assembly;
import org.pae.core.forecast.ForecasterRegistry;
import org.pae.core.model.Resource;
import org.pae.core.model.WorkloadKind;
import org.pae.core.settings.Settings;
import org.pae.host.Cgroup;
import org.pae.host.CgroupHierarchy;
import org.pae.host.HostSettings;
import org.pae.live.KernelCgroups;
import org.pae.live.LiveEngine;
import picocli.CommandLine;

class DaemonTest {
  @TempDir Path dir;

  private static String[] run(Path settings, Path data, String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--settings", settings.toString()));
    args.addAll(List.of("--data-dir", data.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private int execute(StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void aBadSettingsFileRefusesToStartNamingTheKey() throws Exception {
    Map<String, String> bad =
        Map.of(
            "host.cgroupz = /a",
            "unknown setting 'host.cgroupz'",
            "host.enforce = memory, gpu",
            "host.enforce: PAE cannot enforce gpu",
            "actuator.attempts = 0",
            "actuator.attempts must be at least 1",
            "host.processes = yes",
            "host.processes = 'yes' is not a boolean; allowed: true, false",
            "history.refit-from-store = maybe",
            "history.refit-from-store = 'maybe' is not a boolean; allowed: true, false",
            "history.step = 5 minutes",
            "history.step = '5 minutes' is not a duration",
            "host.cgroups = /pae-no-such-cgroup-here",
            "host.cgroups: cgroup v1 /pae-no-such-cgroup-here does not exist");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Path file = dir.resolve("bad.properties");
      Files.writeString(file, e.getKey() + "\nhost.processes.pss = false\n");
      StringWriter err = new StringWriter();
      int code = execute(err, run(file, dir.resolve("data"), "--iterations", "1"));
      assertThat(code).as(e.getKey()).isEqualTo(2);
      assertThat(err.toString())
          .as(e.getKey())
          .contains("refusing to start")
          .contains(e.getValue());
    }
  }

  @Test
  void runsOneTickWritingItsHistoryAndARestartIsWarm() throws Exception {
    Path file = dir.resolve("ok.properties");
    Files.writeString(
        file, "host.observe-cgroups = false\nhost.network = true\nloop.interval = 200ms\n");
    Path data = dir.resolve("data");
    StringWriter err = new StringWriter();
    assertThat(execute(err, run(file, data, "--iterations", "3"))).as(err.toString()).isZero();
    assertThat(data.resolve("history.duckdb")).exists();

    ForecasterRegistry registry = ForecasterRegistry.standard();
    Map<String, String> o = Map.of("host.observe-cgroups", "false", "host.processes", "false");
    Settings s = Settings.load(o, registry);
    try (LiveEngine d =
        new LiveEngine(
            new Assembly(s, registry),
            LiveEngine.Options.of(
                HostSettings.from(o, 0.05),
                CgroupHierarchy.host(),
                Path.of("/proc"),
                data,
                m -> {}))) {
      assertThat(d.warmUp(Instant.now())).as("samples replayed from the first run").isPositive();
      assertThat(d.history().workloads()).anyMatch(w -> w.kind() == WorkloadKind.PROCESS);
      LiveEngine.Snapshot tick = d.tick(Instant.now());
      assertThat(tick.observations()).anyMatch(ob -> ob.resource() == Resource.NETWORK);
      assertThat(d.latest()).contains(tick);
      assertThat(tick.actuations()).allMatch(a -> a.status().name().equals("RECOMMENDED"));
    }
  }

  @Test
  void adoptsAProcessIntoACgroupOfItsOwnAndManagesIt() throws Exception {
    try (KernelCgroups k = new KernelCgroups()) {
      Cgroup holder = k.create("/holder");
      Process child = k.start(holder, MemoryGrower.class, "8", "2", "10", "60000");
      String root = k.root + "/adopted";
      Map<String, String> o =
          Map.of(
              "host.adopt-pids", Long.toString(child.pid()),
              "host.adopt-root", root,
              "host.observe-cgroups", "false",
              "host.processes", "false",
              "host.network", "false",
              "loop.interval", "200ms");
      ForecasterRegistry registry = ForecasterRegistry.standard();
      Settings s = Settings.load(o, registry);
      Cgroup adopted = k.hierarchy.cgroup(root + "/pid-" + child.pid());
      try (LiveEngine d =
          new LiveEngine(
              new Assembly(s, registry),
              LiveEngine.Options.of(
                      HostSettings.from(o, 0.05), k.hierarchy, Path.of("/proc"), dir, m -> {})
                  .enforcing(true))) {
        assertThat(adopted.pids()).containsExactly(child.pid());
        assertThat(d.managed())
            .singleElement()
            .satisfies(
                m -> {
                  assertThat(m.workload().kind()).isEqualTo(WorkloadKind.PROCESS);
                  assertThat(m.workload().id().value()).isEqualTo(adopted.path());
                });
        d.tick(Instant.now());
        Thread.sleep(Duration.ofMillis(200));
        LiveEngine.Snapshot tick = d.tick(Instant.now());
        assertThat(tick.observations())
            .anyMatch(ob -> ob.resource() == Resource.CPU && ob.usage().isPresent());
      }
    }
  }

  @Test
  void aTokenFileOpenToOthersOrTooShortIsRefusedSayingHowToFixIt() throws Exception {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "host.observe-cgroups = false\nhost.network = false\n");
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path token = data.resolve("api-token");
    Files.writeString(token, "pae_" + "a".repeat(43) + "\n");
    Files.setPosixFilePermissions(
        token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    StringWriter err = new StringWriter();
    String[] args = run(file, data, "--iterations", "1", "--listen", "127.0.0.1:0");
    assertThat(execute(err, args)).isEqualTo(2);
    assertThat(err.toString()).contains("open to other users").contains("chmod 600");

    Files.setPosixFilePermissions(
        token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.writeString(token, "pae_x\n");
    StringWriter short_ = new StringWriter();
    assertThat(execute(short_, args)).isEqualTo(2);
    assertThat(short_.toString()).contains("too short to be secret").contains("delete it");
  }

  @Test
  void aNewDataDirectoryIsTheOwnersAloneAndSoIsItsDatabase() throws Exception {
    Path file = dir.resolve("t.properties");
    Files.writeString(file, "host.observe-cgroups = false\nhost.network = false\n");
    Path data = dir.resolve("fresh/data");
    StringWriter err = new StringWriter();
    assertThat(execute(err, run(file, data, "--iterations", "1", "--listen", "127.0.0.1:0")))
        .as(err.toString())
        .isZero();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data)))
        .isEqualTo("rwx------");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(data.resolve("history.duckdb"))))
        .isEqualTo("rw-------");
  }

  @Test
  void aPostgresPasswordInTheSettingsAppearsInNoMessage() throws Exception {
    Path file = dir.resolve("pg.properties");
    Files.writeString(
        file,
        "host.observe-cgroups = false\nhistory.location ="
            + " jdbc:postgresql://127.0.0.1:1/pae?user=pae&password=s3cret-pw\n");
    StringWriter err = new StringWriter();
    assertThat(execute(err, run(file, dir.resolve("data"), "--iterations", "1"))).isEqualTo(2);
    assertThat(err.toString()).contains("password=***").doesNotContain("s3cret-pw");
  }

  @Test
  void credentialsAreHiddenInParametersAndUserInfo() {
    assertThat(
            org.pae.store.Credentials.redact(
                "jdbc:postgresql://u:pw1@h/db?user=u&password=pw2;sslpassword=pw3 x"))
        .isEqualTo("jdbc:postgresql://u:***@h/db?user=u&password=***;sslpassword=*** x");
  }

  @Test
  void listeningBeyondLoopbackWarnsThatTheApiIsPlainHttp() {
    assertThat(ApiListener.plainHttpToTheNetwork("127.0.0.1")).isEmpty();
    assertThat(ApiListener.plainHttpToTheNetwork("::1")).isEmpty();
    assertThat(ApiListener.plainHttpToTheNetwork("localhost")).isEmpty();
    assertThat(ApiListener.plainHttpToTheNetwork("0.0.0.0"))
        .get()
        .asString()
        .contains("plain HTTP");
    assertThat(ApiListener.plainHttpToTheNetwork("10.1.2.3")).isPresent();
    assertThat(ApiListener.plainHttpToTheNetwork("pae.example.org")).isPresent();
  }
}
