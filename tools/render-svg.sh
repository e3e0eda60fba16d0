#!/usr/bin/env bash
# tools/render-svg.sh SVG PNG: a PNG of an SVG at its own size, with headless Chromium
set -euo pipefail
svg="$(readlink -f "$1")"; png="$(readlink -f "$(dirname "$2")")/$(basename "$2")"
w=$(grep -o 'width="[0-9]*"' "$svg" | head -1 | tr -dc 0-9); h=$(grep -o 'height="[0-9]*"' "$svg" | head -1 | tr -dc 0-9)
tmp=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp" --hide-scrollbars \
  --window-size="$w,$h" --screenshot="$png" "file://$svg" >/dev/null 2>&1
rm -rf "$tmp"
