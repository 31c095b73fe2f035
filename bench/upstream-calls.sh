#!/usr/bin/env bash
# Upstream calls per completed prediction: poll-only (this poller: backoff plus list refresh), the
# seed's schedule (one GET per poll per prediction), and webhooks on. Usage: bench/upstream-calls.sh [count]
source "$(dirname "$0")/lib.sh"
COUNT="${1:-60}"
build
run() {
  local label="$1"; shift
  start_app "$@"
  curl -fs -X POST "$BASE/simulator/admin/reset" > /dev/null
  for i in $(seq 1 "$COUNT"); do
    curl -fs -X POST "$BASE/generate" -H 'Content-Type: application/json' \
      -d "{\"prompt\":\"upstream $i\",\"model\":\"flux-dev\"}" > /dev/null
  done
  wait_all_final 300
  local all creates
  all=$(sim_count '.')
  creates=$(sim_count '^POST /models/')
  python3 -c "import sys; a,c,n=map(int,sys.argv[1:4]); print(f'%-60s {a/n:.2f} calls/prediction  ({c} creates, {a-c} other calls, {n} predictions)' % sys.argv[4])" \
    "$all" "$creates" "$COUNT" "$label"
  stop_app
}
run "poll-only, this poller (backoff 1s x1.5 to 5s, list refresh)"
run "poll-only, seed schedule (one GET per poll, no list refresh)" --gateway.lifecycle.poll.list-threshold=1000000
run "webhooks on (PUBLIC_BASE_URL set, start+completed)" --gateway.webhooks.public-base-url="$BASE"
