#!/usr/bin/env bash
# tmux for the test of pae run's terminal view on a real terminal (pae-cli RunTerminalTmuxTest).
# Idempotent.
set -euo pipefail
if ! command -v tmux >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
fi
