#!/usr/bin/env bash
# Start-to-healthy and idle RSS: the fat jar beside the layout the Dockerfile ships (the jar built with
# the aot profile and extracted into layers, started with the image's flags, -Dspring.aot.enabled=true
# among them, and a JDK 25 AOT cache trained by the image's own docker/train-aot-cache.sh), measured side
# by side on the same JDK, ROUNDS times each, alternating. Both run as the image is meant to: with a token
# and caller keys, against a stand-in for Replicate (this jar in simulator mode, another JVM). Exits
# non-zero when the shipped layout misses its targets: start-to-healthy at most 0.45x the fat jar's,
# idle RSS at most 300 MB; and when it did not start on its ahead-of-time bean set.
# Usage: bench/startup.sh [rounds]   (JAVA25 overrides the JDK 25 found under /usr/lib/jvm)
source "$(dirname "$0")/lib.sh"
ROUNDS="${1:-3}"
JAVA25="${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)}"
[ -x "$JAVA25" ] || { echo "no JDK 25 found (set JAVA25=/path/to/bin/java)" >&2; exit 2; }
# On JDK 25, as the Dockerfile builds it: the ahead-of-time bean set depends on the build's JDK too
# (Spring Boot's virtual-thread beans need 21+). clean: a -Paot build keeps nothing of an older one.
JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA25")")")" build clean -Paot
start_standin

# The shipped layout, built as the Dockerfile builds it.
LAYOUT="$WORK/layout"
"$JAVA25" -Djarmode=tools -jar "$JAR" extract --layers --destination "$WORK/layers" > /dev/null
mkdir -p "$LAYOUT"
for layer in dependencies spring-boot-loader snapshot-dependencies application; do
  [ -d "$WORK/layers/$layer" ] && cp -r "$WORK/layers/$layer/." "$LAYOUT/"
done
APP_JAR="$(ls "$LAYOUT"/*.jar | head -n 1)"
# The image's JVM flags, read from its ENTRYPOINT; its training line must pass the same ones.
mapfile -t IMAGE_FLAGS < <(python3 - "$ROOT/Dockerfile" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
entry = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", text, re.M).group(1))
flags = entry[1:entry.index("-jar")]
training = re.search(r"train-aot-cache\.sh gateway\.jar app\.aot (.*?) \\$", text, re.M).group(1).split()
if training != [f for f in flags if not f.startswith("-XX:AOTCache=")]:
    sys.exit(f"the Dockerfile trains its AOT cache with {training}, but starts with {flags}")
print("\n".join(flags))
PY
)
[ "${#IMAGE_FLAGS[@]}" -gt 0 ] || exit 1
TRAINING_FLAGS=()
for flag in "${IMAGE_FLAGS[@]}"; do [[ "$flag" == -XX:AOTCache=* ]] || TRAINING_FLAGS+=("$flag"); done
(cd "$LAYOUT" && PATH="$(dirname "$JAVA25"):$PATH" AOT_TRAINING_PORT="$((PORT + 1))" \
  sh "$ROOT/docker/train-aot-cache.sh" "$(basename "$APP_JAR")" app.aot "${TRAINING_FLAGS[@]}" > "$WORK/training.log" 2>&1) ||
  { tail -30 "$WORK/training.log" >&2; exit 1; }

# start_and_time LABEL COMMAND...: milliseconds from exec to the first 200 of the readiness probe, and
# the process's RSS 10 s after that (idle).
start_and_time() {
  local label="$1"; shift
  rm -rf "$WORK/data"
  local started
  started=$(date +%s%N)
  "$@" --server.port="$PORT" \
    --spring.datasource.url="jdbc:h2:file:$WORK/data/bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
    --replicate.api-token=r8_bench --replicate.base-url="http://127.0.0.1:$SIM_PORT/simulator/v1" \
    --gateway.callers.api-keys="bench:$BENCH_KEY" --gateway.outputs.directory="$WORK/data/outputs" \
    --logging.level.root=WARN --logging.level.dev.replicategateway.ReplicateGatewayApplication=INFO > "$WORK/app.log" 2>&1 &
  APP_PID=$!
  until curl -fs "$BASE/actuator/health/readiness" > /dev/null 2>&1; do
    kill -0 "$APP_PID" 2>/dev/null || { tail -30 "$WORK/app.log" >&2; APP_PID=""; exit 1; }
    sleep 0.05
  done
  local ms=$(( ($(date +%s%N) - started) / 1000000 ))
  if [ "$label" = shipped ] && { ! grep -q "Starting AOT-processed" "$WORK/app.log" ||
    grep -q "without the ahead-of-time bean set" "$WORK/app.log"; }; then
    echo "the shipped layout did not start on its ahead-of-time bean set:" >&2
    tail -30 "$WORK/app.log" >&2
    stop_app # this runs in a subshell, whose exit does not run the EXIT trap
    exit 1
  fi
  sleep 10
  local rss_kb
  rss_kb=$(ps -o rss= -p "$APP_PID" | tr -d ' ')
  stop_app
  echo "$label $ms $((rss_kb / 1024))"
}

RESULTS="$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  start_and_time fat "$JAVA25" -jar "$JAR" >> "$RESULTS"
  (cd "$LAYOUT" && start_and_time shipped "$JAVA25" "${IMAGE_FLAGS[@]}" -jar "$APP_JAR") >> "$RESULTS"
done

python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def median(label, column):
    return statistics.median(int(r[column]) for r in rows if r[0] == label)
fat_ms, shipped_ms = median("fat", 1), median("shipped", 1)
fat_rss, shipped_rss = median("fat", 2), median("shipped", 2)
ratio = shipped_ms / fat_ms
print(f"{'layout':<44} {'start-to-healthy':>16} {'idle RSS':>9}")
print(f"{'fat jar (java -jar)':<44} {fat_ms:>13} ms {fat_rss:>6} MB")
print(f"{'shipped (Spring AOT, layers, JDK AOT cache)':<44} {shipped_ms:>13} ms {shipped_rss:>6} MB")
print(f"shipped / fat start-to-healthy: {ratio:.2f} (target <= 0.45); medians of {len(rows) // 2} rounds each")
missed = [what for what, bad in (("start", ratio > 0.45), ("rss", shipped_rss > 300)) if bad]
if missed:
    print("MISSED: " + ", ".join(missed))
    sys.exit(1)
PY
