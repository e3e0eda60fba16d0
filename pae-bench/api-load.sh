#!/usr/bin/env bash
# Load benchmark of the API's forecast endpoint (not a test): the real server over a synthetic fleet
# of 10,000 workloads on loopback, measured with wrk (Debian package `wrk`).
#   1. saturation: 2 threads, 32 connections, 20 s — the most requests/s it serves;
#   2. paced: 24 connections each waiting 10 ms between requests (about 2,000 requests/s) for 20 s —
#      the latency at the target rate.
# Every request asks GET /api/v1/workloads/{id}/forecast for the next of the 10,000 ids in turn;
# wrk reports any answer other than 2xx/3xx as "Non-2xx or 3xx responses".
# Usage: pae-bench/api-load.sh [WORKLOADS] [PORT]    (defaults 10000 18181)
set -euo pipefail
cd "$(dirname "$0")/.."
workloads="${1:-10000}"
port="${2:-18181}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
command -v wrk >/dev/null || { echo "api-load: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
jar=pae-bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl pae-bench -am package
fi
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
"$JAVA_HOME/bin/java" -Xmx1g -cp "$jar" org.pae.bench.api.ApiLoadServer "$workloads" "$port" "$work" &
server=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "api-load: the server did not start" >&2; exit 1; }

cat > "$work/forecast.lua" <<LUA
local ids = {}
for line in io.lines("$work/ids") do ids[#ids + 1] = line end
local token = io.open("$work/token"):read("*a")
local headers = { ["Authorization"] = "Bearer " .. token }
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/workloads/" .. ids[(n % #ids) + 1] .. "/forecast", headers)
end
LUA
cp "$work/forecast.lua" "$work/paced.lua"
echo 'delay = function() return 10 end' >> "$work/paced.lua"

url="http://127.0.0.1:$port"
echo "== warm-up (10 s, not reported)"
wrk -t2 -c16 -d10s -s "$work/forecast.lua" "$url" >/dev/null
echo "== saturation: wrk -t2 -c32 -d20s --latency"
wrk -t2 -c32 -d20s --latency -s "$work/forecast.lua" "$url"
echo "== paced to about 2,000 req/s: wrk -t2 -c24 -d20s --latency (10 ms delay per request)"
wrk -t2 -c24 -d20s --latency -s "$work/paced.lua" "$url"
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
