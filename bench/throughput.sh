#!/usr/bin/env bash
# Throughput of POST /generate (accepted) and GET /predictions/{id}, beside a trivial endpoint of the
# same app (the liveness probe), in one run. Usage: bench/throughput.sh [duration] [connections]
source "$(dirname "$0")/lib.sh"
DURATION="${1:-15s}"
CONNECTIONS="${2:-32}"
build
start_app
ID=$(curl -fs -X POST "$BASE/generate" -H 'Content-Type: application/json' -d '{"prompt":"probe","model":"flux-schnell"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Warm-up, so the JIT has compiled the paths measured.
wrk -t2 -c8 -d5s "$BASE/actuator/health/liveness" > /dev/null
wrk -t2 -c8 -d5s "$BASE/predictions/$ID" > /dev/null
wrk -t2 -c8 -d5s -s "$(dirname "$0")/generate.lua" "$BASE" > /dev/null
for target in "trivial endpoint (GET /actuator/health/liveness)|$BASE/actuator/health/liveness|" \
              "GET /predictions/{id}|$BASE/predictions/$ID|" \
              "POST /generate (202 accepted, stored)|$BASE|$(dirname "$0")/generate.lua"; do
  IFS='|' read -r name url script <<< "$target"
  if [ -n "$script" ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$url"); else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url"); fi
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errors=$(echo "$out" | grep -E "Non-2xx|Socket errors" | tr "\n" " " || true)
  printf '%-45s %10s req/s   p50 %-8s p99 %-8s %s\n' "$name" "$rps" "$p50" "$p99" "$errors"
done
