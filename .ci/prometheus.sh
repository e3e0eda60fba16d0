#!/usr/bin/env bash
# Prometheus for the tests that scrape PAE (pae-server GrafanaDashboardTest): Debian's package, only
# installed; each test starts the binary itself with its own config and a temporary TSDB (no
# systemd). Idempotent.
set -euo pipefail
if ! command -v prometheus >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
