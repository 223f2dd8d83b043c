"""The options every reader of an input shares: the loader, and `--jobs` workers.

A module of its own so the CLI can declare them without importing the workers, which a
run with one process never uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from stancecli.io.loading import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class ReadSettings:
    """The loading options a worker reads its pieces with (`stance compare`'s own)."""

    text_field: str | None = None
    id_field: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    hidden: bool = False


DEFAULT_READ = ReadSettings()
