#!/usr/bin/env bash
# Builds the Debian package of PAE with jpackage (the engine's jar and a Java runtime under
# /opt/pae), installs it, starts it, queries it, and removes it. Needs root, dpkg-deb and fakeroot,
# and pae-cli/target/pae.jar (./mvnw -B verify or package). Usage: tools/deb-check.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
jar=pae-cli/target/pae.jar
[ -f "$jar" ] || { echo "deb-check: $jar is missing; build it first (./mvnw -B package -pl pae-cli -am)" >&2; exit 1; }
work=$(mktemp -d)
out=${1:-$work/out}
run=$work/run
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  dpkg-query -W -f='${Status}' pae 2>/dev/null | grep -q 'ok installed' && dpkg --purge pae >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "deb-check: failed at line $LINENO" >&2' ERR
# dpkg-deb's default xz takes minutes on the ~140 MB payload (jar and runtime); gzip -1 takes seconds.
export DPKG_DEB_COMPRESSOR_TYPE=gzip DPKG_DEB_COMPRESSOR_LEVEL=1
mkdir -p "$work/in" "$out" "$run"
cp "$jar" "$work/in/pae.jar"
version=$(sed -n 's:^  <version>\([0-9.]*\).*</version>:\1:p' pom.xml | head -n 1)
"$JAVA_HOME/bin/jpackage" --type deb --name pae --app-version "${version:-0.1.0}" \
  --input "$work/in" --main-jar pae.jar --dest "$out" --install-dir /opt \
  --description "PAE, the Predictive Access Engine: forecasts each workload's use and resizes ahead of demand" \
  --vendor PAE --license-file LICENSE --linux-package-name pae --linux-app-category admin \
  --java-options "--enable-native-access=ALL-UNNAMED"
deb=$(ls "$out"/pae_*.deb)
echo "deb-check: built $deb ($(du -h "$deb" | cut -f1))"
dpkg -i "$deb" >/dev/null
test -x /opt/pae/bin/pae
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/opt/pae/bin/pae run --data-dir "$run/data" --listen "127.0.0.1:$port" --view lines --iterations 60 \
  >"$run/out.txt" 2>"$run/err.txt" &
pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/health" | grep -q '"ok"' || { cat "$run/err.txt" >&2; echo "deb-check: /health did not answer" >&2; exit 1; }
token=$(cat "$run/data/api-token")
curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" | grep -q '"operator"'
curl -fs "http://127.0.0.1:$port/metrics" >"$run/metrics.txt"
grep -q "^pae_workloads " "$run/metrics.txt"
grep -q "logs in once" "$run/err.txt"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
dpkg --purge pae >/dev/null
test ! -e /opt/pae/bin/pae
echo "deb-check: installed, started, queried (/health, /api/v1/me, /metrics) and removed"
