# What the end-to-end suites share: a work directory removed on exit, gateways stopped on exit, the jar
# (rebuilt when older than the sources), free ports, and gateways on the simulator with fresh stores.
# Sourced by e2e/<suite>/run.sh after it sets SUITE (the log prefix) and HERE (its own directory).
set -euo pipefail

ROOT="$(cd "$HERE/../.." && pwd)"
TIME_SCALE="${TIME_SCALE:-0.5}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/$SUITE.XXXXXX")"
PIDS=()

log() { printf '[%s] %s\n' "$SUITE" "$*"; }

stop_apps() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
cleanup() {
  stop_apps
  rm -rf "$WORK"
}
trap cleanup EXIT

# The jar serves the playground's files from its classpath: one older than the sources would test
# stale code or pages, so it is rebuilt then (never while it is current, to keep builds rare).
current_jar() {
  JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar 2> /dev/null | grep -v -- '-plain' | head -n 1 || true)"
  if [ -z "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    log "building the jar"
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true)
    JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar | grep -v -- '-plain' | head -n 1)"
  fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
random_key() { node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))'; }

# start_app NAME PORT [--property=value ...]: a gateway on its simulator, with a fresh store and output
# directory in $WORK/NAME and its log in $WORK/NAME.log.
start_app() {
  local name="$1" port="$2"
  shift 2
  mkdir -p "$WORK/$name"
  java -Xms128m -Xmx512m -XX:TieredStopAtLevel=1 -jar "$JAR" \
    --server.port="$port" \
    --spring.datasource.url="jdbc:h2:file:$WORK/$name/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
    --gateway.outputs.directory="$WORK/$name/outputs" \
    --dotenv.enabled=false \
    --replicate.api-token= \
    --replicate.simulator.time-scale="$TIME_SCALE" \
    --gateway.training.poll-interval=1s \
    --logging.level.root=WARN \
    "$@" > "$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
}

# wait_ready NAME PORT: until the gateway answers its readiness probe; its log and exit 1 if it never does.
wait_ready() {
  local name="$1" port="$2"
  for _ in $(seq 1 180); do
    if curl -fs "http://127.0.0.1:$port/actuator/health/readiness" > /dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "$name did not become ready; its log:"
  tail -n 80 "$WORK/$name.log" >&2
  exit 1
}
