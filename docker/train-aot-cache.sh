#!/bin/sh
# Trains the JDK 25 AOT cache (JEP 483/514/515) on a real start of the service as the image runs it:
# with a token and caller keys (so without the simulator, as the ahead-of-time bean set of the aot
# profile was built), against a stand-in for Replicate started from the same jar in simulator mode. The
# service becomes ready, serves the requests a client starts with (its submitter and poller talking to
# the stand-in), and is stopped with SIGTERM, when the JVM writes the cache. A cache trained only up to
# the context refresh (-Dspring.context.exit=onRefresh) misses the web server's start and the request
# path, and has no method profiles for them. Used by the Dockerfile and by bench/startup.sh, so what is
# measured is what ships.
# Usage: train-aot-cache.sh JAR CACHE [JVM flags of the entry point...]   (run in the jar's directory)
set -eu
jar="$1"
cache="$2"
shift 2
port="${AOT_TRAINING_PORT:-18979}"
standin_port="$((port + 1))"
scratch="$(mktemp -d)"
base="http://127.0.0.1:$port"
key="aot-training-key-0123456789abcdef"

ready() { # ready URL PID LOG
  for _ in $(seq 1 600); do
    if curl -fs "$1/actuator/health/readiness" > /dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2> /dev/null || break
    sleep 0.2
  done
  tail -n 40 "$3" >&2
  return 1
}

# The stand-in: an ordinary start (no AOT flags, no cache), so it adds nothing to the cache trained.
java -jar "$jar" --server.port="$standin_port" --replicate.simulator.enabled=true \
  --spring.datasource.url="jdbc:h2:file:$scratch/standin" --gateway.outputs.directory="$scratch/standin-outputs" \
  --replicate.simulator.time-scale=0.05 --logging.level.root=WARN > "$scratch/standin.log" 2>&1 &
standin=$!
pid=""
trap 'kill -9 "$standin" $pid 2> /dev/null || true' EXIT
ready "http://127.0.0.1:$standin_port" "$standin" "$scratch/standin.log"

java "$@" -XX:AOTCacheOutput="$cache" -jar "$jar" --server.port="$port" \
  --replicate.api-token=r8_aot-training --replicate.base-url="http://127.0.0.1:$standin_port/simulator/v1" \
  --gateway.callers.api-keys="training:$key" \
  --spring.datasource.url="jdbc:h2:file:$scratch/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  --gateway.outputs.directory="$scratch/outputs" --logging.level.root=WARN \
  --logging.level.dev.replicategateway.ReplicateGatewayApplication=INFO > "$scratch/training.log" 2>&1 &
pid=$!
ready "$base" "$pid" "$scratch/training.log" || exit 1

json="Content-Type: application/json"
auth="Authorization: Bearer $key"
for _ in 1 2 3; do
  curl -fs "$base/actuator/health" > /dev/null
  curl -fs -H "$auth" "$base/models" > /dev/null
  id="$(curl -fs -H "$auth" -H "$json" -d '{"prompt":"an AOT training run"}' "$base/generate" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')"
  [ -n "$id" ] || { echo "the training run did not accept a generate request" >&2; tail -n 40 "$scratch/training.log" >&2; exit 1; }
  curl -fs -H "$auth" "$base/predictions/$id" > /dev/null
  curl -fs -H "$auth" -H "$json" -d '{"input":{"prompt":"an AOT training run"}}' \
    "$base/v1/models/black-forest-labs/flux-schnell/predictions" > /dev/null || true
  curl -fs "$base/" > /dev/null
  sleep 1 # the submitter and poller take their turns against the stand-in
done
curl -fs -H "$auth" "$base/predictions/$id" > /dev/null

kill -TERM "$pid"
wait "$pid" || true # 143: ended by the SIGTERM above
pid=""
if [ ! -s "$cache" ]; then
  tail -n 40 "$scratch/training.log" >&2
  exit 1
fi
case " $* " in
  *" -Dspring.aot.enabled=true "*)
    if ! grep -q "Starting AOT-processed" "$scratch/training.log" ||
      grep -q "without the ahead-of-time bean set" "$scratch/training.log"; then
      echo "the training run did not start on the ahead-of-time bean set:" >&2
      grep -E "Starting|ahead-of-time" "$scratch/training.log" >&2
      exit 1
    fi
    ;;
esac
kill "$standin" 2> /dev/null || true
wait "$standin" 2> /dev/null || true
rm -rf "$scratch"
