#!/usr/bin/env bash
# Prometheus scraping a node exporter, on loopback, for pae-prometheus's tests
# (PrometheusSourceTest). Idempotent; no systemd here, so the binaries are started directly with a
# config and a TSDB in /tmp/pae-prometheus. Ports: node exporter 19100, Prometheus 19090 (out of the
# way of a Prometheus already on the defaults).
set -euo pipefail
missing=""
for p in prometheus prometheus-node-exporter curl; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
dir=/tmp/pae-prometheus
mkdir -p "$dir/data"
cat > "$dir/prometheus.yml" <<'YAML'
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:19100']
YAML
if ! curl -fs http://127.0.0.1:19100/metrics >/dev/null 2>&1; then
  nohup prometheus-node-exporter --web.listen-address=127.0.0.1:19100 >"$dir/node-exporter.log" 2>&1 &
fi
if ! curl -fs http://127.0.0.1:19090/-/ready >/dev/null 2>&1; then
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address=127.0.0.1:19090 >"$dir/prometheus.log" 2>&1 &
fi
for _ in $(seq 1 60); do
  if curl -fs http://127.0.0.1:19090/-/ready >/dev/null 2>&1 \
    && curl -fs 'http://127.0.0.1:19090/api/v1/query?query=up' | grep -q '"value"'; then
    exit 0
  fi
  sleep 1
done
echo "prometheus.sh: Prometheus did not become ready on 127.0.0.1:19090 (see $dir/prometheus.log)" >&2
exit 1
