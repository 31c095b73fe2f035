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
SUITE=sdk-tests
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"

# --- what the tests need -----------------------------------------------------------------------
log "npm ci"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
current_jar

# --- the gateway -------------------------------------------------------------------------------
PORT="$(free_port)"
SDK_KEY="sdk-key-$(random_key)"
OTHER_KEY="other-key-$(random_key)"
PAGER_KEY="pager-key-$(random_key)"

log "starting the gateway (time scale $TIME_SCALE)"
started=$SECONDS
start_app gateway "$PORT" \
  --gateway.callers.api-keys="sdk:$SDK_KEY,other:$OTHER_KEY,pager:$PAGER_KEY" \
  --gateway.caller-webhooks.allow-private=true \
  --gateway.caller-webhooks.first-retry=1s
wait_ready gateway "$PORT"
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
