#!/usr/bin/env bash
# The gateway's trivial endpoint (the liveness probe) beside a bare Spring Boot app with the same
# starters (bench/bare-app), both running, measured one after the other, ROUNDS times. Prints both
# and the ratio; exits non-zero when the gateway is slower than half the bare app (issue 20, target 3).
# Usage: [JAVA=...] bench/bare.sh [duration] [connections] [rounds]
SIMULATOR=external
KEYS=on
source "$(dirname "$0")/lib.sh"
DURATION="${1:-10s}"
CONNECTIONS="${2:-32}"
ROUNDS="${3:-2}"
BENCH="$(cd "$(dirname "$0")" && pwd)"
[ -n "${JAR:-}" ] || build
(cd "$ROOT" && ./mvnw -q -B -f bench/bare-app/pom.xml package -DskipTests)
BARE_PORT=$((PORT + 50))
"$JAVA" -Xms256m -Xmx1g -jar "$BENCH/bare-app/target/bare-app.jar" --server.port="$BARE_PORT" \
  --spring.datasource.url="jdbc:h2:file:$WORK/bare/bare" > "$WORK/bare.log" 2>&1 &
BARE_PID=$!
trap 'kill $BARE_PID 2>/dev/null || true; stop_all' EXIT
wait_ready "http://127.0.0.1:$BARE_PORT" "$WORK/bare.log"
start_app
GW="$BASE/actuator/health/liveness"
BARE="http://127.0.0.1:$BARE_PORT/actuator/health/liveness"
wrk -t2 -c8 -d5s "$GW" > /dev/null
wrk -t2 -c8 -d5s "$BARE" > /dev/null
status=0
for round in $(seq 1 "$ROUNDS"); do
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BARE" > "$WORK/bare.txt"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$GW" > "$WORK/gw.txt"
  echo "round $round ($("$JAVA" -version 2>&1 | head -1), -t2 -c$CONNECTIONS -d$DURATION):"
  python3 "$BENCH/wrk-report.py" "bare Spring Boot (same starters)=$WORK/bare.txt" \
    "gateway trivial (liveness)=$WORK/gw.txt" 2> "$WORK/rows.tsv" | sed 's/of trivial/of bare/'
  ratio=$(awk -F'\t' '$1=="#" {r[NR]=$3} END {printf "%.2f", r[1]/r[2]}' "$WORK/rows.tsv")
  echo "  bare / gateway = ${ratio}x (target <= 2x)"
  awk -v r="$ratio" 'BEGIN {exit !(r > 2)}' && status=1
done
exit "$status"
