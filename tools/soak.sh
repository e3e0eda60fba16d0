#!/usr/bin/env bash
# Soak report (issue 15): `pae run` for MINUTES at about WORKLOADS processes with churn — CHURN of
# them exit and as many new ones start every 5 s — sampling every SAMPLE seconds the daemon's heap
# in use after a full GC (jcmd), its resident memory, open file descriptors and threads, and the
# size of its history on disk under a short retention (raw samples RAW, downsampled DOWN), so that
# retention deletes within the run. The processes are `sleep`s: each a real process the daemon
# observes through /proc, costing the machine nothing. Recommend-only (no --enforce).
#
# Usage: tools/soak.sh [MINUTES=60] [WORKLOADS=1000] [CHURN=50] [SAMPLE=60]
#        (env RAW=10m DOWN=30m change the retention; PAE="java -jar copy.jar" runs another build;
#        OUT=dir keeps the series as dir/soak.csv and the daemon's log as dir/daemon.log)
# Prints one row per sample, then the first and last rows and the machine's load. The data
# directory is measured twice: its blocks on disk (du) and the apparent bytes of its files.
set -euo pipefail
minutes=${1:-60}
workloads=${2:-1000}
churn=${3:-50}
sample=${4:-60}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
work=$(mktemp -d /tmp/pae-soak.XXXXXX)
out=${OUT:-}
pids=()

cleanup() {
  [ -n "${daemon:-}" ] && kill "$daemon" 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$out" ]; then cp "$work/daemon.log" "$out/daemon.log" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_one() { sleep 100000 & pids+=("$!"); }

cat > "$work/soak.properties" <<PROPS
history.raw-retention = ${RAW:-10m}
history.downsampled-retention = ${DOWN:-30m}
history.step = 1m
history.warm-up = 0s
PROPS

for _ in $(seq "$workloads"); do start_one; done
pae=${PAE:-$root/pae}
$pae --version >/dev/null
$pae run --settings "$work/soak.properties" --data-dir "$work/data" --listen 127.0.0.1:0 \
  >"$work/daemon.log" 2>&1 &
daemon=$!
# The launcher execs java: the daemon's pid is the launcher's.
for _ in $(seq 600); do grep -q " on http://" "$work/daemon.log" && break; sleep 0.1; done

commit=$(git -C "$root" rev-parse --short HEAD)
echo "# pae soak: commit $commit, $minutes min, $workloads processes (+ this host's own), $churn replaced every 5 s, retention raw ${RAW:-10m} downsampled ${DOWN:-30m}"
printf '%8s %10s %10s %6s %8s %12s %12s %14s\n' minute heap_MB rss_MB fds threads history_MB files_MB load1
if [ -n "$out" ]; then
  mkdir -p "$out"
  echo "minute,heap_mb,rss_mb,fds,threads,history_mb,files_mb,load1" >"$out/soak.csv"
fi
first=""
end=$(( $(date +%s) + minutes * 60 ))
next=$(date +%s)
while [ "$(date +%s)" -lt "$end" ]; do
  if [ "$(date +%s)" -ge "$next" ]; then
    kill -0 "$daemon" 2>/dev/null || { echo "the daemon exited:"; tail -20 "$work/daemon.log"; exit 1; }
    "$JAVA_HOME/bin/jcmd" "$daemon" GC.run >/dev/null
    heap=$("$JAVA_HOME/bin/jcmd" "$daemon" GC.heap_info | sed -n "s/.*used \([0-9]*\)K.*/\1/p" | head -1)
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon/status")
    threads=$(awk '/^Threads:/ {print $2}' "/proc/$daemon/status")
    fds=$(ls "/proc/$daemon/fd" | wc -l)
    db=$(du -sk "$work/data" | cut -f1)
    bytes=$(find "$work/data" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    load=$(cut -d' ' -f1 /proc/loadavg)
    row=$(awk -v t="$(( $(date +%s) - end + minutes * 60 ))" -v h="$heap" -v r="$rss" -v f="$fds" \
      -v th="$threads" -v d="$db" -v b="$bytes" -v l="$load" \
      'BEGIN { printf "%8.1f %10.1f %10.1f %6d %8d %12.1f %12.1f %14s", t / 60, h / 1024, r / 1024, f, th, d / 1024, b / 1048576, l }')
    echo "$row"
    if [ -n "$out" ]; then echo "$row" | awk '{ $1 = $1; gsub(/ /, ","); print }' >>"$out/soak.csv"; fi
    [ -z "$first" ] && first="$row"
    last="$row"
    next=$(( $(date +%s) + sample ))
  fi
  # Churn: the oldest CHURN processes exit, as many new ones start.
  for p in "${pids[@]:0:$churn}"; do kill "$p" 2>/dev/null || true; done
  pids=("${pids[@]:$churn}")
  for _ in $(seq "$churn"); do start_one; done
  sleep 5
done
echo "# first: $first"
echo "# last:  $last"
echo "# daemon log lines: $(wc -l < "$work/daemon.log"); errors: $(grep -ci 'error\|exception' "$work/daemon.log" || true)"
