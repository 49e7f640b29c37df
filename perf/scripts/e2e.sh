#!/usr/bin/env bash
# End-to-end: a fresh real gateway (./tickgate serve, free ports, temp journal) and the load generator on this box.
# usage: perf/scripts/e2e.sh CONNECTIONS full|conflated [more LoadGenerator options]
# e.g.   perf/scripts/e2e.sh 1000 full            (20 of 500 symbols, 20,000 ticks/s, 10 s warm-up, 30 s measured)
set -euo pipefail
C=$1; M=$2; shift 2
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${JAR:-$ROOT/perf/target/benchmarks.jar}"
OUT="${OUT:-$(mktemp -d)}"
JOURNAL="$(mktemp -d)"
J=(java ${LGJAVA:-} --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp "$JAR")
# shellcheck disable=SC2086
"$ROOT/tickgate" serve --port 0 --ingest-port 0 --journal "$JOURNAL" ${GW_OPTS:-} > "$OUT/gateway.log" 2>&1 &
GW=$!   # the launcher execs java, so this is the gateway JVM
trap 'kill $GW 2>/dev/null || true; wait $GW 2>/dev/null || true; rm -rf "$JOURNAL"' EXIT
for _ in $(seq 1 300); do grep -q "listening http" "$OUT/gateway.log" && break; sleep 0.2; done
read -r HP IP < <(sed -n 's/.*listening http=\([0-9]*\) ingest=\([0-9]*\).*/\1 \2/p' "$OUT/gateway.log")
echo "gateway pid $GW http=$HP ingest=$IP; uptime: $(uptime)"
"${J[@]}" io.tickgate.perf.load.LoadGenerator --port "$HP" --ingest-port "$IP" --connections "$C" --symbols-per-conn 20 \
    --symbol-count 500 --rate 20000 --mode "$M" --warmup 10 --duration 30 --gateway-pid "$GW" \
    --out "$OUT/e2e-$C-$M.hgrm" "$@" | tee "$OUT/loadgen.log"
echo "uptime after: $(uptime); logs in $OUT"
