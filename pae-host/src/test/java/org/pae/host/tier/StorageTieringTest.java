package org.pae.host.tier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.config.SettingsSource;
import org.pae.core.tier.Tier;
import org.pae.core.tier.TierEngine;
import org.pae.core.tier.TierPolicies;
import org.pae.core.tier.TierStatus;

/**
 * The live tiering over real files: accesses are real opens through the managed tree, seen in
 * {@code /proc/self/fd}; moves are made by {@link FileTiers}.
 */
class StorageTieringTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  @TempDir Path base;

  private StorageTiering tiering(boolean enforce) throws Exception {
    Map<String, String> o = new HashMap<>();
    o.put(
        "storage.tiers",
        "hot:"
            + base.resolve("hot")
            + ", warm:"
            + base.resolve("warm")
            + ", cold:"
            + base.resolve("cold"));
    o.put("storage.managed", base.resolve("managed").toString());
    o.put("storage.enforce", Boolean.toString(enforce));
    o.put("storage.hot-capacity", "1");
    o.put("storage.warm-capacity", "2");
    SettingsSource source = SettingsSource.of(o);
    StorageSettings s = StorageSettings.from(source, base.resolve("data"));
    source.refuseUnread();
    TierLayout layout = s.layout().orElseThrow();
    for (int i = 0; i < 6; i++) {
      Path f = layout.on(Tier.COLD, "db/part" + i);
      Files.createDirectories(f.getParent());
      Files.writeString(f, "part " + i);
    }
    return new StorageTiering(
        s,
        FileTiers.open(layout),
        new OpenFiles(Path.of("/proc")),
        TierPolicies.registry().get(TierPolicies.KIND, s.policy()).create(s.setup()));
  }

  /**
   * Opens {@code file} through the managed tree {@code times} times, with a scan while it is open
   * and one after it is closed (a descriptor number reused between two scans is not a new open).
   */
  private void read(StorageTiering t, String file, int times) throws Exception {
    Path link = base.resolve("managed").resolve(file);
    for (int i = 0; i < times; i++) {
      try (FileChannel c = FileChannel.open(link, StandardOpenOption.READ)) {
        assertThat(t.observe()).isEqualTo(1);
      }
      assertThat(t.observe()).isZero();
    }
  }

  @Test
  void aFileReadOftenMovesHotAndItsReadsAreThenServedThere() throws Exception {
    StorageTiering t = tiering(true);
    t.endEpoch(T0); // adopts nothing, links the six files
    read(t, "db/part3", 12);
    read(t, "db/part1", 3);
    TierStatus s = t.endEpoch(T0.plusSeconds(300));
    assertThat(s.served()).containsEntry(Tier.COLD, 15L).containsEntry(Tier.HOT, 0L);
    assertThat(s.files()).containsEntry(Tier.HOT, 1).containsEntry(Tier.WARM, 1);
    assertThat(s.moves())
        .extracting(r -> r.move().file(), r -> r.move().to(), TierStatus.MoveRecord::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("db/part3", Tier.HOT, TierStatus.Outcome.MOVED),
            org.assertj.core.groups.Tuple.tuple("db/part1", Tier.WARM, TierStatus.Outcome.MOVED));
    for (TierStatus.MoveRecord r : s.moves()) {
      assertThat(r.move().predictedRate()).isGreaterThan(r.move().payRate());
      assertThat(r.move().model()).startsWith("pae[");
    }
    assertThat(Files.readSymbolicLink(base.resolve("managed/db/part3")))
        .isEqualTo(base.resolve("hot/db/part3"));
    read(t, "db/part3", 5);
    TierStatus next = t.endEpoch(T0.plusSeconds(600));
    assertThat(next.served()).containsEntry(Tier.HOT, 5L).containsEntry(Tier.COLD, 0L);
    assertThat(next.epoch()).isEqualTo(2);
    // A reader that kept the file open across its move holds the removed source: not an access.
    try (FileChannel held =
        FileChannel.open(base.resolve("managed/db/part5"), StandardOpenOption.READ)) {
      assertThat(t.observe()).isEqualTo(1);
      TierStatus moved = t.endEpoch(T0.plusSeconds(900));
      assertThat(moved.moves().getFirst().move().file()).isEqualTo("db/part5");
      assertThat(moved.moves().getFirst().outcome()).isEqualTo(TierStatus.Outcome.MOVED);
      assertThat(Files.exists(base.resolve("cold/db/part5"))).isFalse();
      assertThat(t.observe()).isZero();
      TierStatus after = t.endEpoch(T0.plusSeconds(1200));
      assertThat(after.moves()).allMatch(r -> r.time().isBefore(T0.plusSeconds(1200)));
    }
  }

  @Test
  void recommendOnlyMovesNothingAndAWriterKeepsItsFileWhereItIs() throws Exception {
    StorageTiering recommend = tiering(false);
    recommend.endEpoch(T0);
    read(recommend, "db/part2", 8);
    TierStatus s = recommend.endEpoch(T0.plusSeconds(300));
    assertThat(s.moves())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(TierStatus.Outcome.RECOMMENDED);
              assertThat(r.move().to()).isEqualTo(Tier.HOT);
            });
    assertThat(s.files()).containsEntry(Tier.COLD, 6).containsEntry(Tier.HOT, 0);
    assertThat(Files.exists(base.resolve("cold/db/part2"))).isTrue();
  }

  @Test
  void aFileOpenForWritingIsRefusedAndAskedForAgainOnceClosed() throws Exception {
    StorageTiering t = tiering(true);
    t.endEpoch(T0);
    read(t, "db/part4", 8);
    TierStatus s;
    try (FileChannel w =
        FileChannel.open(base.resolve("managed/db/part4"), StandardOpenOption.APPEND)) {
      s = t.endEpoch(T0.plusSeconds(300));
    }
    assertThat(s.moves().getFirst().outcome()).isEqualTo(TierStatus.Outcome.REFUSED);
    assertThat(s.moves().getFirst().detail()).isEqualTo("open for writing");
    TierStatus again = t.endEpoch(T0.plusSeconds(600));
    assertThat(again.moves().getFirst().outcome()).isEqualTo(TierStatus.Outcome.MOVED);
    assertThat(again.moves().getFirst().move().model()).startsWith(TierEngine.STANDING + "pae[");
    assertThat(again.moves().getFirst().move().predictedRate())
        .isGreaterThan(again.moves().getFirst().move().payRate());
    assertThat(again.files()).containsEntry(Tier.HOT, 1);
  }
}
