"""The options every reader of an input shares: the loader, and `--jobs` workers.

A module of its own so the CLI can declare them without importing the workers, which a
run with one process never uses.
"""

from __future__ import annotations

from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.record import record, set_field


@record
class ReadSettings:
    """The loading options a worker reads its pieces with (`stance compare`'s own)."""

    text_field: str | None = None
    id_field: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    hidden: bool = False

    def __init__(
        self,
        text_field: str | None = None,
        id_field: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        hidden: bool = False,
    ) -> None:
        set_field(self, "text_field", text_field)
        set_field(self, "id_field", id_field)
        set_field(self, "max_bytes", max_bytes)
        set_field(self, "hidden", hidden)


DEFAULT_READ = ReadSettings()
