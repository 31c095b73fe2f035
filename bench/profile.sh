#!/usr/bin/env bash
# JFR profiles of the three paths of throughput.sh, one recording each, and a summary of where the CPU
# samples went (self frames and inclusive frames). Usage: [JAVA=...] bench/profile.sh [duration] [out-dir]
SIMULATOR=external
KEYS=on
source "$(dirname "$0")/lib.sh"
DURATION="${1:-15s}"
OUT="${2:-$WORK/profiles}"
BENCH="$(cd "$(dirname "$0")" && pwd)"
JFR="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jfr"
mkdir -p "$OUT"
[ -n "${JAR:-}" ] || build
JAVA_OPTS="${JAVA_OPTS:-} -XX:+FlightRecorder" start_app
ID=$(curl -fs -X POST "$BASE/generate" -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"prompt":"probe","model":"flux-schnell"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
run() { # run NAME wrk-args...
  local name="$1"; shift
  wrk -t2 -c8 -d5s "$@" > /dev/null
  jcmd "$APP_PID" JFR.start name="$name" settings=profile > /dev/null
  wrk -t2 -c32 -d"$DURATION" "$@" | grep -E "Requests/sec|Latency"
  jcmd "$APP_PID" JFR.stop name="$name" filename="$OUT/$name.jfr" > /dev/null
  "$JFR" print --events jdk.ExecutionSample --stack-depth 96 "$OUT/$name.jfr" > "$OUT/$name.txt"
  echo "== $name"
  python3 "$BENCH/jfr-top.py" "$OUT/$name.txt" | tee "$OUT/$name.summary"
}
run trivial "$BASE/actuator/health/liveness"
run get -H "$AUTH" "$BASE/predictions/$ID"
BENCH_AUTH="Bearer $BENCH_KEY" run generate -s "$BENCH/generate.lua" "$BASE"
echo "recordings in $OUT"
