#!/usr/bin/env bash
# Verified webhooks per second, each verified, deduplicated and persisted.
# Usage: bench/webhooks.sh [seconds] [threads]
source "$(dirname "$0")/lib.sh"
SECONDS_RUN="${1:-15}"
THREADS="${2:-16}"
SECRET="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
build
start_app --gateway.webhooks.secret="$SECRET" --replicate.simulator.time-scale=1000
# Predictions to receive events for (they stay 'starting' upstream: the simulator is slowed right down).
for i in $(seq 1 200); do
  curl -fs -X POST "$BASE/generate" -H 'Content-Type: application/json' -d "{\"prompt\":\"hook $i\"}" > /dev/null
done
sleep 5
python3 - "$BASE" "$SECRET" "$SECONDS_RUN" "$THREADS" <<'PY'
import base64, hashlib, hmac, http.client, json, sys, threading, time, urllib.request
base, secret, duration, threads = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
key = base64.b64decode(secret[len("whsec_"):])
ids = []
cursor = None
while True:
    page = json.load(urllib.request.urlopen(base + "/predictions?limit=100" + ("&cursor=" + cursor if cursor else "")))
    ids += [p["replicate_id"] for p in page["results"] if p.get("replicate_id")]
    cursor = page.get("next_cursor")
    if not cursor:
        break
host, port = base.replace("http://", "").split(":")
done, errors, lock = [0], [0], threading.Lock()
stop = time.time() + duration
def worker(n):
    conn = http.client.HTTPConnection(host, int(port))
    i = 0
    while time.time() < stop:
        i += 1
        rid = ids[(n * 7919 + i) % len(ids)]
        body = json.dumps({"id": rid, "status": "processing", "logs": "step %d\n" % i * 3}).encode()
        msg, ts = "msg_%d_%d" % (n, i), str(int(time.time()))
        sig = base64.b64encode(hmac.new(key, f"{msg}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
        conn.request("POST", "/webhooks/replicate", body, {"Content-Type": "application/json", "webhook-id": msg,
                     "webhook-timestamp": ts, "webhook-signature": "v1," + sig})
        status = conn.getresponse()
        status.read()
        with lock:
            done[0] += 1
            errors[0] += status.status != 200
for t in [threading.Thread(target=worker, args=(n,)) for n in range(threads)]:
    t.start()
for t in threading.enumerate():
    if t is not threading.current_thread():
        t.join()
print(f"verified+persisted webhooks: {done[0] / duration:.0f}/s over {duration:.0f} s with {threads} client threads ({errors[0]} non-200) for {len(ids)} predictions")
PY
