#!/usr/bin/env bash
# The whole gray-failure matrix (about 20 minutes): each silo frozen for 45 s, frozen for 1.5 s
# and cut off from its peers for 25 s, in each role it can hold for a group (the group's host, the
# owner of its directory entry, a consumers-only silo, the client's gateway), then the cluster's
# Redis frozen for 25 s and killed and restarted. CI runs one fault of each kind with shorter
# faults; this runs them all. Needs root (partitions use iptables in a private network namespace).
# The figures are written to artifacts/gray-failures.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
DISPATCH_GRAY_MATRIX=full DISPATCH_HANG_TIMEOUT=${DISPATCH_HANG_TIMEOUT:-10m} exec ./scripts/test.sh --filter "FullyQualifiedName~GrayFailureTests" "$@"
