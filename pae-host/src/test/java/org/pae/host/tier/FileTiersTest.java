package org.pae.host.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.tier.Tier;

class FileTiersTest {
  @TempDir Path base;

  @Test
  void aMoveKeepsTheManagedPathContentModeAndModificationTime() throws Exception {
    TierLayout layout = CrashingMover.layout(base);
    Path cold = layout.on(Tier.COLD, "x/y.db");
    Files.createDirectories(cold.getParent());
    Files.writeString(cold, "rows");
    Files.setPosixFilePermissions(cold, PosixFilePermissions.fromString("rw-r-----"));
    FileTime mtime = FileTime.fromMillis(1_700_000_000_000L);
    Files.setLastModifiedTime(cold, mtime);
    FileTiers tiers = FileTiers.open(layout);
    tiers.sync(Set.of());
    assertThat(Files.readString(layout.link("x/y.db"))).isEqualTo("rows");

    FileTiers.Outcome o = tiers.move("x/y.db", Tier.HOT, Set.of());
    assertThat(o.moved()).isTrue();
    assertThat(o.from()).isEqualTo(Tier.COLD);
    assertThat(Files.exists(cold)).isFalse();
    Path hot = layout.on(Tier.HOT, "x/y.db");
    assertThat(Files.readSymbolicLink(layout.link("x/y.db"))).isEqualTo(hot);
    assertThat(Files.readString(layout.link("x/y.db"))).isEqualTo("rows");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hot)))
        .isEqualTo("rw-r-----");
    assertThat(Files.getLastModifiedTime(hot)).isEqualTo(mtime);
    assertThat(tiers.move("x/y.db", Tier.HOT, Set.of()).reason()).isEqualTo("already hot");
    assertThat(tiers.move("nope", Tier.HOT, Set.of()).reason()).isEqualTo("not on any tier");
  }

  @Test
  void aFileOpenForWritingIsNotMovedAndIsOnceClosed() throws Exception {
    TierLayout layout = CrashingMover.layout(base);
    Files.createDirectories(layout.dir(Tier.WARM));
    Files.writeString(layout.on(Tier.WARM, "log"), "a");
    Files.writeString(layout.on(Tier.WARM, "read-only"), "b");
    FileTiers tiers = FileTiers.open(layout);
    tiers.sync(Set.of());
    OpenFiles openFiles = new OpenFiles(Path.of("/proc"));
    try (FileChannel w = FileChannel.open(layout.link("log"), StandardOpenOption.APPEND);
        FileChannel r = FileChannel.open(layout.link("read-only"), StandardOpenOption.READ)) {
      Set<Path> open = OpenFiles.writing(openFiles.under(layout.roots()));
      assertThat(openFiles.under(layout.roots()))
          .extracting(OpenFiles.Handle::file)
          .contains(layout.on(Tier.WARM, "read-only"));
      assertThat(open).contains(layout.on(Tier.WARM, "log"));
      assertThat(open).doesNotContain(layout.on(Tier.WARM, "read-only"));
      assertThat(tiers.move("log", Tier.COLD, open).reason()).isEqualTo("open for writing");
      assertThat(tiers.move("read-only", Tier.COLD, open).moved()).isTrue();
      w.write(ByteBuffer.wrap("b".getBytes()));
    }
    assertThat(
            tiers
                .move("log", Tier.COLD, OpenFiles.writing(openFiles.under(layout.roots())))
                .moved())
        .isTrue();
    assertThat(Files.readString(layout.link("log"))).isEqualTo("ab");
  }

  @Test
  void aFileWrittenWhileCopiedStaysWhereItIsWithNothingLeftBehind() throws Exception {
    TierLayout layout = CrashingMover.layout(base);
    Files.createDirectories(layout.dir(Tier.COLD));
    Path cold = layout.on(Tier.COLD, "grows");
    Files.writeString(cold, "1");
    FileTiers.open(layout).sync(Set.of());
    FileTiers tiers =
        FileTiers.open(
            layout,
            (step, file) -> {
              if (step == FileTiers.Step.COPYING) {
                try {
                  Files.writeString(cold, "12");
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            });
    FileTiers.Outcome o = tiers.move("grows", Tier.HOT, Set.of());
    assertThat(o.moved()).isFalse();
    assertThat(o.reason()).isEqualTo("written to while copied");
    assertThat(tiers.files()).containsExactlyEntriesOf(Map.of("grows", Tier.COLD));
    try (var s = Files.list(layout.dir(Tier.HOT))) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(Files.readString(layout.link("grows"))).isEqualTo("12");
  }

  @Test
  void aFileWrittenIntoTheManagedTreeIsAdoptedIntoCold() throws Exception {
    TierLayout layout = CrashingMover.layout(base);
    FileTiers tiers = FileTiers.open(layout);
    Files.createDirectories(layout.link("d/new").getParent());
    Files.writeString(layout.link("d/new"), "fresh");
    Files.writeString(layout.link("busy"), "w");
    var adopted = tiers.sync(Set.of(layout.link("busy")));
    assertThat(adopted)
        .extracting(FileTiers.Outcome::file, FileTiers.Outcome::moved)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("busy", false),
            org.assertj.core.groups.Tuple.tuple("d/new", true));
    assertThat(tiers.files()).containsExactlyEntriesOf(Map.of("d/new", Tier.COLD));
    assertThat(Files.isSymbolicLink(layout.link("d/new"))).isTrue();
    assertThat(Files.readString(layout.link("d/new"))).isEqualTo("fresh");
  }

  @Test
  void anOddNameSurvivesTheJournalAndACrashInsideTheProcess() throws Exception {
    String odd = "sub dir/é 100%\tname";
    assertThat(FileTiers.decode(FileTiers.encode(odd))).isEqualTo(odd);
    assertThat(FileTiers.encode(odd)).doesNotContain(" ", "\t").matches("\\p{ASCII}+");
    TierLayout layout = CrashingMover.layout(base);
    Files.createDirectories(layout.on(Tier.COLD, odd).getParent());
    Files.writeString(layout.on(Tier.COLD, odd), "v");
    FileTiers.open(layout).sync(Set.of());
    FileTiers failing =
        FileTiers.open(
            layout,
            (step, file) -> {
              if (step == FileTiers.Step.LINKED) {
                throw new IllegalStateException("crash");
              }
            });
    assertThatThrownBy(() -> failing.move(odd, Tier.WARM, Set.of())).hasMessage("crash");
    FileTiers tiers = FileTiers.open(layout);
    assertThat(tiers.recovery().rolledForward()).containsExactly(odd);
    assertThat(tiers.files()).containsExactlyEntriesOf(Map.of(odd, Tier.WARM));
    assertThat(Files.readString(layout.link(odd))).isEqualTo("v");
  }

  @Test
  void aFileOnTwoTiersOutsideAMoveIsRefusedNamingBoth() throws Exception {
    TierLayout layout = CrashingMover.layout(base);
    for (Tier t : new Tier[] {Tier.HOT, Tier.COLD}) {
      Files.createDirectories(layout.dir(t));
      Files.writeString(layout.on(t, "twice"), t.key());
    }
    assertThatThrownBy(() -> FileTiers.open(layout).files())
        .hasMessageContaining("twice is on two tiers, hot and cold");
  }

  @Test
  void theLayoutRefusesNestedDirectoriesAndAMissingTier() {
    Map<Tier, Path> dirs = new EnumMap<>(Tier.class);
    dirs.put(Tier.HOT, base.resolve("hot"));
    dirs.put(Tier.WARM, base.resolve("warm"));
    assertThatThrownBy(() -> new TierLayout(dirs, base.resolve("m"), base.resolve("j")))
        .hasMessageContaining("hot, warm and cold");
    dirs.put(Tier.COLD, base.resolve("hot/cold"));
    assertThatThrownBy(() -> new TierLayout(dirs, base.resolve("m"), base.resolve("j")))
        .hasMessageContaining("inside");
    dirs.put(Tier.COLD, base.resolve("cold"));
    assertThatThrownBy(() -> new TierLayout(dirs, base.resolve("m"), base.resolve("m/journal")))
        .hasMessageContaining("journal");
  }
}
