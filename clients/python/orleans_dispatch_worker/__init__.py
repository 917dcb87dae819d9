"""A worker of Orleans.Dispatch in Python: consumes a consumer group's messages over the worker protocol.

    from orleans_dispatch_worker import Worker, Message, run

    def handle(message: Message) -> None:
        print(message.id, message.text("customer"))   # returning acknowledges; raising fails it

    run(Worker("orders", "py-1", handle, max_in_flight=8))
"""

from .errors import AttachRefused, Disconnected, ProtocolError, Unauthenticated, WorkerError
from .message import Message
from .worker import DEFAULT_ADDRESS, HandlerFailed, Worker, run

__all__ = [
    "AttachRefused",
    "DEFAULT_ADDRESS",
    "Disconnected",
    "HandlerFailed",
    "Message",
    "ProtocolError",
    "Unauthenticated",
    "Worker",
    "WorkerError",
    "run",
]
