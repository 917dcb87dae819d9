#!/usr/bin/env bash
# Runs the whole test suite from a fresh clone: restores, builds and runs every test project.
# Everything the tests need is started by the tests themselves (Orleans test clusters run
# in-process), so nothing else has to be installed or running.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK (10.0.4xx, see global.json) is required: https://dotnet.microsoft.com/download" >&2
  exit 1
fi

# --blame-hang-timeout turns a hung test into a failure with a dump instead of a stuck run.
exec dotnet test Orleans.Dispatch.sln --blame-hang-timeout 5m --logger "console;verbosity=normal" "$@"
