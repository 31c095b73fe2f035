#!/usr/bin/env bash
# Cost does not grow with stored work (issue 20, target 2): throughput.sh's rows on an empty store, then
# on one with 1,000,000 succeeded predictions of the bench caller (and 2,000,000 events), seeded with
# SQL straight into the H2 file. Prints each row's req/s on both and the ratio; exits non-zero when
# generate or GET on the large store is more than 20 % below the empty one.
# Usage: [JAVA=...] bench/large-store.sh [rows] [duration] [connections]
SIMULATOR=external
KEYS=on
SOURCE_ONLY=1
source "$(dirname "$0")/throughput.sh"
ROWS="${1:-1000000}"
DURATION="${2:-10s}"
CONNECTIONS="${3:-32}"
ROUNDS=1
H2_JAR="$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | grep -v sources | tail -1)"
URL="jdbc:h2:file:$WORK/data/bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"

echo "== empty store"
throughput_rounds 2>&1 | tee "$WORK/empty.out" || true
cp "$WORK/rows.tsv" "$WORK/empty.tsv"
stop_app

echo "== seeding $ROWS predictions"
# The schema as the app's migrations left it: start once, stop, then seed with H2's own RunScript.
start_app
stop_app
cat > "$WORK/seed.sql" <<SQL
insert into predictions (id, owner, kind, status, model, input, replicate_id, progress, output,
    next_attempt_at, deadline_at, created_at, completed_at, updated_at, end_user, estimated_cost, cost, input_hash, caller_webhook)
select 'gw_seed' || lpad(cast(x as varchar), 20, '0'), 'bench', 'prediction', 'SUCCEEDED',
    'black-forest-labs/flux-schnell', '{"prompt":"seeded ' || x || '"}', 'seed' || x, 1.0,
    '["https://example.invalid/' || x || '.webp"]',
    timestamp with time zone '2026-01-01 00:00:00+00' + x * interval '1' second,
    timestamp with time zone '2026-01-01 00:00:00+00' + x * interval '1' second,
    timestamp with time zone '2026-01-01 00:00:00+00' + x * interval '1' second,
    timestamp with time zone '2026-01-01 00:00:00+00' + x * interval '1' second,
    timestamp with time zone '2026-01-01 00:00:00+00' + x * interval '1' second,
    null, 0.003, 0.003, null, false
from (select "X" as x from system_range(1, $ROWS));
insert into prediction_events (prediction_id, status, progress, source, created_at)
select 'gw_seed' || lpad(cast(x as varchar), 20, '0'), s.status, null, 'seed',
    timestamp with time zone '2026-01-01 00:00:00+00' + x * interval '1' second
from (select "X" as x from system_range(1, $ROWS)) join (values ('QUEUED'), ('SUCCEEDED')) s(status) on true;
SQL
time "$JAVA" -cp "$H2_JAR" org.h2.tools.RunScript -url "$URL" -user "" -script "$WORK/seed.sql"
NO_WIPE=1 start_app
echo "stored: $(curl -fs -H "$AUTH" "$BASE/predictions?limit=1" | head -c 120)..."
echo "== $ROWS stored predictions"
throughput_rounds 2>&1 | tee "$WORK/large.out" || true
python3 - "$WORK/empty.tsv" "$WORK/rows.tsv" <<'PY'
import sys
def rows(p):
    return {l.split("\t")[1]: float(l.split("\t")[2]) for l in open(p) if l.startswith("#")}
empty, large = rows(sys.argv[1]), rows(sys.argv[2])
missed = 0
for name in empty:
    ratio = large[name] / empty[name] if empty[name] else float("nan")
    flag = ""
    if name != list(empty)[0] and ratio < 0.8:
        flag, missed = "  MISSED (more than 20 % below the empty store)", missed + 1
    print(f"{name:<42} empty {empty[name]:>7.0f} req/s   large {large[name]:>7.0f} req/s   {100*ratio:5.0f} %{flag}")
sys.exit(1 if missed else 0)
PY
