#!/usr/bin/env bash
# 10,000 predictions in flight against the simulator: upstream reads per minute (must stay inside the
# 3,000/min read budget) and heap used. Usage: bench/in-flight.sh [count] [minutes-measured]
source "$(dirname "$0")/lib.sh"
COUNT="${1:-10000}"
MINUTES="${2:-1}"
build
# Simulated predictions last about an hour (time-scale 400), so all stay in flight while measured;
# the create budget is raised so the 10,000 creates do not take 17 minutes to get out.
start_app --replicate.simulator.time-scale=400 --replicate.rate-limit.creates-per-minute=100000 \
  --gateway.lifecycle.deadline=3h --gateway.lifecycle.submit.batch-size=200 --gateway.lifecycle.submit.concurrency=8
python3 - "$BASE" "$COUNT" <<'PY'
import json, sys, urllib.request
base, count = sys.argv[1], int(sys.argv[2])
batch = {"requests": [{"prompt": f"in flight {i}", "model": "flux-dev"} for i in range(20)]}
body = json.dumps(batch).encode()
for _ in range(count // 20):
    req = urllib.request.Request(base + "/generate/batch", data=body, headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY
echo "accepted $COUNT; waiting until all are created upstream"
for _ in $(seq 1 300); do
  created=$(curl -fs "$BASE/simulator/admin/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["predictions"])')
  [ "$created" -ge "$COUNT" ] && break
  sleep 2
done
echo "created upstream: $created"
sleep 20
before=$(sim_count '^GET ')
pages_before=$(sim_count '^GET /predictions$')
sleep $((MINUTES * 60))
after=$(sim_count '^GET ')
pages_after=$(sim_count '^GET /predictions$')
echo "upstream reads per minute with $COUNT in flight: $(( (after - before) / MINUTES ))  (read budget 3000/min)"
echo "of which list pages (100 predictions each): $(( (pages_after - pages_before) / MINUTES ))/min"
echo "heap used after GC: $(heap_used_mb) MiB"
