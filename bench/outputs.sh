#!/usr/bin/env bash
# Keeping outputs: how long from a prediction's completion to its kept copy, with one copier and with
# the default eight (webhooks on, so completions are known at once), when each download takes DELAY (the simulator waits that long before serving an
# image, standing in for replicate.delivery). Directory store by default; to measure an S3-compatible
# store, pass its settings in the environment (GATEWAY_OUTPUTS_STORE=s3, GATEWAY_OUTPUTS_S3_*).
# Usage: bench/outputs.sh [count] [delay]
source "$(dirname "$0")/lib.sh"
COUNT="${1:-200}"
DELAY="${2:-300ms}"
build

kept_stats() {
  curl -fs -H "Authorization: Bearer $ADMIN_KEY" "$BASE/actuator/prometheus" | python3 -c '
import sys
m = {}
for line in sys.stdin:
    if line.startswith("gateway_outputs_"):
        name, value = line.rsplit(" ", 1)
        m[name] = float(value)
print(int(m.get("gateway_outputs_kept_total", 0)),
      m.get("gateway_outputs_time_to_persist_seconds_sum", 0),
      m.get("gateway_outputs_time_to_persist_seconds_max", 0))'
}

run() {
  local concurrency="$1"
  start_app --replicate.simulator.delivery-delay="$DELAY" --gateway.outputs.concurrency="$concurrency" \
    --gateway.outputs.directory="$WORK/outputs" --gateway.webhooks.public-base-url="$BASE"
  seq 1 "$COUNT" | xargs -P 8 -I{} curl -fs -o /dev/null -X POST "$BASE/generate" \
    -H 'Content-Type: application/json' -d '{"prompt":"kept {}","model":"flux-schnell","output_format":"png"}'
  wait_all_final 300
  local deadline=$((SECONDS + 600)) kept sum max
  while [ $SECONDS -lt $deadline ]; do
    read -r kept sum max < <(kept_stats)
    [ "$kept" -ge "$COUNT" ] && break
    sleep 1
  done
  python3 -c "import sys; n,s,m=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print(f'concurrency {sys.argv[4]:>2}: {n} outputs kept; time to persist mean {s/max(n,1):.2f} s, max {m:.2f} s')" \
    "$kept" "$sum" "$max" "$concurrency"
  stop_app
}
echo "$COUNT flux-schnell predictions, each output download delayed $DELAY"
run 1
run 8
