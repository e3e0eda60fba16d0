package org.pae.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pae run} with {@code storage.tiers}: real files, real opens seen in {@code /proc}, real
 * moves. Ten descriptors open on one file and one on another when the run starts are eleven reads;
 * at the first epoch's end the first goes hot, the second warm, behind their managed paths.
 */
class RunStorageTiersTest {
  @TempDir Path dir;

  @Test
  void readFilesMoveUpBehindTheirManagedPaths() throws Exception {
    Path cold = dir.resolve("cold");
    Files.createDirectories(cold.resolve("db"));
    for (String f : List.of("a", "b", "c")) {
      Files.writeString(cold.resolve("db/" + f), "data " + f);
    }
    Path settings = dir.resolve("pae.properties");
    Files.writeString(
        settings,
        String.join(
            "\n",
            "storage.tiers = hot:"
                + dir.resolve("hot")
                + ", warm:"
                + dir.resolve("warm")
                + ", cold:"
                + cold,
            "storage.managed = " + dir.resolve("managed"),
            "storage.enforce = true",
            "storage.epoch = 500ms",
            "storage.hot-capacity = 1",
            "storage.warm-capacity = 1",
            ""));
    List<FileChannel> open = new ArrayList<>();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try {
      for (int i = 0; i < 11; i++) {
        open.add(FileChannel.open(cold.resolve(i < 10 ? "db/a" : "db/b"), StandardOpenOption.READ));
      }
      CommandLine cl = Main.commandLine();
      cl.setOut(new PrintWriter(out));
      cl.setErr(new PrintWriter(err));
      // Ticks at least 300 ms apart: the 500 ms epoch has ended by the third.
      code =
          cl.execute(
              "run",
              "--settings",
              settings.toString(),
              "--interval",
              "300ms",
              "--iterations",
              "3",
              "--listen",
              "off",
              "--data-dir",
              dir.resolve("data").toString());
    } finally {
      for (FileChannel c : open) {
        c.close();
      }
    }
    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString())
        .contains("pae: storage epoch 0: files hot 1, warm 1, cold 1; 2 moves");
    assertThat(Files.readSymbolicLink(dir.resolve("managed/db/a")))
        .as(err.toString())
        .isEqualTo(dir.resolve("hot/db/a"));
    assertThat(Files.readSymbolicLink(dir.resolve("managed/db/b")))
        .isEqualTo(dir.resolve("warm/db/b"));
    assertThat(Files.readString(dir.resolve("managed/db/a"))).isEqualTo("data a");
    assertThat(Files.readString(dir.resolve("managed/db/c"))).isEqualTo("data c");
    assertThat(Files.exists(cold.resolve("db/a"))).isFalse();
    assertThat(Files.size(dir.resolve("data/tier-journal"))).isZero();
  }

  @Test
  void aMisspeltTierPolicyIsRefusedAtStart() throws Exception {
    Path settings = dir.resolve("pae.properties");
    Files.writeString(settings, "storage.policy = lfu\n");
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int code =
        cl.execute(
            "run",
            "--settings",
            settings.toString(),
            "--iterations",
            "1",
            "--listen",
            "off",
            "--data-dir",
            dir.resolve("data").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown tier policy 'lfu'; did you mean 'lru'?");
  }
}
