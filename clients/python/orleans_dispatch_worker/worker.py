"""A worker on the worker protocol: one gRPC stream to a silo, a handler per message."""

import asyncio
import inspect
import logging
import os
import random
import signal
import socket
from typing import Awaitable, Callable, Optional, Sequence, Union

import grpc

from ._proto import worker_pb2 as pb
from .errors import AttachRefused, Disconnected, ProtocolError, Unauthenticated
from .message import Message

log = logging.getLogger("orleans_dispatch_worker")

Handler = Callable[[Message], Union[None, Awaitable[None]]]

DEFAULT_ADDRESS = "127.0.0.1:8090"
"""Where `dotnet run --project src/Silo` serves the worker protocol (Workers:Url)."""

_WORK = "/orleans.dispatch.workers.v1.WorkerService/Work"


class HandlerFailed(Exception):
    """Raise it from a handler to fail the message with a reason of your own; any exception fails it too."""


class Worker:
    """Consumes one consumer group's messages as consumer ``consumer_id``.

    ``handler`` is a plain function or a coroutine function taking a :class:`Message`. Returning
    acknowledges the message; raising fails it (a crash: the group reroutes the message and counts
    the failure against this worker's health). Up to ``max_in_flight`` messages are handled at
    once; a plain function runs on a thread, so it may block.

    :meth:`run` attaches, handles messages until :meth:`stop` (or SIGTERM/SIGINT with
    ``handle_signals``), then drains: it leaves the group, finishes what it holds, and returns. A
    lost stream is reopened with backoff (0.2 s doubling to 5 s, with jitter), through the next of
    ``address``'s silos: one ``host:port``, or several separated by commas, tried in turn, so that a
    worker whose silo died re-attaches through another.

    TLS: give ``tls_ca`` (the PEM authority the silos' certificates chain to; None trusts the
    system's roots) and, where the silos require a client certificate (mutual TLS, the default
    once the silos' ``Tls:Enabled`` is true), ``tls_certificate`` and ``tls_key`` (PEM files).
    Any of them turns TLS on; the silos' ``Workers:Url`` must then be https.

    A silo that stops answering without closing the connection (paused, frozen, cut off) is found
    by HTTP/2 keepalive pings: every ``keepalive_interval`` seconds, each given ``keepalive_timeout``
    seconds to be answered. An unanswered ping ends the stream, and the worker attaches again
    through the next silo.
    """

    def __init__(
        self,
        group: str,
        consumer_id: str,
        handler: Handler,
        *,
        address: str = DEFAULT_ADDRESS,
        max_in_flight: int = 16,
        affinity_tags: Sequence[str] = (),
        api_key: Optional[str] = None,
        drain_timeout: float = 25.0,
        tls_ca: Optional[str] = None,
        tls_certificate: Optional[str] = None,
        tls_key: Optional[str] = None,
        keepalive_interval: float = 2.0,
        keepalive_timeout: float = 3.0,
    ) -> None:
        if not group:
            raise ValueError("group must not be empty")
        if not consumer_id:
            raise ValueError("consumer_id must not be empty")
        if not callable(handler):
            raise TypeError("handler must be a function taking a Message")
        if max_in_flight < 1:
            raise ValueError(f"max_in_flight must be at least 1, not {max_in_flight}")
        self.group = group
        self.consumer_id = consumer_id
        self.handler = handler
        self.addresses = [a.strip() for a in address.split(",") if a.strip()]
        if not self.addresses:
            raise ValueError("address must name at least one host:port")
        self.address = self.addresses[0]
        self.max_in_flight = max_in_flight
        self.affinity_tags = list(affinity_tags)
        self.api_key = api_key
        self.drain_timeout = drain_timeout
        if keepalive_interval <= 0 or keepalive_timeout <= 0:
            raise ValueError(f"keepalive_interval and keepalive_timeout must be positive, not {keepalive_interval} and {keepalive_timeout}")
        self._credentials = _tls(tls_ca, tls_certificate, tls_key)
        self._options = (
            ("grpc.keepalive_time_ms", int(keepalive_interval * 1000)),
            ("grpc.keepalive_timeout_ms", int(keepalive_timeout * 1000)),
            ("grpc.keepalive_permit_without_calls", 1),
            ("grpc.http2.max_pings_without_data", 0),
        )
        self.handled = 0
        self.failed = 0
        self._stopping: Optional[asyncio.Event] = None
        self._is_async = inspect.iscoroutinefunction(handler)

    def stop(self) -> None:
        """Drains and stops: no new messages, those in hand end, then :meth:`run` returns."""
        if self._stopping is not None:
            self._stopping.set()

    async def run(self, handle_signals: bool = True) -> None:
        """Attaches and handles messages until stopped; reconnects with backoff when the stream is lost.

        Raises :class:`AttachRefused` when the silo refuses the Attach (retrying would not help),
        and :class:`Unauthenticated` when it requires an API key this worker does not have.
        """
        self._stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        if handle_signals:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, self.stop)
        delay = 0.2
        while not self._stopping.is_set():
            try:
                await self._session()
                delay = 0.2
                if self._stopping.is_set():
                    return
                log.warning("the stream to %s ended; attaching again", self.address)
            except (AttachRefused, Unauthenticated, ProtocolError):
                raise
            except Disconnected as error:
                self.address = self.addresses[(self.addresses.index(self.address) + 1) % len(self.addresses)]
                log.warning("%s; attaching again through %s in %.1f s", error, self.address, delay)
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=delay * random.uniform(0.8, 1.2))
            except asyncio.TimeoutError:
                pass
            delay = min(delay * 2, 5.0)

    async def _session(self) -> None:
        metadata = (("authorization", f"Bearer {self.api_key}"),) if self.api_key else None
        outgoing: asyncio.Queue = asyncio.Queue()
        tasks: set = set()
        attach = pb.WorkerFrame(attach=pb.Attach(
            group=self.group, consumer_id=self.consumer_id, max_in_flight=self.max_in_flight,
            affinity_tags=self.affinity_tags, host=socket.gethostname(), process_id=os.getpid()))
        await outgoing.put(attach)

        async def frames():
            while True:
                frame = await outgoing.get()
                if frame is None:
                    return
                yield frame

        channel = (grpc.aio.insecure_channel(self.address, options=self._options) if self._credentials is None
                   else grpc.aio.secure_channel(self.address, self._credentials, options=self._options))
        async with channel:
            call = channel.stream_stream(
                _WORK, request_serializer=pb.WorkerFrame.SerializeToString, response_deserializer=pb.SiloFrame.FromString
            )(frames(), metadata=metadata)
            leaving = asyncio.ensure_future(self._stopping.wait())
            try:
                reading = call.__aiter__()
                while True:
                    next_frame = asyncio.ensure_future(reading.__anext__())
                    done, _ = await asyncio.wait({next_frame, leaving}, return_when=asyncio.FIRST_COMPLETED)
                    if leaving in done and not next_frame.done():
                        # Drain: leave (no new messages); the silo answers Drained once what we hold has ended.
                        await outgoing.put(pb.WorkerFrame(leave=pb.Leave()))
                        leaving = asyncio.get_running_loop().create_future()
                        try:
                            await asyncio.wait_for(asyncio.shield(next_frame), timeout=self.drain_timeout)
                        except asyncio.TimeoutError:
                            next_frame.cancel()
                            return
                    try:
                        frame = next_frame.result()
                    except StopAsyncIteration:
                        return
                    kind = frame.WhichOneof("kind")
                    if kind == "attached":
                        log.info("worker %s attached to group %s through silo %s", self.consumer_id, self.group, frame.attached.silo)
                    elif kind == "deliver":
                        task = asyncio.ensure_future(self._handle(frame.deliver, outgoing))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                    elif kind == "cancel":
                        pass  # The silo stopped waiting for it; our answer will be ignored.
                    elif kind == "drained":
                        log.info("worker %s left group %s after its messages in hand ended", self.consumer_id, self.group)
                        return
            except grpc.aio.AioRpcError as error:
                raise _translate(error) from error
            finally:
                leaving.cancel()
                if tasks:
                    await asyncio.gather(*tasks, return_exceptions=True)
                await outgoing.put(None)

    async def _handle(self, deliver, outgoing: asyncio.Queue) -> None:
        message = Message(
            id=deliver.message_id,
            fields={name: _value(value) for name, value in deliver.fields.items()},
            payload=bytes(deliver.payload),
            attempt=deliver.attempt,
            deadline=deliver.deadline_unix_ms / 1000.0,
        )
        try:
            if self._is_async:
                await self.handler(message)
            else:
                result = await asyncio.to_thread(self.handler, message)
                if inspect.isawaitable(result):
                    await result
        except Exception as error:  # noqa: BLE001 - any failure of the handler is the message's crash
            self.failed += 1
            reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
            await outgoing.put(pb.WorkerFrame(fail=pb.Fail(delivery_id=deliver.delivery_id, reason=reason[:1000])))
            return
        self.handled += 1
        await outgoing.put(pb.WorkerFrame(ack=pb.Ack(delivery_id=deliver.delivery_id)))


