"""The errors a worker raises, each naming what went wrong."""


class WorkerError(Exception):
    """Base of every error of this package."""


class AttachRefused(WorkerError):
    """The silo refused the Attach (a bad group name, consumer id or max_in_flight): retrying will not help."""


class ProtocolError(WorkerError):
    """The silo ended the stream because the worker broke the protocol (a bug in this package or the handler's use of it)."""


class Unauthenticated(WorkerError):
    """The silo requires Http:ApiKey, and the worker sent none or a wrong one."""


class Disconnected(WorkerError):
    """The stream to the silo ended or could not be opened; the worker reconnects with backoff unless told to stop."""
