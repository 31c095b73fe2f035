#!/usr/bin/env bash
# Two builds of the gateway side by side in one run: both started at once against one stand-in (each on
# a fresh H2 store, API keys on), then the trivial endpoint and GET /predictions/{id} of a succeeded
# prediction with kept outputs (and with PATHS="trivial get generate", POST /generate too) are loaded on
# each in turn, the order flipped every round, so that both see the same machine. Prints, per round and as medians: req/s and the app's CPU time per request of
# each path on each build, and B against A. For judging a change whose effect is smaller than the
# swings of this machine between two runs of throughput.sh. With PG=1, each build gets a fresh PostgreSQL
# database (bench_a, bench_b) on 127.0.0.1 (user postgres, trust auth, as on the CI machine) instead.
# ARGS_A and ARGS_B add --property=value arguments to either, so one jar can also be compared with
# itself under two settings.
# Usage: [JAVA=...] [PG=1] [PATHS=...] [ARGS_A=...] [ARGS_B=...] bench/side-by-side.sh A.jar B.jar [duration] [connections] [rounds]
SIMULATOR=external
KEYS=on
source "$(dirname "$0")/lib.sh"
JAR_A="$(readlink -f "$1")"
JAR_B="$(readlink -f "$2")"
DURATION="${3:-5s}"
CONNECTIONS="${4:-32}"
ROUNDS="${5:-6}"
PATHS="${PATHS:-trivial get}"
for path in $PATHS; do
  case "$path" in
    trivial | get | generate) ;;
    *) echo "PATHS: '$path' is none of trivial, get, generate" >&2; exit 2 ;;
  esac
done
BENCH="$(cd "$(dirname "$0")" && pwd)"
JAR="$JAR_A"
start_standin

