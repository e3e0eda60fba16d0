#!/usr/bin/env bash
# ip (iproute2) and unshare (util-linux) for the live anomaly test (pae-cli AnomalyKernelTest),
# which runs a child in a network namespace of its own and brings its loopback up. Idempotent.
set -euo pipefail
if ! command -v ip >/dev/null 2>&1 || ! command -v unshare >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 util-linux >/dev/null
fi
