#!/usr/bin/env bash
# mkfs.ext4, e2fsck (e2fsprogs) and losetup (mount) for pae-live's FaultInjectionTest, which turns
# an ext4 on a loop device read-only under the daemon. Idempotent.
set -euo pipefail
if ! command -v mkfs.ext4 >/dev/null 2>&1 || ! command -v e2fsck >/dev/null 2>&1 \
  || ! command -v losetup >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq e2fsprogs mount) >/dev/null
fi
