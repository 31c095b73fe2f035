#!/usr/bin/env bash
# SDK tests: the official `replicate` npm client (pinned to 1.4.0 in package-lock.json) driving the
# gateway's Replicate-compatible API under /v1, with `node --test`. Run from anywhere (CI: `bash
# e2e/sdk/run.sh` from the repository root). Installs the client with `npm ci`, builds the jar when it
# is missing or older than the sources, starts one gateway against its simulated Replicate on a free
# port with a fresh store, runs the tests, stops the gateway, and exits non-zero on any failure.
#
#   gateway  API keys `sdk` (the client's auth), `other` (a second caller, to see work kept apart) and
#            `pager` (a caller whose list holds only what the pagination test makes); caller webhooks
#            allowed to http://127.0.0.1 (the tests' own receiver) and retried after 1 s (10 s by default)
#
# TIME_SCALE (default 0.5) scales the simulated durations: at 0.5 a flux-schnell run lasts about a
# second and a flux-dev run of 50 steps about 7 s, long enough to cancel it while it runs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TIME_SCALE="${TIME_SCALE:-0.5}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sdk-tests.XXXXXX")"
PIDS=()

log() { printf '[sdk-tests] %s\n' "$*"; }

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
log "npm ci"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)

JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar 2> /dev/null | grep -v -- '-plain' | head -n 1 || true)"
if [ -z "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  log "building the jar"
  (cd "$ROOT" && ./mvnw -q -B package -DskipTests -Dspotless.check.skip=true)
  JAR="$(ls "$ROOT"/target/replicate-gateway-*.jar | grep -v -- '-plain' | head -n 1)"
fi

# --- the gateway -------------------------------------------------------------------------------
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
random_key() { node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))'; }
PORT="$(free_port)"
SDK_KEY="sdk-key-$(random_key)"
OTHER_KEY="other-key-$(random_key)"
PAGER_KEY="pager-key-$(random_key)"

mkdir -p "$WORK/gateway"
java -Xms128m -Xmx512m -XX:TieredStopAtLevel=1 -jar "$JAR" \
  --server.port="$PORT" \
  --spring.datasource.url="jdbc:h2:file:$WORK/gateway/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  --gateway.outputs.directory="$WORK/gateway/outputs" \
  --dotenv.enabled=false \
  --replicate.api-token= \
  --replicate.simulator.time-scale="$TIME_SCALE" \
  --gateway.training.poll-interval=1s \
  --gateway.callers.api-keys="sdk:$SDK_KEY,other:$OTHER_KEY,pager:$PAGER_KEY" \
  --gateway.caller-webhooks.allow-private=true \
  --gateway.caller-webhooks.first-retry=1s \
  --logging.level.root=WARN \
  > "$WORK/gateway.log" 2>&1 &
PIDS+=("$!")

log "starting the gateway (time scale $TIME_SCALE)"
started=$SECONDS
ready=false
for _ in $(seq 1 180); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" > /dev/null 2>&1; then ready=true; break; fi
  sleep 0.5
done
if [ "$ready" != true ]; then
  log "the gateway did not become ready; its log:"
  tail -n 80 "$WORK/gateway.log" >&2
  exit 1
fi
log "ready in $((SECONDS - started)) s"

# --- the tests ---------------------------------------------------------------------------------
status=0
(
  cd "$HERE"
  GATEWAY_URL="http://127.0.0.1:$PORT" \
    SDK_KEY="$SDK_KEY" \
    OTHER_KEY="$OTHER_KEY" \
    PAGER_KEY="$PAGER_KEY" \
    node --test --test-concurrency=1 --test-reporter=spec tests/*.test.js
) || status=$?

if [ "$status" -ne 0 ]; then
  log "last lines of the gateway's log:"
  tail -n 60 "$WORK/gateway.log" >&2 || true
fi
exit "$status"
