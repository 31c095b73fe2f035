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
SUITE=browser-tests
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib.sh"

# Debian's Chromium: Playwright's own browser download cannot reach its host from here.
if ! command -v chromium > /dev/null 2>&1; then
  log "installing chromium (apt)"
  apt-get update -q > "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >> "$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; exit 1; }
fi
CHROMIUM="$(command -v chromium)"

# --- what the tests need -----------------------------------------------------------------------
log "npm ci"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
current_jar

# --- the gateways ------------------------------------------------------------------------------
OPEN_PORT="$(free_port)"
KEYED_PORT="$(free_port)"
SHOP_PORT="$(free_port)"
OTHER_PORT="$(free_port)"
SHOP_KEY="shop-key-$(random_key)"

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
