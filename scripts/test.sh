#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs what the tests need when it is missing
# (redis-server, for the tests that run real silo processes on Redis membership; each such test
# class starts its own redis-server on a free loopback port), then restores, builds and runs
# every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK (10.0.4xx, see global.json) is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing it with apt-get." >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Cannot install redis-server: not root and no sudo. Install it (apt-get install -y redis-server) and run again." >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  # Debian starts the packaged service; the tests do not use it (they start their own instances).
fi

# Figures the real-process tests measure (failover latency, duplicates) are written here.
export DISPATCH_FIGURES_DIR="$PWD/artifacts"
rm -rf "$DISPATCH_FIGURES_DIR" && mkdir -p "$DISPATCH_FIGURES_DIR"

# --blame-hang-timeout turns a hung test into a failure with a dump instead of a stuck run.
status=0
dotnet test Orleans.Dispatch.sln --blame-hang-timeout 5m --logger "console;verbosity=normal" "$@" || status=$?

for figures in "$DISPATCH_FIGURES_DIR"/*.txt; do
  [ -e "$figures" ] && { echo; echo "== $(basename "$figures")"; cat "$figures"; }
done
exit $status
