#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs what the tests need when it is missing
# (redis-server, openssl and chromium, see below), then restores, builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK (10.0.4xx, see global.json) is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

# redis-server: the tests that run real silo processes on Redis membership (each such test class
# starts its own, on a free loopback port). openssl: scripts/make-dev-certs.sh, which makes the
# certificates those silos use for mutual TLS, as docker-compose.yml does. chromium: the group
# view's browser test (Playwright drives the installed executable; nothing is downloaded).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "${missing[*]} missing: installing with apt-get." >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Cannot install ${missing[*]}: not root and no sudo. Install (apt-get install -y ${missing[*]}) and run again." >&2
    exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian starts the packaged Redis service; the tests do not use it (they start their own instances).
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
