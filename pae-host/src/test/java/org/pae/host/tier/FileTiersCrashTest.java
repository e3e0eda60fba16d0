package org.pae.host.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pae.core.tier.Tier;

/**
 * Kills a real child JVM ({@link CrashingMover}) with SIGKILL at a chosen step of its moves, then
 * checks what a crash must leave: every file readable and whole through its managed path while the
 * mover is dead, and after {@link FileTiers#open} recovers, every file on exactly one tier (the
 * source's before the copy was renamed into place, the target's after), its link pointing there, no
 * part file or link left, the journal empty, and the interrupted moves able to finish.
 */
class FileTiersCrashTest {
  @TempDir Path base;

  /** The files of each case and their contents; the first spans two copy chunks. */
  private final Map<String, byte[]> contents = new LinkedHashMap<>();

  @ParameterizedTest
  @EnumSource(FileTiers.Step.class)
  void aKillAtEveryStepOfAMoveIsRecovered(FileTiers.Step step) throws Exception {
    TierLayout layout = populate(new Random(7));
    int k = step.ordinal() + 1;
    String line = runChild(k, "big/data.bin=hot");
    assertThat(line).isEqualTo("stopped " + step + " big/data.bin");
    assertReadableAndWhole(layout);

    FileTiers tiers = FileTiers.open(layout);
    boolean renamed = step.compareTo(FileTiers.Step.RENAMED) >= 0;
    if (step == FileTiers.Step.DONE) {
      assertThat(tiers.recovery().rolledForward()).isEmpty();
      assertThat(tiers.recovery().rolledBack()).isEmpty();
    } else if (renamed) {
      assertThat(tiers.recovery().rolledForward()).containsExactly("big/data.bin");
    } else {
      assertThat(tiers.recovery().rolledBack()).containsExactly("big/data.bin");
    }
    assertExactlyOnce(layout, tiers);
    assertThat(tiers.files().get("big/data.bin")).isEqualTo(renamed ? Tier.HOT : Tier.COLD);

    assertThat(tiers.move("big/data.bin", Tier.HOT, Set.of()).moved()).isEqualTo(!renamed);
    assertThat(tiers.files().get("big/data.bin")).isEqualTo(Tier.HOT);
    assertExactlyOnce(layout, tiers);
  }

  @Test
  void killsAtSeededRandomStepsOfAdoptionsAndMovesAreRecovered() throws Exception {
    Random random = new Random(42);
    String[] plan = {
      "sync", "big/data.bin=warm", "a.txt=hot", "dir/b c.txt=warm", "a.txt=warm", "new.log=hot"
    };
    int total = finishedSteps(plan);
    for (int run = 0; run < 4; run++) {
      Path root = base.resolve("run" + run);
      Files.createDirectories(root);
      TierLayout layout = populate(random, root);
      Files.write(layout.link("new.log"), bytes(random, 3000));
      contents.put("new.log", Files.readAllBytes(layout.link("new.log")));
      int k = 1 + random.nextInt(total);
      String line = runChild(root, k, plan);
      assertThat(line).startsWith("stopped ");
      assertReadableAndWhole(layout);
      FileTiers tiers = FileTiers.open(layout);
      tiers.sync(Set.of()); // adopts new.log where its adoption was rolled back
      assertExactlyOnce(layout, tiers);
      for (String m : plan) {
        if (!m.equals("sync")) {
          String[] fileTier = m.split("=");
          tiers.move(fileTier[0], Tier.parse(fileTier[1]), Set.of());
        }
      }
      assertThat(tiers.files())
          .containsEntry("big/data.bin", Tier.WARM)
          .containsEntry("a.txt", Tier.WARM)
          .containsEntry("dir/b c.txt", Tier.WARM)
          .containsEntry("new.log", Tier.HOT)
          .containsEntry("cold.dat", Tier.COLD);
      assertExactlyOnce(layout, tiers);
      contents.clear();
    }
  }

  /** How many steps the plan takes when nothing stops it, counted by a child run to its end. */
  private int finishedSteps(String[] plan) throws Exception {
    Path root = base.resolve("count");
    Files.createDirectories(root);
    TierLayout layout = populate(new Random(1), root);
    Files.write(layout.link("new.log"), new byte[] {1});
    String line = runChild(root, Long.MAX_VALUE, plan);
    assertThat(line).startsWith("finished after ");
    contents.clear();
    return Integer.parseInt(line.split(" ")[2]);
  }

  private TierLayout populate(Random random) throws IOException {
    return populate(random, base);
  }

  /** Files on the cold tier (one already warm), linked from the managed tree. */
  private TierLayout populate(Random random, Path root) throws IOException {
    TierLayout layout = CrashingMover.layout(root);
    contents.put("big/data.bin", bytes(random, (9 << 20) + 123));
    contents.put("a.txt", bytes(random, 10));
    contents.put("dir/b c.txt", bytes(random, 0));
    contents.put("cold.dat", bytes(random, 4096));
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      Path p = layout.on(e.getKey().equals("a.txt") ? Tier.WARM : Tier.COLD, e.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, e.getValue());
    }
    FileTiers.open(layout).sync(Set.of());
    return layout;
  }

  private String runChild(long stopAt, String... moves) throws Exception {
    return runChild(base, stopAt, moves);
  }

  /** Runs the mover; kills it with SIGKILL where it stopped. Returns what it printed. */
  private static String runChild(Path root, long stopAt, String... moves) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashingMover.class.getName());
    cmd.add(root.toString());
    cmd.add(Long.toString(stopAt));
    cmd.addAll(List.of(moves));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      if (line != null && line.startsWith("stopped ")) {
        p.destroyForcibly();
        assertThat(p.waitFor()).as("killed by SIGKILL").isEqualTo(128 + 9);
      } else {
        assertThat(p.waitFor()).as("the mover's exit, after " + line).isZero();
      }
      return line;
    }
  }

  private void assertReadableAndWhole(TierLayout layout) throws IOException {
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      assertThat(Files.readAllBytes(layout.link(e.getKey())))
          .as("%s read through its managed path", e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  private void assertExactlyOnce(TierLayout layout, FileTiers tiers) throws IOException {
    Map<String, Tier> files = tiers.files(); // refuses a file on two tiers
    assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(contents.keySet());
    for (Map.Entry<String, Tier> e : files.entrySet()) {
      Path link = layout.link(e.getKey());
      assertThat(Files.isSymbolicLink(link)).as("%s is a link", link).isTrue();
      assertThat(Files.readSymbolicLink(link)).isEqualTo(layout.on(e.getValue(), e.getKey()));
      assertThat(Files.readAllBytes(link)).isEqualTo(contents.get(e.getKey()));
    }
    for (Path root : layout.roots()) {
      try (Stream<Path> s = Files.walk(root)) {
        assertThat(
                s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || isLink(p))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(FileTiers.PART) || n.endsWith(FileTiers.NEW_LINK)))
            .as("part files and new links left under %s", root)
            .isEmpty();
      }
    }
    assertThat(Files.size(layout.journal())).isZero();
  }

  private static boolean isLink(Path p) {
    return Files.isSymbolicLink(p);
  }

  private static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
