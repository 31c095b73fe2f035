#!/usr/bin/env bash
# Browser tests: the playground, and a product's page on another origin, in headless Chromium driven
# by playwright-core under `node --test`. Run from anywhere (CI: `bash e2e/browser/run.sh` from the
# repository root). Installs what it needs, builds the jar when it is missing or older than the
# sources, starts two gateways against their simulated Replicate on free ports with fresh stores,
# runs the tests, stops the gateways, and exits non-zero on any failure.
#
#   open gateway   no keys (simulator mode as a developer runs it): the playground tests
#   keyed gateway  API key `shop` and FRONTEND_URL = the stub product backend the tests start
#
# TIME_SCALE (default 0.5) scales the simulated durations: at 0.5 a flux-dev run of 50 steps lasts
# about 7 s, long enough to watch its progress move and to cancel it.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TIME_SCALE="${TIME_SCALE:-0.5}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/browser-tests.XXXXXX")"
PIDS=()

log() { printf '[browser-tests] %s\n' "$*"; }

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

# --- what the tests need -----------------------------------------------------------------------
# Debian's Chromium: Playwright's own browser download cannot reach its host from here.
if ! command -v chromium > /dev/null 2>&1; then
  log "installing chromium (apt)"
  apt-get update -q > "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >> "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; exit 1; }
fi
CHROMIUM="$(command -v chromium)"

log "npm ci"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)

# The jar serves the playground's files from its classpath: one older than the sources would test
# stale pages, so it is rebuilt then too (never while it is current, to keep builds rare).
JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar 2> /dev/null | grep -v -- '-plain' | head -n 1 || true)"
if [ -z "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true)
  JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar | grep -v -- '-plain' | head -n 1)"
fi

# --- the gateways ------------------------------------------------------------------------------
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
OPEN_PORT="$(free_port)"
KEYED_PORT="$(free_port)"
SHOP_PORT="$(free_port)"
OTHER_PORT="$(free_port)"
SHOP_KEY="shop-key-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"

# start_app NAME PORT [--property=value ...]: a fresh store and output directory in $WORK/NAME.
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

log "starting two gateways (time scale $TIME_SCALE)"
started=$SECONDS
start_app open "$OPEN_PORT" --gateway.callers.api-keys=
start_app keyed "$KEYED_PORT" \
  --gateway.callers.api-keys="shop:$SHOP_KEY" \
  --gateway.frontend-url="http://127.0.0.1:$SHOP_PORT"
wait_ready open "$OPEN_PORT"
wait_ready keyed "$KEYED_PORT"
log "ready in $((SECONDS - started)) s"

# --- the tests ---------------------------------------------------------------------------------
mkdir -p "$HERE/screenshots" "$ROOT/docs"
status=0
(
  cd "$HERE"
  CHROMIUM="$CHROMIUM" \
    GATEWAY_URL="http://127.0.0.1:$OPEN_PORT" \
    KEYED_GATEWAY_URL="http://127.0.0.1:$KEYED_PORT" \
    SHOP_KEY="$SHOP_KEY" \
    SHOP_PORT="$SHOP_PORT" \
    OTHER_PORT="$OTHER_PORT" \
    SCREENSHOTS="$HERE/screenshots" \
    DOCS_SCREENSHOT="$ROOT/docs/playground.png" \
    node --test --test-concurrency=1 --test-reporter=spec tests/*.test.js
) || status=$?

if [ "$status" -ne 0 ]; then
  for name in open keyed; do
    log "last lines of the $name gateway's log:"
    tail -n 40 "$WORK/$name.log" >&2 || true
  done
fi
exit "$status"
