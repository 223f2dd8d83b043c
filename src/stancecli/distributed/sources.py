"""Reading inputs on the cluster: the client lists files, Dask's workers read them.

`read_bag` turns paths, folders, globs or fsspec URLs (`s3://`, `gs://`, `file://`) into a
`dask.bag` of `Item`s without reading a record on the client: a JSONL export is cut into
blocks at line ends (fsspec's `read_block`, as `dask.bag.read_text` does), Parquet is read
a file a partition, and article files (text, Markdown, HTML, JSON) a group of files a
partition. A block's first line number comes from a small task that counts the newlines
of the blocks before it, so ids (`FILE:LINE`) and warnings name the file's own lines, as
a local run does, whichever worker reads the block.
"""

from __future__ import annotations

import glob as local_glob
import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from stancecli.distributed.extra import require_dask
from stancecli.distributed.items import Item, stem_of
from stancecli.io.encoding import BINARY
from stancecli.io.loading import (
    ARTICLE_SUFFIXES,
    DEFAULT_MAX_BYTES,
    EMPTY,
    EMPTY_FOLDER,
    JSONL_SUFFIXES,
    NO_MATCH,
    NOT_FOUND,
    _jsonl_lines,
    _os_reason,
    _Rejected,
    too_large,
)
from stancecli.models import Skipped

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.delayed import Delayed

PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
#: Bytes of JSONL per partition: minutes of work for a core, few enough tasks for a
#: scheduler at a hundred million records (see README, "Running on a Dask cluster").
DEFAULT_BLOCKSIZE = 32_000_000
FILES_PER_PARTITION = 64  # article files (one article each) per partition
_GLOB_MAGIC = frozenset("*?[")


@dataclass(frozen=True)
class _File:
    """A file to read: how workers open it (`fs`, `path`) and how the user named it."""

    fs: Any  # an fsspec AbstractFileSystem; picklable, so workers open the file themselves
    path: str
    shown: str
    size: int


def read_bag(
    inputs: Sequence[str],
    *,
    blocksize: int = DEFAULT_BLOCKSIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    hidden: bool = False,
    storage_options: dict[str, Any] | None = None,
) -> Bag:
    """A bag of the inputs' records for `compare_bag`, read by the workers.

    Partitions follow the inputs' order (a folder's files in name order, a glob's sorted),
    so the comparison comes out in the order of a local run. An input that is missing or
    matches nothing is an item of its own, skipped with the local run's reason.
    """
    require_dask()
    import dask.bag as db
    from dask import delayed

    parts: list[Delayed] = []
    pending: list[_File] = []
    seen: set[str] = set()

    def flush() -> None:
        for group in _chunks(pending, FILES_PER_PARTITION):
            parts.append(delayed(_read_files, pure=True)(group, max_bytes))
        pending.clear()

    for raw in inputs:
        for found in _list_input(raw, hidden, storage_options or {}):
            if isinstance(found, Skipped):
                flush()
                parts.append(delayed([Item("skipped", found.path, None, "", found)]))
                continue
            key = found.fs.unstrip_protocol(found.path)
            if key in seen:  # a file reached twice is read once, as locally
                continue
            seen.add(key)
            suffix = PurePosixPath(found.path).suffix.lower()
            if suffix in JSONL_SUFFIXES:
                flush()
                parts.extend(_jsonl_blocks(found, blocksize, max_bytes))
            elif suffix in PARQUET_SUFFIXES:
                flush()
                parts.append(delayed(_read_parquet, pure=True)(found))
            else:
                pending.append(found)
    flush()
    if not parts:
        return db.from_sequence([], npartitions=1)
    return db.from_delayed(parts)


def _list_input(
    raw: str, hidden: bool, storage_options: dict[str, Any]
) -> Iterator[_File | Skipped]:
    """The files an input names, in a local run's order, or why it names none."""
    from fsspec.core import url_to_fs

    try:
        fs, path = url_to_fs(raw, **storage_options)
        if fs.isdir(path):
            files = list(_find(fs, path, raw, hidden))
            if not files:
                yield Skipped(path=raw, reason=EMPTY_FOLDER)
            yield from files
        elif fs.exists(path):
            yield _File(fs, path, raw, _size(fs, path))
        elif _GLOB_MAGIC.intersection(raw):
            matches = sorted(fs.glob(path))
            if not matches:
                yield Skipped(path=raw, reason=NO_MATCH)
            for match in matches:
                shown = _shown(fs, match, raw)
                if fs.isdir(match):
                    yield from _find(fs, match, shown, hidden)
                else:
                    yield _File(fs, match, shown, _size(fs, match))
        else:
            yield Skipped(path=raw, reason=NOT_FOUND)
    except OSError as exc:
        yield Skipped(path=raw, reason=_os_reason(exc))


def _find(fs: Any, root: str, shown_root: str, hidden: bool) -> Iterator[_File]:
    """Article files under a folder, in name order; dot-names left out unless `hidden`."""
    base = root.rstrip("/")
    for path, info in sorted(fs.find(root, detail=True).items()):
        relative = path[len(base) :].lstrip("/")
        parts = relative.split("/")
        if not hidden and any(part.startswith(".") for part in parts):
            continue
        if PurePosixPath(path).suffix.lower() not in ARTICLE_SUFFIXES | PARQUET_SUFFIXES:
            continue
        shown = os.path.join(shown_root, *parts) if _is_local(fs) else fs.unstrip_protocol(path)
        yield _File(fs, path, shown, int(info.get("size") or 0))


