package org.pae.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupHierarchyTest {
  @TempDir Path dir;

  @Test
  void findsV1ControllersIncludingCombinedOnesAndAV2Mount() throws Exception {
    Path v2 = Files.createDirectories(dir.resolve("unified"));
    Files.writeString(v2.resolve("cgroup.controllers"), "");
    Path mountinfo = dir.resolve("mountinfo");
    Files.writeString(
        mountinfo,
        """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        40 31 0:37 / %s rw,relatime - cgroup2 cgroup2 rw
        """
            .formatted(v2));
    CgroupHierarchy h = CgroupHierarchy.detect(mountinfo);
    assertThat(h.v1())
        .containsEntry("cpu", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
        .containsEntry("cpuacct", Path.of("/sys/fs/cgroup/cpu,cpuacct"))
        .containsEntry("memory", Path.of("/sys/fs/cgroup/memory"))
        .doesNotContainKey("blkio");
    assertThat(h.v2()).contains(v2);
    assertThat(h.v2Controllers()).isEmpty();
    assertThat(h.usesV1()).isTrue();
    assertThat(h.cgroup("pae/vm1/")).isInstanceOf(CgroupV1.class);
  }

  @Test
  void aV2OnlyHostUsesV2AndOneWithNoUsableControllerIsRefused() throws Exception {
    Path v2 = Files.createDirectories(dir.resolve("cg2"));
    Files.writeString(v2.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
    Path mountinfo = dir.resolve("mountinfo");
    Files.writeString(mountinfo, "40 31 0:37 / " + v2 + " rw - cgroup2 cgroup2 rw\n");
    CgroupHierarchy h = CgroupHierarchy.detect(mountinfo);
    assertThat(h.cgroup("/a/b")).isInstanceOf(CgroupV2.class);

    Files.writeString(v2.resolve("cgroup.controllers"), "pids\n");
    assertThatThrownBy(() -> CgroupHierarchy.detect(mountinfo).cgroup("/a"))
        .hasMessageContaining("no cgroup controller PAE can use");
  }

  @Test
  void pathsAreNormalisedAndEscapesRefused() {
    assertThat(CgroupHierarchy.normalise(" machine/vm1/ ")).isEqualTo("/machine/vm1");
    assertThatThrownBy(() -> CgroupHierarchy.normalise("/a/../b")).hasMessageContaining("..");
    assertThatThrownBy(() -> CgroupHierarchy.normalise("/")).hasMessageContaining("below the root");
  }

  @Test
  void thisHostsMountsAreRead() {
    CgroupHierarchy h = CgroupHierarchy.host();
    // Whatever this host mounts, each v1 controller found is a directory.
    h.v1().values().forEach(p -> assertThat(p).isDirectory());
  }
}
