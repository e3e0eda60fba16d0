package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileTest {
  @TempDir Path dir;

  @Test
  void rereadsTheWholeFileEachTimeWhateverItsSize() throws Exception {
    Path p = dir.resolve("memory.usage_in_bytes");
    Files.writeString(p, "4096\n");
    ControlFile f = new ControlFile(p);
    assertThat(f.readLong()).isEqualTo(4096);
    Files.writeString(p, "12\n");
    assertThat(f.readLong()).isEqualTo(12);
    String big = "x".repeat(40_000) + "\nlast 7\n";
    Files.writeString(p, big);
    assertThat(f.read()).isEqualTo(big);
    assertThat(Cgroup.keyed(f.read(), "last")).isEqualTo(7);
  }

  @Test
  void aFileThatIsNotThereFailsAndIsOpenedAgainOnceItIs() throws Exception {
    Path p = dir.resolve("cpuacct.usage");
    ControlFile f = new ControlFile(p);
    assertThatThrownBy(f::read).isInstanceOf(NoSuchFileException.class);
    Files.writeString(p, "99\n");
    assertThat(f.readLong()).isEqualTo(99);
  }
}
