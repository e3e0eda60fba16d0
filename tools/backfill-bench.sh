#!/usr/bin/env bash
# The backfill benchmark of issue 18 (docs/vm-managers.md). Usage:
#   tools/backfill-bench.sh [series=1000] [days=7] [step-seconds=60] [replayed-series=20]
# The series, every step over the days, are written as OpenMetrics, turned into TSDB blocks with
# promtool, served by a Prometheus of its own on 127.0.0.1:19091 (data in /tmp/pae-backfill-bench), then read back and replayed by
# org.pae.bench.vm.BackfillBenchmark. Needs Debian's prometheus (promtool) and a built pae-bench
# (./mvnw -B -q -pl pae-bench -am package -DskipTests). Stops the Prometheus it started.
set -euo pipefail
cd "$(dirname "$0")/.."
series=${1:-1000}; days=${2:-7}; step=${3:-60}
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar=pae-bench/target/benchmarks.jar
dir=/tmp/pae-backfill-bench
# The blocks are made again only when the parameters change (they end at the hour they were made).
if [ "$(cat "$dir/params" 2>/dev/null)" != "$series $days $step" ]; then
  rm -rf "$dir"; mkdir -p "$dir/data"
  "$java" -cp "$jar" org.pae.bench.vm.BackfillBenchmark write "$dir/series.om" "$series" "$days" "$step"
  promtool tsdb create-blocks-from openmetrics --max-block-duration=24h "$dir/series.om" "$dir/data" >"$dir/promtool.log"
  rm "$dir/series.om"
  echo "$series $days $step" >"$dir/params"
fi
printf 'global:\n  scrape_interval: 1m\n' >"$dir/prometheus.yml"
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --storage.tsdb.retention.time=30d --web.listen-address=127.0.0.1:19091 >"$dir/prometheus.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:19091/-/ready >/dev/null 2>&1 && break
  sleep 1
done
before=$(ps -o cputime= -p $pid)
"$java" -Xmx4g -cp "$jar" org.pae.bench.vm.BackfillBenchmark run http://127.0.0.1:19091 "$days" "$step" "${4:-20}"
echo "Prometheus's own CPU time: $before before the run, $(ps -o cputime= -p $pid) after"
