package org.pae.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pae.core.model.ProgramCode;
import org.pae.core.model.Workload;
import org.pae.core.model.WorkloadKind;

/** Workloads are named as a person knows them, not by their ids. */
class WorkloadNameTest {
  private static String name(String id, WorkloadKind kind, String program) {
    Workload w = Workload.of(id, kind);
    return WorkloadView.name(program == null ? w : w.withProgram(ProgramCode.of(program)));
  }

  @Test
  void processesByCommandAndPid() {
    assertThat(name("pid:812", WorkloadKind.PROCESS, "postgres")).isEqualTo("postgres (pid 812)");
    assertThat(name("pid:9", WorkloadKind.PROCESS, null)).isEqualTo("pid:9");
  }

  @Test
  void libvirtGuestsByTheirNameWithOrWithoutSystemd() {
    assertThat(name("/machine.slice/machine-qemu\\x2d1\\x2dweb\\x2d1.scope", WorkloadKind.VM, null))
        .isEqualTo("web-1");
    assertThat(name("/machine/qemu-1-pae-balloon-test.libvirt-qemu", WorkloadKind.VM, null))
        .isEqualTo("pae-balloon-test");
  }

  @Test
  void otherCgroupsByTheirLastSegmentDevicesByTheirDevice() {
    assertThat(name("/system.slice/docker.service", WorkloadKind.CONTAINER, null))
        .isEqualTo("docker.service");
    assertThat(name("/", WorkloadKind.CONTAINER, null)).isEqualTo("/");
    assertThat(name("net:eth0", WorkloadKind.DEVICE, "netdev")).isEqualTo("eth0");
    assertThat(name("gpu:0", WorkloadKind.DEVICE, "gpu")).isEqualTo("GPU 0");
    assertThat(name("acme-web-00001", WorkloadKind.VM, "web")).isEqualTo("acme-web-00001");
  }
}
