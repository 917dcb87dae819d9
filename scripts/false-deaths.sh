#!/usr/bin/env bash
# The no-false-death measurement: three silos on this machine at full CPU, a random one paused
# for 1.5 s every 20 s, for 10 minutes (DISPATCH_FALSE_DEATH_MINUTES to change it). It fails if
# membership declared any silo dead; the figures are written to artifacts/false-deaths.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
DISPATCH_HANG_TIMEOUT=${DISPATCH_HANG_TIMEOUT:-60m} exec ./scripts/test.sh --filter "FullyQualifiedName~NoFalseDeathTests" "$@"
