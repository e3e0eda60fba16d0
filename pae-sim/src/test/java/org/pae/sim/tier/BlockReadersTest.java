package org.pae.sim.tier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.sim.trace.TraceException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class BlockReadersTest {
  @TempDir Path dir;

  @Test
  void lirsSkipsBreakpointsAndBlankLinesAndReadsCrLf() throws IOException {
    Path f = dir.resolve("cs.trace.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("7\r\n3\r\n*\r\n\r\n7\r\n12\n".getBytes(StandardCharsets.US_ASCII));
    }
    BlockTrace t = BlockFormat.load("lirs:" + f);
    assertThat(t.name()).isEqualTo("cs");
    assertThat(t.requests()).containsExactly(0, 1, 0, 2);
    assertThat(t.keys()).containsExactly(7, 3, 12);
    assertThat(t.times()).isNull();
  }

  @Test
  void aLirsLineThatIsNotANumberNamesTheFileAndLine() throws IOException {
    Path f = dir.resolve("bad.trace");
    Files.writeString(f, "1\n2\nx7\n");
    assertThatThrownBy(() -> BlockFormat.load("lirs:" + f))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("bad.trace:3")
        .hasMessageContaining("x7");
  }

  @Test
  void cache2kReadsBigEndianIntsThroughXz() throws IOException {
    Path f = dir.resolve("web.trace.xz");
    try (DataOutputStream out =
        new DataOutputStream(new XZOutputStream(Files.newOutputStream(f), new LZMA2Options()))) {
      out.writeInt(1);
      out.writeInt(-2);
      out.writeInt(0x01020304);
      out.writeInt(1);
    }
    BlockTrace t = BlockFormat.load("cache2k:" + f);
    assertThat(t.keys()).containsExactly(1, -2, 0x01020304);
    assertThat(t.requests()).containsExactly(0, 1, 2, 0);
  }

  @Test
  void aCache2kFileCutInsideAKeyIsRefused() throws IOException {
    Path f = dir.resolve("cut.trace");
    Files.write(f, new byte[] {0, 0, 0, 1, 0, 0});
    assertThatThrownBy(() -> BlockFormat.load("cache2k:" + f))
        .isInstanceOf(TraceException.class)
        .hasMessageContaining("after 1 keys");
  }

  @Test
  void cloudPhysicsKeysAreTheLbnWhateverTheSizeWithTimes() throws IOException {
    Path f = dir.resolve("cp.csv");
    Files.writeString(
        f, "version,time,op,size,lbn\n1,100,2a,512,42\n1,101,28,65536,43\n1,103,28,512,42\n");
    BlockTrace t = BlockFormat.load("cloudphysics:" + f);
    assertThat(t.keys()).containsExactly(42, 43);
    assertThat(t.requests()).containsExactly(0, 1, 0);
    assertThat(t.times()).containsExactly(100, 101, 103);
  }

  @Test
  void cloudPhysicsWithoutItsHeaderOrWithAShortRowIsRefused() throws IOException {
    Path noHeader = dir.resolve("a.csv");
    Files.writeString(noHeader, "1,100,2a,512,42\n");
    assertThatThrownBy(() -> BlockFormat.load("cloudphysics:" + noHeader))
        .hasMessageContaining("expected the header");
    Path shortRow = dir.resolve("b.csv");
    Files.writeString(shortRow, "version,time,op,size,lbn\n1,100,2a,512\n");
    assertThatThrownBy(() -> BlockFormat.load("cloudphysics:" + shortRow))
        .hasMessageContaining("b.csv:2")
        .hasMessageContaining("expected 5 fields");
  }

  @Test
  void anUnknownFormatOrAMissingFileIsNamed() {
    assertThatThrownBy(() -> BlockFormat.load("arc:x"))
        .hasMessageContaining("unknown block-trace format 'arc'")
        .hasMessageContaining("cache2k, lirs, cloudphysics");
    assertThatThrownBy(() -> BlockFormat.load("lirs:" + dir.resolve("none")))
        .hasMessageContaining("not a readable file");
    assertThatThrownBy(() -> BlockFormat.load("just-a-path")).hasMessageContaining("FORMAT:PATH");
  }

  static void writeKeys(Path f, long[] keys) throws IOException {
    StringBuilder b = new StringBuilder();
    for (long k : keys) {
      b.append(k).append('\n');
    }
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
    }
  }
}
