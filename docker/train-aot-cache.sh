#!/bin/sh
# Trains the JDK 25 AOT cache (JEP 483/514/515) on a real start of the service: it starts on a scratch
# store against its simulator, becomes ready, serves the requests a client starts with, and is stopped
# with SIGTERM, when the JVM writes the cache. A cache trained only up to the context refresh
# (-Dspring.context.exit=onRefresh) misses the web server's start and the request path, and has no
# method profiles for them. Used by the Dockerfile and by bench/startup.sh, so what is measured is
# what ships.
# Usage: train-aot-cache.sh JAR CACHE [JVM flags of the entry point...]   (run in the jar's directory)
set -eu
jar="$1"
cache="$2"
shift 2
port="${AOT_TRAINING_PORT:-18979}"
scratch="$(mktemp -d)"
base="http://127.0.0.1:$port"

java "$@" -XX:AOTCacheOutput="$cache" -jar "$jar" --server.port="$port" \
  --spring.datasource.url="jdbc:h2:file:$scratch/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  --gateway.outputs.directory="$scratch/outputs" --logging.level.root=WARN > "$scratch/training.log" 2>&1 &
pid=$!

ready=no
for _ in $(seq 1 600); do
  if curl -fs "$base/actuator/health/readiness" > /dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$pid" 2> /dev/null || break
  sleep 0.2
done
if [ "$ready" != yes ]; then
  tail -n 40 "$scratch/training.log" >&2
  kill -9 "$pid" 2> /dev/null || true
  exit 1
fi

json="Content-Type: application/json"
for _ in 1 2 3; do
  curl -fs "$base/actuator/health" > /dev/null
  curl -fs "$base/models" > /dev/null
  id="$(curl -fs -H "$json" -d '{"prompt":"an AOT training run"}' "$base/generate" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
  [ -n "$id" ] && curl -fs "$base/predictions/$id" > /dev/null
  curl -fs -H "$json" -d '{"input":{"prompt":"an AOT training run"}}' \
    "$base/v1/models/black-forest-labs/flux-schnell/predictions" > /dev/null || true
  curl -fs "$base/" > /dev/null
done

kill -TERM "$pid"
wait "$pid" || true # 143: ended by the SIGTERM above
if [ ! -s "$cache" ]; then
  tail -n 40 "$scratch/training.log" >&2
  exit 1
fi
rm -rf "$scratch"
