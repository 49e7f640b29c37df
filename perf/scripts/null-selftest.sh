#!/usr/bin/env bash
# Load generator self-test against io.tickgate.perf.nullgateway.NullGateway (both on this box).
# usage: perf/scripts/null-selftest.sh RATE FLUSH_US CONNECTIONS [more LoadGenerator options]
# e.g.   perf/scripts/null-selftest.sh 20000 10000 1000 --warmup 10 --duration 15
set -euo pipefail
R=$1; F=$2; C=$3; shift 3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${JAR:-$ROOT/perf/target/benchmarks.jar}"
OUT="${OUT:-$(mktemp -d)}"
J=(java ${LGJAVA:-} --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR")
"${J[@]}" io.tickgate.perf.nullgateway.NullGateway --flush-us "$F" --seconds 600 > "$OUT/null-gateway.log" 2>&1 &
NG=$!
trap 'kill $NG 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q listening "$OUT/null-gateway.log" && break; sleep 0.2; done
read -r HP IP < <(sed -n 's/listening http=\([0-9]*\) ingest=\([0-9]*\)/\1 \2/p' "$OUT/null-gateway.log")
echo "null gateway pid $NG http=$HP ingest=$IP; uptime: $(uptime)"
"${J[@]}" io.tickgate.perf.load.LoadGenerator --port "$HP" --ingest-port "$IP" --connections "$C" --symbols-per-conn 20 \
    --symbol-count 500 --rate "$R" --gateway-pid "$NG" --out "$OUT/null-$R-$F-$C.hgrm" "$@" | tee "$OUT/loadgen.log"
echo "uptime after: $(uptime); logs in $OUT"
