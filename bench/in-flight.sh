#!/usr/bin/env bash
# 10,000 predictions in flight against an external stand-in for Replicate (this jar in simulator mode,
# its own process, so its jobs are not in the gateway's heap): upstream reads per minute, which must stay
# inside the 3,000/min read budget, and the gateway's live heap (a class histogram's), idle against with all of
# them in flight. Exits non-zero when the reads exceed the budget or the heap the in-flight predictions
# add is 64 MiB or more. Usage: [JAVA=...] bench/in-flight.sh [count] [minutes-measured]
SIMULATOR=external
KEYS=on
# Simulated predictions last about an hour (time-scale 400), so all stay in flight while measured.
SIM_TIME_SCALE=400
source "$(dirname "$0")/lib.sh"
COUNT="${1:-10000}"
MINUTES="${2:-2}"
HEAP_LIMIT_MB=64
[ -n "${JAR:-}" ] || build
# The create budget is raised (on a real account it is 600/min) so the 10,000 creates do not take 17
# minutes to get out; the read budget, the one measured, stays at Replicate's 3,000/min.
start_app --replicate.rate-limit.prediction-creates-per-minute=100000 \
  --gateway.lifecycle.deadline=3h --gateway.lifecycle.submit.batch-size=200 --gateway.lifecycle.submit.concurrency=8
SIM_BASE="http://127.0.0.1:$SIM_PORT"
idle_heap=$(live_heap_mb)
echo "gateway live heap, idle: $idle_heap MiB"
python3 - "$BASE" "$COUNT" "$BENCH_KEY" <<'PY'
import json, sys, urllib.request
base, count, key = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for start in range(0, count, 20):
    batch = {"requests": [{"prompt": f"in flight {i}", "model": "flux-dev"} for i in range(start, start + 20)]}
    req = urllib.request.Request(base + "/generate/batch", data=json.dumps(batch).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer " + key})
    urllib.request.urlopen(req).read()
PY
echo "accepted $COUNT; waiting until all are created upstream"
created=0
for _ in $(seq 1 300); do
  created=$(curl -fs "$SIM_BASE/simulator/admin/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["predictions"])')
  [ "$created" -ge "$COUNT" ] && break
  sleep 2
done
echo "created upstream: $created"
# Reads wait behind the creates at first; the budget's bucket (3,000 tokens) is drained before the minute counted.
sleep 60
t0=$(date +%s.%N)
before=$(SIM_BASE="$SIM_BASE" sim_count '^GET ')
pages_before=$(SIM_BASE="$SIM_BASE" sim_count '^GET /predictions$')
sleep $((MINUTES * 60))
after=$(SIM_BASE="$SIM_BASE" sim_count '^GET ')
t1=$(date +%s.%N)
pages_after=$(SIM_BASE="$SIM_BASE" sim_count '^GET /predictions$')
in_flight=$(curl -fs "$SIM_BASE/simulator/admin/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["in_flight"])')
# Per minute of the time that passed between the two counts (a little more than MINUTES).
reads=$(python3 -c "print(int(($after - $before) * 60 / ($t1 - $t0)))")
busy_heap=$(live_heap_mb)
echo "in flight upstream while measured: $in_flight"
echo "upstream reads per minute with $COUNT in flight: $reads  (read budget 3000/min)"
echo "of which list pages (100 predictions each): $(python3 -c "print(int(($pages_after - $pages_before) * 60 / ($t1 - $t0)))")/min"
echo "gateway live heap after GC: idle $idle_heap MiB, with them in flight $busy_heap MiB: $((busy_heap - idle_heap)) MiB for $COUNT predictions (limit $HEAP_LIMIT_MB MiB)"
status=0
[ "$created" -ge "$COUNT" ] || { echo "MISSED: only $created of $COUNT created upstream"; status=1; }
[ "$reads" -le 3000 ] || { echo "MISSED: $reads reads/min > 3000"; status=1; }
[ $((busy_heap - idle_heap)) -lt "$HEAP_LIMIT_MB" ] || { echo "MISSED: heap for the in-flight predictions >= $HEAP_LIMIT_MB MiB"; status=1; }
exit "$status"
