# Shared helpers of the benchmark scripts: build once, start and stop the app against its simulator.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18080}"
BASE="http://127.0.0.1:${PORT}"
ADMIN_KEY="bench-admin-key-0123456789abcdefghijklmnop"
WORK="$(mktemp -d)"
# A fresh machine has no wrk: Debian's package is installed when it is missing.
if ! command -v wrk > /dev/null; then
  (apt-get install -y -q wrk || (apt-get update -q && apt-get install -y -q wrk)) > "$WORK/apt.log" 2>&1 ||
    { echo "wrk is missing and could not be installed; see $WORK/apt.log" >&2; exit 1; }
fi
APP_PID=""

build() { # build [maven arguments...]
  (cd "$ROOT" && ./mvnw -q -B "$@" package -DskipTests -Dspotless.check.skip=true)
  JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar | head -n 1)"
}

# The JDK that runs the app: JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/throughput.sh
JAVA="${JAVA:-java}"
# A caller key: the API is measured as it is served, with keys on (every API request is authenticated).
BENCH_KEY="bench-caller-key-0123456789abcdef"
AUTH="Authorization: Bearer $BENCH_KEY"
SIM_PORT="${SIM_PORT:-$((PORT + 100))}"
SIM_PID=""

wait_ready() { # wait_ready URL LOG
  for _ in $(seq 1 240); do
    curl -fs "$1/actuator/health/readiness" > /dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "app did not start; see $2" >&2
  tail -50 "$2" >&2
  exit 1
}

# start_standin: Replicate played by another process (this jar in simulator mode), so that the
# simulated jobs are not counted in the gateway measured. Started once per script. Its images are 64 px
# (SIM_IMAGE_SIDE): at 768 px, rendering the WebP outputs the gateway keeps took 1.2 of the 2 cores.
start_standin() {
  [ -n "$SIM_PID" ] && return 0
  rm -rf "$WORK/sim-data"
  "$JAVA" -Xms128m -Xmx512m -XX:TieredStopAtLevel=1 -jar "$JAR" --server.port="$SIM_PORT" \
    --spring.datasource.url="jdbc:h2:file:$WORK/sim-data/sim" --replicate.simulator.enabled=true \
    --replicate.simulator.time-scale="${SIM_TIME_SCALE:-0.2}" \
    --replicate.simulator.image-long-side="${SIM_IMAGE_SIDE:-64}" --logging.level.root=WARN > "$WORK/standin.log" 2>&1 &
  SIM_PID=$!
  wait_ready "http://127.0.0.1:$SIM_PORT" "$WORK/standin.log"
}

# start_app [extra --property=value ...]: a fresh store each time, quotas out of the way; the app's own
# simulator, or with SIMULATOR=external the stand-in; the API open, or with KEYS=on behind a caller key.
start_app() {
  [ -n "${NO_WIPE:-}" ] || rm -rf "$WORK/data"
  local upstream=() keys=()
  [ "${KEYS:-off}" = on ] && keys=(--gateway.callers.api-keys="bench:$BENCH_KEY")
  if [ "${SIMULATOR:-inprocess}" = inprocess ]; then
    upstream=(--replicate.simulator.enabled=true)
  else
    start_standin
    upstream=(--replicate.simulator.enabled=false --replicate.api-token=r8_bench
      --replicate.base-url="http://127.0.0.1:$SIM_PORT/simulator/v1")
  fi
  "$JAVA" -Xms256m -Xmx1g ${JAVA_OPTS:-} -jar "$JAR" \
    --server.port="$PORT" \
    --spring.datasource.url="${DB_URL:-jdbc:h2:file:$WORK/data/bench}" \
    "${upstream[@]}" \
    "${keys[@]}" \
    --gateway.callers.admin-key="$ADMIN_KEY" \
    --gateway.callers.quota.requests-per-minute=100000000 \
    --gateway.callers.quota.predictions-per-day=100000000 \
    --logging.level.root=WARN \
    "$@" > "$WORK/app.log" 2>&1 &
  APP_PID=$!
  wait_ready "$BASE" "$WORK/app.log"
}

# cpu_seconds [PID]: CPU time the app's process (or PID) has used so far (user + system), from /proc.
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / tck}' "/proc/${1:-$APP_PID}/stat"
}
minus() { python3 -c "print(round($1 - $2, 2))"; }
# thread_ticks [PID]: each thread of the app (or PID) and the CPU ticks it has used so far, one
# "name ticks" line each (the kernel's 15-character names), for bench/thread-cpu.py.
thread_ticks() {
  local t
  for t in /proc/"${1:-$APP_PID}"/task/*; do
    echo "$(tr ' ' '_' < "$t/comm") $(awk '{print $14 + $15}' "$t/stat" 2> /dev/null || echo 0)"
  done
}

stop_app() {
  if [ -n "$APP_PID" ]; then
    kill "$APP_PID" 2>/dev/null || true
    # A JVM that does not end within 30 s (a stuck shutdown) must not keep loading the next bench.
    for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=""
  fi
}
stop_all() {
  stop_app
  if [ -n "$SIM_PID" ]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""; fi
}
trap stop_all EXIT

# sim_count PATTERN: requests the simulator counted whose endpoint matches the regex (e.g. '^GET '); the
# app's own simulator, or the stand-in's with SIM_BASE.
sim_count() {
  curl -fs "${SIM_BASE:-$BASE}/simulator/admin/stats" | python3 -c '
import json, re, sys
stats = json.load(sys.stdin)
print(sum(v for k, v in stats["requests"].items() if re.search(sys.argv[1], k)))' "$1"
}

# count_status STATUS: predictions of the anonymous caller in STATUS (first 100 pages of 100).
count_final() {
  python3 - "$BASE" <<'PY'
import json, sys, urllib.request
base, total, final, cursor = sys.argv[1], 0, 0, None
for _ in range(1000):
    url = base + "/predictions?limit=100" + ("&cursor=" + cursor if cursor else "")
    page = json.load(urllib.request.urlopen(url))
    for p in page["results"]:
        total += 1
        final += p["status"] in ("succeeded", "failed", "canceled", "aborted")
    cursor = page.get("next_cursor")
    if not cursor:
        break
print(total, final)
PY
}

# wait_all_final TIMEOUT_SECONDS
wait_all_final() {
  local deadline=$((SECONDS + $1))
  while [ $SECONDS -lt $deadline ]; do
    read -r total final < <(count_final)
    [ "$total" -gt 0 ] && [ "$total" = "$final" ] && return 0
    sleep 2
  done
  echo "not all final after $1 s: $(count_final)" >&2
  return 1
}

heap_used_mb() {
  curl -fs -X POST -H "Authorization: Bearer $ADMIN_KEY" "$BASE/actuator/gc" > /dev/null 2>&1 || true
  jcmd "$APP_PID" GC.run > /dev/null 2>&1 || true
  sleep 1
  curl -fs -H "Authorization: Bearer $ADMIN_KEY" "$BASE/actuator/metrics/jvm.memory.used?tag=area:heap" |
    python3 -c 'import json,sys; print(round(json.load(sys.stdin)["measurements"][0]["value"]/1048576))'
}

# live_heap_mb: the app's live heap, from a class histogram (which runs a full GC and counts only
# reachable objects). Reading the heap gauge after a GC also counts what the app allocated since: with
# 10,000 predictions in flight that read 37-151 MiB for what the histogram shows as 45-48 MiB.
live_heap_mb() {
  "$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd" "$APP_PID" GC.class_histogram |
    awk '/^Total/ {printf "%d\n", $3 / 1048576}'
}
