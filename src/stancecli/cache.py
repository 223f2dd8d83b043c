"""Derived data kept between runs under the user's cache directory, so a cold start does
not rebuild it.

Only plain data is kept (what `marshal` writes: str, int, float, tuples, lists, dicts,
sets), never pickled objects, so a tampered cache file can at worst be unreadable, and an
unreadable, stale or unwritable cache only costs the rebuild. Each entry's name carries a
digest of what it was derived from: a change of input is a different file, never a stale
answer. `STANCE_CACHE_DIR` moves the directory; setting it to an empty string turns the
cache off.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

try:  # hashlib's blake2b, without hashlib (see `new_digest`)
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

T = TypeVar("T")
ENV = "STANCE_CACHE_DIR"
_FORMAT = b"stance-cache-1"  # bump to orphan every entry written by an older layout
# Entries kept per name: each new model file, pack or edit of the code writes a new one
# (the model's is 8 MB), so without a bound the directory only grows. Enough for a few
# packs used in turn; the oldest beyond it go when a new one is written.
KEEP_PER_NAME = 8
_DIGEST = 24  # hex digits of an entry's key in its file name
_HEX = "[0-9a-f]"  # one of them, as a glob (so "model" never matches "model-rows-...")


def new_digest(data: bytes = b"") -> blake2b:
    """A digest for a cache key: blake2b, from the interpreter's own module.

    SHA-256 needed `hashlib`, which loads OpenSSL on import (2.5 ms of a cold start), or
    the interpreter's own SHA-256, three times slower than blake2b over the model file's
    1.5 MB.
    """
    return blake2b(data, digest_size=32)


def cache_dir() -> Path | None:
    """Where entries live: $STANCE_CACHE_DIR, else $XDG_CACHE_HOME/stance, else ~/.cache."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "stance"


def cached(name: str, key: bytes, build: Callable[[], T], check: Callable[[Any], bool]) -> T:
    """`build()`'s value, read from the cache when an entry for `key` exists and passes
    `check`; otherwise built, and written for the next run when the directory allows."""
    value = load(name, key, check)
    if value is None:
        value = build()
        store(name, key, value)
    return value  # type: ignore[no-any-return]


def load(name: str, key: bytes, check: Callable[[Any], bool]) -> Any:
    """The entry for `key` if there is one that reads and passes `check`, else None (so
    None itself is never worth storing)."""
    path = _entry(name, key)
    if path is None:
        return None
    try:
        value = marshal.loads(path.read_bytes())
        if check(value):
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return None


def store(name: str, key: bytes, value: object) -> None:
    """Write `value` as the entry for `key`, atomically; a failure only costs a rebuild."""
    _write(name, key, _marshalled(value))


def store_all(name: str, entries: Iterable[tuple[bytes, object]], keep: int) -> None:
    """`store` each (key, value), then keep `name`'s `keep` newest entries: one listing
    of the folder for the lot, not one per entry."""
    written = None
    for key, value in entries:
        written = _write(name, key, _marshalled(value), prune=False)
        if written is None:  # no cache, or it cannot be written: the rest would fail too
            return
    if written is not None:
        _prune(written, name, keep)


def _marshalled(value: object) -> Callable[[], list[bytes]]:
    return lambda: [marshal.dumps(value)]  # type: ignore[arg-type]


def load_mapped(
    name: str, key: bytes, check: Callable[[Any, list[memoryview]], bool]
) -> tuple[Any, list[memoryview]] | None:
    """The entry `store_mapped` wrote for `key`, if it reads and passes `check`, else None.

    Its blobs are views of the file mapped into memory, not read: a run reads only the
    pages it touches (a few hundred kB of the model's 5 MB of topic rows), and they are
    never copied. Entries are replaced by renaming a new file over them, never written
    in place, so a mapped file does not change under a run.
    """
    path = _entry(name, key)
    if path is None:
        return None
    import mmap  # only for this kind of entry

    try:
        with open(path, "rb") as file:
            view = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        start = int.from_bytes(view[:_ALIGN], "little")
        value, sizes = marshal.loads(view[_ALIGN:])
        if not (
            type(sizes) is tuple
            and all(type(n) is int and n >= 0 for n in sizes)
            and start % _ALIGN == 0
            and start + sum(map(_aligned, sizes)) == len(view)  # not cut short, nor grown
        ):
            return None
        blobs = []
        for n in sizes:
            blobs.append(view[start : start + n])
            start += _aligned(n)
        if check(value, blobs):
            return value, blobs
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return None


def store_mapped(name: str, key: bytes, value: object, blobs: Sequence[bytes]) -> None:
    """Write `value` and `blobs` as the entry for `key`, for `load_mapped`: where the
    blobs start (8 bytes, little-endian), the marshal bytes of `value` and of the blobs'
    sizes, then each blob, each starting at a multiple of 8 bytes so a view of floats is
    aligned."""

    def chunks() -> list[bytes]:
        head = marshal.dumps((value, tuple(len(blob) for blob in blobs)))  # type: ignore[arg-type]
        start = _aligned(_ALIGN + len(head))
        out = [start.to_bytes(_ALIGN, "little"), head, bytes(start - _ALIGN - len(head))]
        for blob in blobs:
            out += [blob, bytes(-len(blob) % _ALIGN)]
        return out

    _write(name, key, chunks)


_ALIGN = 8


def _aligned(size: int) -> int:
    return size + -size % _ALIGN


def _write(
    name: str, key: bytes, chunks: Callable[[], list[bytes]], *, prune: bool = True
) -> Path | None:
    """Write the entry for `key` atomically; a failure only costs a rebuild. The folder
    written to, or None when nothing was."""
    path = _entry(name, key)
    if path is None:
        return None
    import tempfile  # only a run that writes an entry needs it (with random: 1.4 ms)

    try:
        data = chunks()  # before the temporary file: a value that does not marshal leaves none
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.writelines(data)
        os.replace(tmp, path)
    except (OSError, ValueError):  # read-only home, full disk, unmarshallable value
        return None
    if prune:
        _prune(path.parent, name)
    return path.parent


def _prune(folder: Path, name: str, keep: int = KEEP_PER_NAME) -> None:
    """Remove `name`'s oldest entries beyond `keep` (only a run that wrote one pays for
    the listing)."""
    try:
        entries = sorted(
            ((p.stat().st_mtime_ns, p) for p in folder.glob(f"{name}-{_HEX * _DIGEST}.marshal")),
            reverse=True,
        )
        for _, old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:  # another process pruned first, or the folder went away
        pass


def source_key(modules: Iterable[ModuleType], data: bytes = b"") -> bytes | None:
    """A key for what `modules`' code derives from `data`: their source files' bytes and
    the data, so an edit to either is a new entry. None when a source cannot be read (a
    frozen or zipped install): such a run builds and keeps nothing."""
    digest = new_digest(data)
    try:
        for module in modules:
            digest.update(b"\0" + Path(str(module.__file__)).read_bytes())
    except (OSError, TypeError):
        return None
    return digest.digest()


def _entry(name: str, key: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = new_digest(_FORMAT + b"\0" + key).hexdigest()[:_DIGEST]
    return folder / f"{name}-{digest}.marshal"