def _shown(fs: Any, match: str, raw: str) -> str:
    """A glob's match as a local run names it (relative when the pattern was)."""
    if not _is_local(fs):
        return str(fs.unstrip_protocol(match))
    if os.path.isabs(raw) or raw.startswith("file://"):
        return match
    locals_ = local_glob.glob(raw, recursive=True)
    absolute = {os.path.abspath(m): m for m in locals_}
    return absolute.get(os.path.abspath(match), os.path.relpath(match))


def _is_local(fs: Any) -> bool:
    protocol = fs.protocol
    names = protocol if isinstance(protocol, tuple | list) else (protocol,)
    return "file" in names or "local" in names


def _size(fs: Any, path: str) -> int:
    try:
        return int(fs.size(path) or 0)
    except OSError:
        return 0


def _chunks(files: list[_File], size: int) -> Iterator[list[_File]]:
    iterator = iter(list(files))
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# --------------------------------------------------------------------------- on workers


def _jsonl_blocks(file: _File, blocksize: int, max_bytes: int) -> list[Delayed]:
    """One task per block of a JSONL file, each told the number of its first line."""
    from dask import delayed

    offsets = list(range(0, max(file.size, 1), blocksize))
    if len(offsets) == 1:
        return [delayed(_read_jsonl_block, pure=True)(file, 0, None, 1, max_bytes)]
    counts = [
        delayed(_count_newlines, pure=True)(file, offset, blocksize) for offset in offsets[:-1]
    ]
    firsts = delayed(_first_lines, pure=True)(counts)
    return [
        delayed(_read_jsonl_block, pure=True)(
            file, offset, blocksize if k < len(offsets) - 1 else None, firsts[k], max_bytes
        )
        for k, offset in enumerate(offsets)
    ]


def _block(file: _File, offset: int, length: int | None) -> bytes:
    from fsspec.utils import read_block

    with file.fs.open(file.path, "rb") as handle:
        if offset == 0 and length is None:
            data: bytes = handle.read()
        else:
            data = read_block(handle, offset, length, delimiter=b"\n")
        return data


def _count_newlines(file: _File, offset: int, length: int) -> int:
    return _block(file, offset, length).count(b"\n")


def _first_lines(counts: list[int]) -> list[int]:
    """Block k starts on line 1 + the newlines of blocks 0..k-1."""
    return list(itertools.accumulate(counts, initial=1))


def _read_jsonl_block(
    file: _File, offset: int, length: int | None, first_line: int, max_bytes: int
) -> list[Item]:
    """The lines of one block as items; a line that cannot be decoded is a skipped item."""
    stem = stem_of(file.shown)
    try:
        data = _block(file, offset, length)
    except OSError as exc:
        return [Item("skipped", file.shown, None, stem, Skipped(file.shown, _os_reason(exc)))]
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return [Item("skipped", file.shown, None, stem, Skipped(file.shown, BINARY))]
    items: list[Item] = []
    import io

    for number, line in _jsonl_lines(io.BytesIO(data), b"", max_bytes, first_line):
        if isinstance(line, _Rejected):
            skip = Skipped(file.shown, line.reason, number)
            items.append(Item("skipped", file.shown, number, stem, skip))
        elif line.strip():
            items.append(Item("jsonl", file.shown, number, stem, line))
    if not items and offset == 0:
        items.append(Item("skipped", file.shown, None, stem, Skipped(file.shown, EMPTY)))
    return items


def _read_files(files: list[_File], max_bytes: int) -> list[Item]:
    """Whole article files as items: their bytes, read once on the worker."""
    items: list[Item] = []
    for file in files:
        stem = stem_of(file.shown)
        try:
            with file.fs.open(file.path, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as exc:
            skip = Skipped(file.shown, _os_reason(exc))
            items.append(Item("skipped", file.shown, None, stem, skip))
            continue
        if len(data) > max_bytes:
            skip = Skipped(file.shown, too_large(max_bytes))
            items.append(Item("skipped", file.shown, None, stem, skip))
            continue
        items.append(Item("file", file.shown, None, stem, data))
    return items


def _read_parquet(file: _File) -> list[Item]:
    """A Parquet file's rows as records, numbered from 1 like JSONL lines."""
    stem = stem_of(file.shown)
    try:
        import pyarrow.parquet as pq

        with file.fs.open(file.path, "rb") as handle:
            table = pq.read_table(handle)
    except ImportError:
        reason = "reading Parquet needs pyarrow (pip install 'stancecli[dask]')"
        return [Item("skipped", file.shown, None, stem, Skipped(file.shown, reason))]
    except (OSError, ValueError) as exc:
        reason = f"not a readable Parquet file ({' '.join(str(exc).split())[:120]})"
        return [Item("skipped", file.shown, None, stem, Skipped(file.shown, reason))]
    return [
        Item("record", file.shown, number, stem, row)
        for number, row in enumerate(table.to_pylist(), start=1)
    ]
