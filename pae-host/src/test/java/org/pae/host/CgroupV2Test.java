package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pae.core.model.Resource;

/**
 * cgroup v2 files as the kernel writes them. This machine's v2 mount offers no controller (they are
 * all bound to v1), so no real v2 cgroup can be limited here: these tests read and write a
 * directory laid out like one.
 */
class CgroupV2Test {
  @TempDir Path root;

  private CgroupV2 box() throws Exception {
    CgroupV2 c = new CgroupV2("/pae/box", root, Set.of("memory", "cpu", "io"));
    Files.writeString(root.resolve("cgroup.subtree_control"), "");
    c.create();
    Path d = root.resolve("pae/box");
    Files.writeString(d.resolve("memory.current"), "104857600\n");
    Files.writeString(
        d.resolve("memory.stat"), "anon 73400320\nfile 31457280\ninactive_file 20971520\n");
    Files.writeString(d.resolve("memory.max"), "max\n");
    Files.writeString(d.resolve("memory.high"), "max\n");
    Files.writeString(d.resolve("memory.events"), "low 0\nhigh 3\nmax 0\noom 0\noom_kill 2\n");
    Files.writeString(
        d.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
    Files.writeString(d.resolve("cpu.max"), "max 100000\n");
    Files.writeString(
        d.resolve("io.stat"),
        "8:0 rbytes=1000 wbytes=24 rios=3 wios=1 dbytes=0 dios=0\n"
            + "254:0 rbytes=100 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n");
    Files.writeString(d.resolve("io.max"), "");
    Files.writeString(d.resolve("cgroup.procs"), "42\n43\n");
    return c;
  }

  @Test
  void readsUsageFromTheV2Files() throws Exception {
    CgroupV2 c = box();
    assertThat(c.present())
        .containsExactlyInAnyOrder(Resource.MEMORY, Resource.CPU, Resource.DISK_IO);
    assertThat(c.memoryBytes()).isEqualTo(104857600 - 20971520);
    assertThat(c.cpuNanos()).isEqualTo(2_500_000_000L);
    assertThat(c.ioBytes()).isEqualTo(1124);
    assertThat(c.oomKills()).isEqualTo(2);
    assertThat(c.pids()).containsExactly(42L, 43L);
    assertThat(c.limit(Resource.MEMORY)).isInfinite();
    assertThat(c.limit(Resource.CPU)).isInfinite();
    assertThat(Files.readString(root.resolve("cgroup.subtree_control")))
        .isEqualTo("+memory +cpu +io");
  }

  @Test
  void writesMemoryHighWithMaxAboveItCpuMaxAndIoMax() throws Exception {
    CgroupV2 c = box();
    Path d = root.resolve("pae/box");
    c.setLimit(Resource.MEMORY, 100 * 4096);
    assertThat(Files.readString(d.resolve("memory.high"))).isEqualTo("409600");
    assertThat(Files.readString(d.resolve("memory.max"))).isEqualTo("450560");
    assertThat(c.limit(Resource.MEMORY)).isEqualTo(409600);

    c.setLimit(Resource.CPU, 1500);
    assertThat(Files.readString(d.resolve("cpu.max"))).isEqualTo("150000 100000");
    Files.writeString(d.resolve("cpu.max"), "150000 100000\n");
    assertThat(c.limit(Resource.CPU)).isEqualTo(1500);

    c.setLimit(Resource.DISK_IO, 1e6);
    // The kernel keeps one line per device; a plain file keeps the last write.
    assertThat(Files.readString(d.resolve("io.max"))).isEqualTo("254:0 rbps=1000000 wbps=1000000");
    Files.writeString(d.resolve("io.max"), "8:0 rbps=1000000 wbps=2000000 riops=max wiops=max\n");
    assertThat(c.limit(Resource.DISK_IO)).isEqualTo(1e6);
  }
}
