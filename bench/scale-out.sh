#!/usr/bin/env bash
# POST /generate throughput with one and with two instances on one PostgreSQL, and the upstream create
# rate against the shared budget. Needs PostgreSQL at 127.0.0.1:5432 (user postgres, database test).
# Usage: bench/scale-out.sh [duration] [creates-per-minute]
source "$(dirname "$0")/lib.sh"
DURATION="${1:-15s}"
BUDGET="${2:-600}"
PG="jdbc:postgresql://127.0.0.1:5432/test"
build
PORT_B=$((PORT + 1))
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
instance() {
  local port="$1" schema="$2"; shift 2
  java -Xms256m -Xmx768m -jar "$JAR" --server.port="$port" \
    --spring.datasource.url="$PG?currentSchema=$schema" --spring.datasource.username=postgres \
    --spring.flyway.schemas="$schema" --logging.level.root=WARN \
    --gateway.callers.quota.requests-per-minute=100000000 --gateway.callers.quota.predictions-per-day=100000000 \
    --replicate.rate-limit.creates-per-minute="$BUDGET" "$@" > "$WORK/app-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1 && return 0; sleep 0.5; done
  echo "instance on $port did not start" >&2; tail -30 "$WORK/app-$port.log" >&2; exit 1
}
rps() { awk '/Requests\/sec/ {print $2}'; }
for n in 1 2; do
  schema="gw_bench_$(date +%s)_$n"
  instance "$PORT" "$schema" --replicate.simulator.enabled=true --replicate.simulator.time-scale=0.05
  [ "$n" = 2 ] && instance "$PORT_B" "$schema" --replicate.simulator.enabled=false --replicate.api-token=r8_bench \
    --replicate.base-url="http://127.0.0.1:$PORT/simulator/v1"
  wrk -t1 -c8 -d5s -s "$(dirname "$0")/generate.lua" "http://127.0.0.1:$PORT" > /dev/null
  curl -fs -X POST "http://127.0.0.1:$PORT/simulator/admin/reset" > /dev/null
  start=$(date +%s)
  if [ "$n" = 1 ]; then
    total=$(wrk -t2 -c32 -d"$DURATION" -s "$(dirname "$0")/generate.lua" "http://127.0.0.1:$PORT" | rps)
  else
    wrk -t1 -c16 -d"$DURATION" -s "$(dirname "$0")/generate.lua" "http://127.0.0.1:$PORT" > "$WORK/wrk-a.txt" &
    WRK_A=$!
    wrk -t1 -c16 -d"$DURATION" -s "$(dirname "$0")/generate.lua" "http://127.0.0.1:$PORT_B" > "$WORK/wrk-b.txt"
    wait "$WRK_A"
    total=$(python3 -c "print(round($(rps < "$WORK/wrk-a.txt") + $(rps < "$WORK/wrk-b.txt"), 1))")
  fi
  sleep 60
  created=$(curl -fs "http://127.0.0.1:$PORT/simulator/admin/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["predictions"])')
  elapsed=$(( $(date +%s) - start ))
  echo "$n instance(s): POST /generate $total req/s; upstream creates $created in ${elapsed}s = $(( created * 60 / elapsed ))/min (budget $BUDGET/min, burst up to $BUDGET)"
  cleanup; PIDS=()
done
