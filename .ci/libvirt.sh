#!/usr/bin/env bash
# libvirt and a qemu able to boot a tiny VM, for the real-VM test (pae-cli RunFollowsARealVmTest boots a
# Debian kernel with a busybox initramfs the test builds, and runs pae run against it). Idempotent; no systemd here, so the daemons are
# started directly: virtlogd first (libvirtd asks it for the console log), then libvirtd.
set -euo pipefail
packages="libvirt-daemon-system libvirt-clients qemu-system-x86 linux-image-amd64 busybox-static"
missing=""
for p in $packages; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
pgrep -x virtlogd >/dev/null || virtlogd -d
pgrep -x libvirtd >/dev/null || libvirtd -d
# libvirtd takes a moment to open its socket.
for _ in $(seq 1 30); do
  virsh -c qemu:///system version >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "libvirt.sh: libvirtd did not answer on qemu:///system" >&2
exit 1
