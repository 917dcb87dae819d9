#!/usr/bin/env bash
# Packs the three packages into a local feed, builds the samples (samples/) against that feed and
# never against the source, then runs them end to end once: a Redis on a free port, the sample
# silo, the sample worker, and the sample client, which dispatches and prints what was delivered.
# Installs redis-server with apt-get when it is missing. .ci/run calls it.
#
#   ./scripts/samples.sh              # pack, build, run once
#   ./scripts/samples.sh --build-only # pack and build
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server missing: installing with apt-get." >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
fi

# The samples name the packages' version, as an app would: it must be the one the repository builds.
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)
for project in samples/*/*.csproj; do
  if grep -q 'Include="Orleans.Dispatch' "$project" && ! grep -q "Include=\"Orleans.Dispatch[A-Za-z.]*\" Version=\"$version\"" "$project"; then
    echo "$project does not reference Orleans.Dispatch $version, the version the repository builds (Directory.Build.props)." >&2
    exit 1
  fi
done

feed=artifacts/samples-feed
rm -rf "$feed" && mkdir -p "$feed"
echo "== packing Orleans.Dispatch $version into $feed"
for project in src/Grains.Abstractions src/Grains src/Grains.Client src/Grains.Workers.Grpc; do
  dotnet pack "$project" -c Release -o "$feed" -nologo -v quiet
done

# A package of this version restored before (an earlier pack) would be taken from NuGet's cache
# instead of the feed: drop those, and only those.
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
for package in orleans.dispatch orleans.dispatch.abstractions orleans.dispatch.client; do
  rm -rf "${cache:?}/$package/$version"
done

echo "== building the samples against the packages"
for sample in Silo Worker Client; do
  dotnet build "samples/$sample" -c Release -nologo -v quiet
done

[ "${1:-}" = "--build-only" ] && exit 0

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

logs=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP_LOGS:-}" ] && echo "logs kept in $logs" || rm -rf "$logs"
}
trap cleanup EXIT

# Waits until $2 appears in the log $1, or fails after $3 seconds naming what did not start.
wait_for() {
  local deadline=$((SECONDS + $3))
  until grep -qs "$2" "$1"; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$4 did not start within $3 s; its log:" >&2
      cat "$1" >&2
      exit 1
    fi
    sleep 0.2
  done
}

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$logs/redis.log" 2>&1 &
pids+=($!)
wait_for "$logs/redis.log" "Ready to accept connections" 30 "Redis"
export Redis="127.0.0.1:$redis_port"

# exec: the pid kept is the sample's own, so that SIGTERM reaches it (a graceful stop).
run() { exec dotnet "samples/$1/bin/Release/net10.0/$1.dll" "${@:2}"; }

echo "== running the samples: silo, worker, client"
run Silo --SiloPort "$(free_port)" --GatewayPort "$(free_port)" >"$logs/silo.log" 2>&1 &
silo=$!
pids+=("$silo")
wait_for "$logs/silo.log" "Application started" 120 "The sample silo"

run Worker --ConsumerId worker-1 >"$logs/worker.log" 2>&1 &
worker=$!
pids+=("$worker")

status=0
timeout 180 dotnet "samples/Client/bin/Release/net10.0/Client.dll" --Count 200 >"$logs/client.log" 2>&1 || status=$?
delivered=$(grep -E '^delivered ' "$logs/client.log" || true)

# A graceful stop of the worker drains it and prints what it handled.
kill -TERM "$worker" 2>/dev/null || true
worker_status=0
wait "$worker" 2>/dev/null || worker_status=$?
handled=$(grep -E ' handled [0-9]+ messages' "$logs/worker.log" || true)

if [ "$status" -ne 0 ] || [ "$worker_status" -ne 0 ] || [ -z "$handled" ] || ! grep -q '^delivered 200 of 200 ' "$logs/client.log"; then
  echo "The samples' end-to-end run failed (client exit $status, worker exit $worker_status). Client, worker and silo logs:" >&2
  cat "$logs/client.log" "$logs/worker.log" >&2
  tail -50 "$logs/silo.log" >&2
  exit 1
fi

echo "$delivered"
echo "$handled"
