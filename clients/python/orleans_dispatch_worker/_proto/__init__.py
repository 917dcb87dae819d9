"""Code generated from protos/orleans/dispatch/workers/v1/worker.proto (protoc 3.21, python3-protobuf 4.21).

Regenerate with scripts/python-proto.sh; do not edit worker_pb2.py by hand.
"""
