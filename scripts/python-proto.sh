#!/usr/bin/env bash
# Regenerates the Python worker package's protocol code from the .proto, with Debian's protoc
# (apt-get install -y protobuf-compiler; it matches Debian's python3-protobuf).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
protoc --proto_path=protos --python_out="$out" protos/orleans/dispatch/workers/v1/worker.proto
cp "$out/orleans/dispatch/workers/v1/worker_pb2.py" clients/python/orleans_dispatch_worker/_proto/worker_pb2.py
echo "clients/python/orleans_dispatch_worker/_proto/worker_pb2.py regenerated"
