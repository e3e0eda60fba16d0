package org.pae.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A tiny real VM for the tests that follow a guest's memory: a qemu guest (TCG: a KVM guest hangs
 * on this kind of machine) booted from this host's Debian kernel and an initramfs written here,
 * holding busybox, the virtio balloon modules, and an init that idles 30 s, fills a tmpfs (memory
 * the guest cannot reclaim) to 96 MiB in 8 MiB steps every 2 s (4 MiB/s), holds 16 s, drops to 16
 * MiB, holds 50 s, and powers off. It says each phase on its serial console ({@link #phase}).
 * (Before a raise that protects usage could pass the cooldown to the forecast, a loop with a 4 s
 * cooldown fell behind this rate and the guest ran out of memory; it grew every 6 s then.)
 *
 * <p>Needs libvirtd, qemu, a kernel under /boot with its modules and busybox-static ({@code
 * .ci/libvirt.sh} installs and starts them); {@link #missing} says which is absent. Shared with
 * pae-cli's tests through this module's test jar.
 */
public final class TestGuest implements AutoCloseable {
  public static final String NAME = "pae-balloon-test";
  public static final long MIB = 1024 * 1024;

  /** The modules a Debian 6.1 kernel needs for a virtio balloon, in load order. */
  private static final List<String> MODULES =
      List.of(
          "virtio_ring",
          "virtio",
          "virtio_pci_legacy_dev",
          "virtio_pci_modern_dev",
          "virtio_pci",
          "virtio_balloon");

  private static final String INIT =
      """
      #!/bin/busybox sh
      /bin/busybox --install -s
      mount -t proc proc /proc
      mount -t sysfs sysfs /sys
      mount -t devtmpfs devtmpfs /dev
      for m in %s; do insmod /modules/$m.ko || echo "pae-guest: insmod $m failed"; done
      mkdir -p /hog
      mount -t tmpfs -o size=200m tmpfs /hog
      say() {
        echo "pae-guest: $1 $(grep -E 'MemTotal|MemAvailable' /proc/meminfo | tr -s ' \\n' ' ')"
      }
      say ready
      sleep 30
      i=1
      while [ $i -le 12 ]; do
        dd if=/dev/zero of=/hog/$i bs=1M count=8 2>/dev/null || echo "pae-guest: write failed"
        say "hog $((i * 8))MiB"
        i=$((i + 1))
        sleep 2
      done
      sleep 16
      say holding
      i=3
      while [ $i -le 12 ]; do rm /hog/$i; i=$((i + 1)); done
      say "hog 16MiB"
      sleep 50
      say done
      poweroff -f
      """;

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private final Domain domain;
  private final Path console;

  private TestGuest(Domain domain, Path console) {
    this.domain = domain;
    this.console = console;
  }

  /** What this machine lacks to boot the guest (libvirtd aside), or empty. */
  public static Optional<String> missing() throws IOException {
    Optional<Path> kernel = kernel();
    if (kernel.isEmpty()) {
      return Optional.of("no kernel /boot/vmlinuz-*");
    }
    Path modules = modules(kernel.get());
    if (!Files.isDirectory(modules)) {
      return Optional.of("no modules for " + kernel.get() + " at " + modules);
    }
    if (!Files.isExecutable(BUSYBOX)) {
      return Optional.of("no /bin/busybox (Debian busybox-static)");
    }
    return Optional.empty();
  }

  /** Boots the guest on {@code hypervisor}, its initramfs and console log in {@code dir}. */
  public static TestGuest boot(Connect hypervisor, Path dir) throws IOException, LibvirtException {
    Path kernel = kernel().orElseThrow(() -> new IOException("no kernel /boot/vmlinuz-*"));
    Path initrd = initramfs(modules(kernel), dir);
    Path console = dir.resolve("console.log");
    return new TestGuest(hypervisor.domainCreateXML(domain(kernel, initrd, console), 0), console);
  }

  /** The guest's last phase line ("pae-guest: hog 48MiB ..."), or "booting". */
  public String phase() throws IOException {
    if (!Files.exists(console)) {
      return "booting";
    }
    String last = "booting";
    for (String line : Files.readString(console, StandardCharsets.ISO_8859_1).split("\n")) {
      if (line.startsWith("pae-guest: ")) {
        last = line.strip();
      }
    }
    return last;
  }

  /** Everything the guest wrote on its console. */
  public String consoleLog() throws IOException {
    return Files.exists(console) ? Files.readString(console, StandardCharsets.UTF_8) : "";
  }

  public boolean isActive() {
    try {
      return domain.isActive() == 1;
    } catch (LibvirtException e) {
      return false;
    }
  }

  /** The balloon's current size, in bytes. */
  public long balloon() throws LibvirtException {
    return Balloon.read(domain).actual();
  }

  public Domain domain() {
    return domain;
  }

  /** Destroys the guest if it still runs. */
  @Override
  public void close() throws LibvirtException {
    if (isActive()) {
      domain.destroy();
    }
  }

  private static Optional<Path> kernel() throws IOException {
    Path boot = Path.of("/boot");
    if (!Files.isDirectory(boot)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(boot)) {
      return s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).max(Path::compareTo);
    }
  }

  private static Path modules(Path kernel) {
    String version = kernel.getFileName().toString().substring("vmlinuz-".length());
    return Path.of("/lib/modules", version, "kernel");
  }

  private static Path initramfs(Path modules, Path dir) throws IOException {
    Path file = dir.resolve("initrd.gz");
    try (Initramfs cpio = new Initramfs(file)) {
      for (String d :
          List.of("bin", "sbin", "usr", "usr/bin", "usr/sbin", "proc", "sys", "dev", "modules")) {
        cpio.directory(d);
      }
      cpio.characterDevice("dev/console", 5, 1);
      cpio.file("bin/busybox", 0755, Files.readAllBytes(BUSYBOX));
      cpio.file(
          "init", 0755, INIT.formatted(String.join(" ", MODULES)).getBytes(StandardCharsets.UTF_8));
      for (String m : MODULES) {
        Path ko = find(modules, m + ".ko");
        cpio.file("modules/" + m + ".ko", 0644, Files.readAllBytes(ko));
      }
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }

  private static String domain(Path kernel, Path initrd, Path console) {
    return """
        <domain type='qemu'>
          <name>%s</name>
          <memory unit='MiB'>256</memory>
          <currentMemory unit='MiB'>256</currentMemory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64'>hvm</type>
            <kernel>%s</kernel>
            <initrd>%s</initrd>
            <cmdline>console=ttyS0 loglevel=4 panic=-1</cmdline>
          </os>
          <features><acpi/></features>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>destroy</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <serial type='file'><source path='%s'/><target port='0'/></serial>
            <memballoon model='virtio'><stats period='1'/></memballoon>
          </devices>
        </domain>
        """
        .formatted(NAME, kernel, initrd, console);
  }

  private static Path find(Path root, String name) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().equals(name))
          .findFirst()
          .orElseThrow(() -> new IOException("no " + name + " under " + root));
    }
  }
}