PIDS=()
stop_both() {
  for pid in "${PIDS[@]}"; do APP_PID="$pid" stop_app; done
  stop_all
  if [ "${PG:-}" = 1 ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists bench_a" \
      -c "drop database if exists bench_b" || true
  fi
}
trap stop_both EXIT

start_one() { # start_one NAME JAR PORT EXTRA-ARGS
  local store=(--spring.datasource.url="jdbc:h2:file:$WORK/data-$1/bench") extra
  read -r -a extra <<< "$4"
  if [ "${PG:-}" = 1 ]; then
    local db="bench_${1,,}"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db" -c "create database $db"
    store=(--spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$db" --spring.datasource.username=postgres)
  fi
  "$JAVA" -Xms256m -Xmx1g ${JAVA_OPTS:-} -jar "$2" \
    --server.port="$3" \
    "${store[@]}" \
    --replicate.simulator.enabled=false --replicate.api-token=r8_bench \
    --replicate.base-url="http://127.0.0.1:$SIM_PORT/simulator/v1" \
    --gateway.callers.api-keys="bench:$BENCH_KEY" \
    --gateway.callers.admin-key="$ADMIN_KEY" \
    --gateway.callers.quota.requests-per-minute=100000000 \
    --gateway.callers.quota.predictions-per-day=100000000 \
    --logging.level.root=WARN "${extra[@]}" > "$WORK/app-$1.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
}
start_one A "$JAR_A" "$PORT" "${ARGS_A:-}"
start_one B "$JAR_B" "$((PORT + 1))" "${ARGS_B:-}"
wait_ready "http://127.0.0.1:$PORT" "$WORK/app-A.log"
wait_ready "http://127.0.0.1:$((PORT + 1))" "$WORK/app-B.log"

# probe BASE: a prediction run to success with its outputs kept (when outputs are on: the answer then
# says outputs_persisted), so GET shows what a finished one shows.
probe() {
  local id
  id=$(curl -fs -X POST "$1/generate" -H "$AUTH" -H 'Content-Type: application/json' \
    -d '{"prompt":"probe","model":"flux-schnell"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for _ in $(seq 1 240); do
    curl -fs -H "$AUTH" "$1/predictions/$id" | python3 -c '
import json, sys
p = json.load(sys.stdin)
sys.exit(0 if p["status"] == "succeeded" and p.get("outputs_persisted", True) else 1)' && { echo "$id"; return 0; }
    sleep 0.25
  done
  echo "the probe prediction $id did not succeed with kept outputs" >&2
  exit 1
}
ID_A=$(probe "http://127.0.0.1:$PORT")
ID_B=$(probe "http://127.0.0.1:$((PORT + 1))")

# load BUILD PATH [duration]: one wrk run on that build; prints "req/s cpu-us-per-request"
load() {
  local port pid id c0 c1
  if [ "$1" = A ]; then port=$PORT pid=$PID_A id=$ID_A; else port=$((PORT + 1)) pid=$PID_B id=$ID_B; fi
  local target=(-H "$AUTH" "http://127.0.0.1:$port/predictions/$id")
  if [ "$2" = trivial ]; then target=("http://127.0.0.1:$port/actuator/health/liveness"); fi
  if [ "$2" = generate ]; then target=(-s "$BENCH/generate.lua" "http://127.0.0.1:$port"); fi
  c0=$(cpu_seconds "$pid")
  BENCH_AUTH="Bearer $BENCH_KEY" wrk -t2 -c"$CONNECTIONS" -d"${3:-$DURATION}" "${target[@]}" > "$WORK/wrk.txt"
  c1=$(cpu_seconds "$pid")
  python3 - "$WORK/wrk.txt" "$c0" "$c1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
if "Non-2xx" in text or "Socket errors" in text:
    sys.exit("wrk saw errors, the figures would not be of the path:\n" + text)
requests = int(re.search(r"(\d+) requests in", text).group(1))
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print(f"{rate:.0f} {1e6 * (float(sys.argv[3]) - float(sys.argv[2])) / requests:.0f}")
PY
}

# Warm-up: a path needs 20-30 s of load on this machine before the JIT has settled (see throughput.sh).
for build in A B; do
  for path in $PATHS; do
    load "$build" "$path" "${WARMUP:-20s}" > /dev/null
  done
done
: > "$WORK/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  line="round $round:"
  for build in $order; do
    for path in $PATHS; do
      result=$(load "$build" "$path")
      read -r rate cpu <<< "$result"
      echo "$round $build $path $rate $cpu" >> "$WORK/rounds.txt"
      line="$line $build $path $rate/s ${cpu}us;"
    done
  done
  echo "$line"
done
python3 - "$WORK/rounds.txt" "$JAR_A" "$JAR_B" "${ARGS_A:-}" "${ARGS_B:-}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(build, path, column):
    return statistics.median(float(r[column]) for r in rows if r[1] == build and r[2] == path)
def share(build, path):
    return statistics.median(
        float(g[3]) / float(t[3]) * 100
        for g in rows for t in rows
        if g[0] == t[0] and g[1] == t[1] == build and g[2] == path and t[2] == "trivial")
paths = list(dict.fromkeys(r[2] for r in rows))
print(f"A = {sys.argv[2]} {sys.argv[4]}\nB = {sys.argv[3]} {sys.argv[5]}")
for path in paths:
    a_rate, b_rate = med("A", path, 3), med("B", path, 3)
    a_cpu, b_cpu = med("A", path, 4), med("B", path, 4)
    print(f"{path:8s} median req/s A {a_rate:8.0f}  B {b_rate:8.0f}  (B/A {b_rate / a_rate:.2f});"
          f"  CPU per request A {a_cpu:5.0f} us  B {b_cpu:5.0f} us  (B/A {b_cpu / a_cpu:.2f})")
for path in paths:
    if path != "trivial" and "trivial" in paths:
        print(f"{path} share of trivial (median of rounds): A {share('A', path):.0f} %  B {share('B', path):.0f} %")
PY
