#!/usr/bin/env bash
# fan-out p99, token auth on (A) vs off (B), both long-running serve processes, side by side
set -u
cd /work/main
OUT=/tmp/authperf/out; rm -rf $OUT /tmp/authperf/ja /tmp/authperf/jb; mkdir -p $OUT
head -c 48 /dev/urandom | base64 | head -c 48 > /tmp/authperf/secret
./tickgate token --secret-file /tmp/authperf/secret --sub bench --ttl 2h > /tmp/authperf/token
./tickgate serve --port 38080 --ingest-port 39001 --journal /tmp/authperf/ja --max-connections-per-ip 5000 \
   --auth-hs256-secret-file /tmp/authperf/secret > $OUT/a.log 2>&1 &
A=$!
./tickgate serve --port 28080 --ingest-port 29001 --journal /tmp/authperf/jb --max-connections-per-ip 5000 > $OUT/b.log 2>&1 &
B=$!
for i in $(seq 60); do grep -q listening $OUT/a.log && grep -q listening $OUT/b.log && break; sleep 1; done
APID=$(pgrep -f "serve --port 38080" | head -1); BPID=$(pgrep -f "serve --port 28080" | head -1)
./tickgate bench versus --port 38080 --ingest-port 39001 --gateway-pid $APID --peer-port 28080 --peer-ingest-port 29001 \
    --peer-name auth-off --peer-pid $BPID --connections 1000 --symbols-per-conn 20 --symbols 500 \
    --rates 480000,800000 --rounds 3 --warmup 10 --duration 20 --token-file /tmp/authperf/token --out-dir $OUT/versus > $OUT/versus.txt 2>&1
echo "versus rc=$?" >> $OUT/versus.txt
kill $A $B; wait
