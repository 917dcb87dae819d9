"""The demo worker, with the arguments of the CLI's consume:

    python3 -m orleans_dispatch_worker GROUP --id ID [--max-in-flight N] [--delay-ms D] [--fail-rate R]
        [--address HOST:PORT,...] [--api-key KEY] [--tls-ca CA --tls-cert CERT --tls-key KEY]

Prints `took ID` and `acked ID` (or `failed ID`) per message; drains on SIGTERM or Ctrl+C and exits 0.
"""

import argparse
import asyncio
import logging
import os
import random
import sys

from . import DEFAULT_ADDRESS, AttachRefused, HandlerFailed, Message, Unauthenticated, Worker


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m orleans_dispatch_worker", description="Consume a consumer group's messages.")
    parser.add_argument("group", help="the consumer group")
    parser.add_argument("--id", required=True, help="this worker's consumer id in the group")
    parser.add_argument("--max-in-flight", type=int, default=16, help="the most messages held at once (default 16)")
    parser.add_argument("--delay-ms", type=float, default=0, help="how long each message takes, in milliseconds")
    parser.add_argument("--fail-rate", type=float, default=0, help="the share of messages failed on purpose, 0 to 1")
    parser.add_argument("--tag", action="append", default=[], help="an affinity tag (repeatable)")
    parser.add_argument("--address", default=DEFAULT_ADDRESS, help=f"the silos' worker endpoints, host:port separated by commas, tried in turn (default {DEFAULT_ADDRESS})")
    parser.add_argument("--api-key", default=None, help="the silos' Http:ApiKey, when they require one")
    tls = os.environ.get("Tls__Enabled", "").lower() == "true"
    parser.add_argument("--tls-ca", default=os.environ.get("Tls__CaCertificatePath") if tls else None,
                        help="TLS: the PEM authority the silos' certificates chain to (default: Tls__CaCertificatePath when Tls__Enabled=true)")
    parser.add_argument("--tls-cert", default=os.environ.get("Tls__CertificatePath") if tls else None,
                        help="mutual TLS: this worker's PEM certificate (default: Tls__CertificatePath when Tls__Enabled=true)")
    parser.add_argument("--tls-key", default=os.environ.get("Tls__KeyPath") if tls else None,
                        help="mutual TLS: its PEM key (default: Tls__KeyPath when Tls__Enabled=true)")
    parser.add_argument("--quiet", action="store_true", help="print nothing per message")
    args = parser.parse_args(argv)
    if not 0 <= args.fail_rate <= 1:
        parser.error(f"--fail-rate must be from 0 to 1, not {args.fail_rate}")
    if args.delay_ms < 0:
        parser.error(f"--delay-ms must not be negative, not {args.delay_ms}")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)

    async def handle(message: Message) -> None:
        if not args.quiet:
            print(f"took {message.id}", flush=True)
        if args.delay_ms:
            await asyncio.sleep(args.delay_ms / 1000)
        if random.random() < args.fail_rate:
            if not args.quiet:
                print(f"failed {message.id}", flush=True)
            raise HandlerFailed("failed on purpose (--fail-rate)")
        if not args.quiet:
            print(f"acked {message.id}", flush=True)

    try:
        worker = Worker(args.group, args.id, handle, address=args.address, max_in_flight=args.max_in_flight,
                        affinity_tags=args.tag, api_key=args.api_key,
                        tls_ca=args.tls_ca, tls_certificate=args.tls_cert, tls_key=args.tls_key)
    except ValueError as error:
        parser.error(str(error))
    try:
        asyncio.run(worker.run())
    except (AttachRefused, Unauthenticated) as error:
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        return 2
    print(f"{args.id} handled {worker.handled} messages, failed {worker.failed}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
