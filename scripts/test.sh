#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: installs what the tests need when it is missing
# (redis-server, openssl, chromium, iptables, python3-grpcio and python3-protobuf, see below),
# then restores, builds and runs every
# test project. As root, the tests run in a network namespace of their own (unshare -n), where
# the partition tests may change firewall rules without touching the machine's network.
#
#   ./scripts/test.sh                      # everything but the long measurements
#   ./scripts/test.sh --filter Category=Unit   # any dotnet test arguments; a --filter replaces the default one
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
# iptables (and unshare, setpriv, ip): the gray-failure tests cut a silo off from its peers.
# python3-grpcio and python3-protobuf: the Python worker package's process tests, on Debian's
# interpreter (/usr/bin/python3; a pyenv python3 first on PATH does not see Debian's packages).
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v iptables >/dev/null 2>&1 || [ -x /usr/sbin/iptables ] || missing+=(iptables)
command -v ip >/dev/null 2>&1 || [ -x /usr/sbin/ip ] || missing+=(iproute2)
/usr/bin/python3 -c 'import grpc, google.protobuf' >/dev/null 2>&1 || missing+=(python3-grpcio python3-protobuf)
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

# The long measurements (Category=Measurement) run from their own scripts, not here.
filter=(--filter "Category!=Measurement")
for argument in "$@"; do
  [ "$argument" = "--filter" ] && filter=()
done

# Restore and build with the machine's network; the tests then run without it.
dotnet build Orleans.Dispatch.sln -nologo -v quiet

# --blame-hang-timeout turns a hung test into a failure with a dump instead of a stuck run
# (DISPATCH_HANG_TIMEOUT: the measurements run longer than any test).
test=(dotnet test Orleans.Dispatch.sln --no-build --blame-hang-timeout "${DISPATCH_HANG_TIMEOUT:-5m}" --logger "console;verbosity=normal" "${filter[@]}" "$@")
status=0
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
  PATH="$PATH:/usr/sbin:/sbin" unshare -n sh -c 'ip link set lo up && exec "$@"' sh "${test[@]}" || status=$?
else
  echo "Not root: the tests run in the machine's network namespace, and the partition tests fail saying why." >&2
  "${test[@]}" || status=$?
fi

for figures in "$DISPATCH_FIGURES_DIR"/*.txt; do
  [ -e "$figures" ] && { echo; echo "== $(basename "$figures")"; cat "$figures"; }
done
exit $status
