package org.pae.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model's files as one array of bytes, and back; damaged archives refused. */
class ModelArchiveTest {
  private static final Map<String, byte[]> FILES =
      Map.of("memory.cf", new byte[] {1, 2, 3}, "cpu.cf", new byte[] {}, "z", new byte[] {9});

  @Test
  void filesComeBackAsTheyWentAndTheArchiveIsTheSameWhateverTheMapsOrder() {
    byte[] packed = ModelArchive.pack(FILES);
    Map<String, byte[]> back = ModelArchive.unpack(packed);
    assertThat(back).containsOnlyKeys(FILES.keySet());
    FILES.forEach((name, bytes) -> assertThat(back.get(name)).containsExactly(bytes));
    assertThat(ModelArchive.pack(back)).isEqualTo(packed);
  }

  @Test
  void aDamagedOrForeignArchiveIsRefused() {
    byte[] packed = ModelArchive.pack(FILES);
    assertThatThrownBy(() -> ModelArchive.unpack(Arrays.copyOf(packed, packed.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelArchive.unpack(Arrays.copyOf(packed, packed.length + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past its end");
    assertThatThrownBy(() -> ModelArchive.unpack(new byte[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a model archive");
    for (String name : new String[] {"../escape", "a/b", "", ".."}) {
      assertThatThrownBy(() -> ModelArchive.pack(Map.of(name, new byte[] {1})))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
