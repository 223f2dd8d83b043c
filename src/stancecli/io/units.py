"""The inputs of a run as pieces a worker process reads by itself: files and byte ranges.

With `--jobs N` the parent does not read texts to send them to workers (that made the
parent, reading and pickling, the bottleneck). It walks the inputs as the loader does and
cuts each large JSONL file into byte ranges that start and end at line boundaries, each
told the number of its first line; a worker opens the file and reads its piece by the
loader's own rules, so reasons, ids (`stem:LINE`) and line numbers are the file's own.
The two things that need the whole input in order, repeated texts and taken ids, are
left to the parent: a worker's article carries its text's digest, and `Claims` applies
the loader's `claim` in input order.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, cast

from stancecli.io.loading import (
    _SNIFF_BYTES,
    DEFAULT_MAX_BYTES,
    EMPTY,
    JSONL_SUFFIXES,
    STDIN_INPUT,
    _article,
    _fingerprint,
    _Loader,
    _os_reason,
    _titled_by_id,
    duplicate_of,
)
from stancecli.models import Article, ArticleInfo, Skipped

#: A byte range's size: large enough that a task's overhead is nothing beside reading and
#: comparing its articles, small enough that workers share a file evenly and memory stays flat.
RANGE_BYTES = 256_000
#: The smallest range a file is cut into so that every worker gets several of a small file.
MIN_RANGE_BYTES = 16_000
RANGES_PER_WORKER = 8  # of a file: so the last ranges, not whole shares, end a run unevenly
_SCAN = 65536  # bytes read at a time to find the end of a range's last line


@dataclass(frozen=True)
class Piece:
    """A file to read whole (`length` None), or a byte range of a JSONL file.

    A range starts at a line's first byte and ends after a newline (or at the end of the
    file); `first_line` is the file's number of its first line, `last` says whether it is
    the file's last range (where an empty file is reported).
    """

    path: str
    offset: int = 0
    length: int | None = None
    first_line: int = 1
    last: bool = True


@dataclass(frozen=True)
class Found(Article):
    """An article a worker read, with what the parent needs to claim its id in order."""

    digest: bytes = b""
    untitled: bool = False  # its title is its id, so a renamed id renames the title
    line: int | None = None


def plan(
    inputs: Sequence[str],
    *,
    hidden: bool = False,
    range_bytes: int = RANGE_BYTES,
    jobs: int = 1,
) -> Iterator[Piece | Skipped]:
    """The pieces of the inputs in reading order, and the inputs that cannot be listed.

    Lazy, like the loader: a JSONL file is cut as its turn comes, reading it once at
    C speed to count lines, into ranges of at most `range_bytes`, smaller for a file too
    small to give each of `jobs` workers several. stdin cannot be handed to another
    process: not accepted here.
    """
    walker = _Loader(
        None, text_field=None, id_field=None, max_bytes=DEFAULT_MAX_BYTES, hidden=hidden
    )
    for raw in inputs:
        if raw == STDIN_INPUT:
            raise ValueError("stdin is read by the parent, not planned into pieces")
        for entry in walker.walk(raw):
            if isinstance(entry, Skipped):
                yield entry
            else:
                yield from _pieces(entry, range_bytes, jobs)


def _pieces(path: str, range_bytes: int, jobs: int) -> Iterator[Piece]:
    """A whole file, unless it is a large UTF-8 (or cp1252) JSONL file: then its ranges.

    UTF-16 exports, files that look binary and files that cannot be opened go whole, so a
    worker reports them exactly as the loader does.
    """
    if Path(path).suffix.lower() not in JSONL_SUFFIXES or not _is_regular(path):
        yield Piece(path)  # a named FIFO: the parent must not open it, nor take its bytes
        return
    try:
        handle = open(path, "rb")
    except OSError:
        yield Piece(path)
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        share = max(MIN_RANGE_BYTES, size // (jobs * RANGES_PER_WORKER))
        range_bytes = min(range_bytes, share)
        head = handle.read(_SNIFF_BYTES)
        whole = size <= range_bytes or len(head) < _SNIFF_BYTES or b"\x00" in head
        if whole or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            yield Piece(path)
            return
        handle.seek(0)
        for offset, length, first_line in _ranges(handle, range_bytes):
            yield Piece(path, offset, length, first_line, offset + length >= size)


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _ranges(handle: BinaryIO, range_bytes: int) -> Iterator[tuple[int, int, int]]:
    """(offset, length, first line number) of consecutive ranges, each ending a line."""
    offset, line = 0, 1
    while block := handle.read(range_bytes):
        end = offset + len(block)
        newlines = block.count(b"\n")
        if not block.endswith(b"\n"):
            while chunk := handle.read(_SCAN):
                cut = chunk.find(b"\n")
                if cut >= 0:
                    end += cut + 1
                    newlines += 1
                    handle.seek(end)
                    break
                end += len(chunk)
        yield offset, end - offset, line
        offset, line = end, line + newlines


class PieceReader(_Loader):
    """The loader on a worker: it reads pieces and leaves ids and repeats to `Claims`."""

    def __init__(self, *, text_field: str | None, id_field: str | None, max_bytes: int) -> None:
        super().__init__(
            None, text_field=text_field, id_field=id_field, max_bytes=max_bytes, hidden=True
        )

    def emit(
        self, metadata: dict[str, str], body: str, stem: str, path: str, *, line: int | None
    ) -> Iterator[Article | Skipped]:
        article = _article(metadata, body, stem, path)
        untitled = _titled_by_id(metadata, body)
        yield Found(article.info, article.text, _fingerprint(body), untitled, line)

    def read_piece(self, piece: Piece) -> tuple[list[Article | Skipped], bool]:
        """The piece's articles and skips, and whether it held a line that is not blank
        (a whole file counts as holding one: its own emptiness is reported in it)."""
        if piece.length is None:
            return list(self.read_file(piece.path)), True
        found: list[Article | Skipped] = []
        stem = Path(piece.path).stem or piece.path
        try:
            with open(piece.path, "rb") as handle:
                handle.seek(piece.offset)
                window = cast(BinaryIO, _Window(handle, piece.length))
                records = self.jsonl_records(
                    window, b"", piece.path, stem, first_line=piece.first_line
                )
                while True:
                    found.append(next(records))
        except StopIteration as done:
            return found, bool(done.value)
        except OSError as exc:
            found.append(Skipped(path=piece.path, reason=_os_reason(exc)))
        return found, True


class _Window:
    """`length` bytes of a file from where it stands, read line by line."""

    def __init__(self, handle: BinaryIO, length: int) -> None:
        self._handle = handle
        self._left = length

    def read(self, size: int = -1) -> bytes:
        size = self._left if size < 0 else min(size, self._left)
        data = self._handle.read(size)
        self._left -= len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._handle.readline(size)
        self._left -= len(data)
        return data


class Claims:
    """The loader's ids and repeats, applied in the parent to what workers read, in order."""

    def __init__(self) -> None:
        self._loader = _Loader(
            None, text_field=None, id_field=None, max_bytes=DEFAULT_MAX_BYTES, hidden=False
        )
        self._empty: dict[str, bool] = {}

    def claim(
        self, info: ArticleInfo, digest: bytes, *, untitled: bool, line: int | None
    ) -> ArticleInfo | Skipped:
        """The article's info under the id the loader gives it, or its duplicate skip."""
        article_id, fresh = self._loader.claim(digest, info.id)
        if not fresh:
            return Skipped(path=info.path, reason=duplicate_of(article_id), line=line)
        if article_id == info.id:
            return info
        return replace(info, id=article_id, title=article_id if untitled else info.title)

    def after_piece(self, piece: Piece, held_lines: bool) -> Skipped | None:
        """The empty-file skip the loader gives a JSONL file with no line that is not
        blank, once the file's last range is read."""
        if piece.length is None:
            return None
        empty = self._empty.pop(piece.path, True) and not held_lines
        if not piece.last:
            self._empty[piece.path] = empty
            return None
        return Skipped(path=piece.path, reason=EMPTY) if empty else None
