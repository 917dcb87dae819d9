"""A delivered message, as a handler receives it."""

from dataclasses import dataclass, field
from typing import Mapping, Optional, Union

FieldValue = Optional[Union[str, int, float, bool]]


@dataclass(frozen=True)
class Message:
    """One message of the group: its id (stable across reroutes), its fields, its payload (bytes, untouched).

    ``attempt`` is which attempt of the message this is, 0 when the silo does not say.
    ``deadline`` is when the silo stops waiting for the answer, in seconds since the epoch (UTC).
    """

    id: str
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    payload: bytes = b""
    attempt: int = 0
    deadline: float = 0.0

    def text(self, name: str) -> Optional[str]:
        """The field ``name`` when it is text, else None."""
        value = self.fields.get(name)
        return value if isinstance(value, str) else None