def _tls(ca: Optional[str], certificate: Optional[str], key: Optional[str]) -> "Optional[grpc.ChannelCredentials]":
    """The channel's TLS credentials from PEM files, or None for plain text; a missing file is named."""
    if ca is None and certificate is None and key is None:
        return None
    if (certificate is None) != (key is None):
        raise ValueError("tls_certificate and tls_key go together: give both, or neither")

    def read(name: str, path: Optional[str]) -> Optional[bytes]:
        if path is None:
            return None
        try:
            with open(path, "rb") as file:
                return file.read()
        except OSError as error:
            raise ValueError(f"{name}: cannot read '{path}': {error.strerror}") from error

    return grpc.ssl_channel_credentials(
        root_certificates=read("tls_ca", ca), private_key=read("tls_key", key), certificate_chain=read("tls_certificate", certificate))


def _value(value):
    kind = value.WhichOneof("value")
    return None if kind in (None, "null") else getattr(value, kind)


def _translate(error: "grpc.aio.AioRpcError") -> Exception:
    code = error.code()
    detail = error.details() or code.name
    if code == grpc.StatusCode.INVALID_ARGUMENT:
        return AttachRefused(detail) if detail.startswith("Attach refused") else ProtocolError(detail)
    if code == grpc.StatusCode.UNAUTHENTICATED or "401" in detail:
        return Unauthenticated(f"the silo requires Http:ApiKey: {detail}")
    return Disconnected(f"the stream to the silo ended: {code.name}: {detail}")


def run(worker: Worker) -> None:
    """Runs ``worker`` until SIGTERM or SIGINT, from plain (non-async) code."""
    asyncio.run(worker.run())
