#!/usr/bin/env bash
# Concurrent event streams on one instance: STREAMS streams over PREDICTIONS long predictions (flux-dev,
# 50 steps, time-scale 3: about 40 s each). Prints when every stream was open, how late state events
# reached their streams (p50/p99 against the change's own time), and the heap each open stream costs
# (live heap after a full GC, all open against none). Exits non-zero when p99 lateness > 1000 ms or a
# stream failed. Usage: [HEAP=2g] bench/event-streams.sh [streams] [predictions] [java for the app]
source "$(dirname "$0")/lib.sh"
STREAMS="${1:-10000}"
PREDICTIONS="${2:-100}"
JAVA_APP="${3:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)}"
JAVA_APP="${JAVA_APP:-java}"
JAVA_LOAD="$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1)"
JAVA_LOAD="${JAVA_LOAD:-java}"
JCMD="$(dirname "$JAVA_APP")/jcmd"
build

rm -rf "$WORK/data"
"$JAVA_APP" -Xms256m -Xmx"${HEAP:-2g}" -jar "$JAR" \
  --server.port="$PORT" \
  --server.tomcat.max-connections=$((STREAMS + 1000)) \
  --spring.datasource.url="jdbc:h2:file:$WORK/data/bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  --gateway.callers.quota.requests-per-minute=100000000 \
  --gateway.callers.quota.predictions-per-day=100000000 \
  --replicate.simulator.time-scale=3 \
  --logging.level.root=WARN > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
  curl -fs "$BASE/actuator/health/readiness" > /dev/null 2>&1 && break
  sleep 0.5
done

live_heap_kb() {
  "$JCMD" "$APP_PID" GC.run > /dev/null
  "$JCMD" "$APP_PID" GC.heap_info | python3 -c '
import re, sys
text = sys.stdin.read()
used = re.search(r"used (\d+)K", text)
print(used.group(1) if used else 0)'
}
BEFORE=$(live_heap_kb)
MARKER="$WORK/all-open"
"$JAVA_LOAD" "$(dirname "$0")/SseLoad.java" "$BASE" "$STREAMS" "$PREDICTIONS" "$MARKER" > "$WORK/load.out" 2>&1 &
LOAD_PID=$!
until [ -s "$MARKER" ] || ! kill -0 "$LOAD_PID" 2>/dev/null; do sleep 0.5; done
OPEN=$(cat "$MARKER" 2>/dev/null || echo 0)
AFTER=$(live_heap_kb)
wait "$LOAD_PID" || true
cat "$WORK/load.out"
echo "app JVM: $("$JAVA_APP" -version 2>&1 | head -n 1)"
python3 - "$BEFORE" "$AFTER" "$OPEN" "$WORK/load.out" <<'PY'
import re, sys
before, after, open_streams = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
out = open(sys.argv[4]).read()
per = (after - before) / open_streams if open_streams else float("nan")
print(f"live heap: {before // 1024} MB with no stream, {after // 1024} MB with {open_streams} open: {per:.1f} KB per stream")
p99 = re.search(r"p99 (-?\d+) ms", out)
failed = re.search(r"failed (\d+)", out)
if not p99 or int(p99.group(1)) > 1000 or not failed or int(failed.group(1)) > 0:
    print("MISSED: p99 lateness over 1000 ms, or streams failed")
    sys.exit(1)
PY
