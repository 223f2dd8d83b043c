"""What a partition holds, and how a worker turns it into articles as `stance` does locally.

A partition is a list of `Item`s made by `sources.read_bag` (a JSONL line, a Parquet row,
a whole file's bytes) or, in a bag of the user's own, plain records (dicts) and texts
(strings). Each is read by the same loader as a local run, so a record without text,
a line that is not JSON or a binary file is skipped with the same reason; only the two
things that need the whole corpus (repeated texts, repeated ids) are left to the
client, which sees the partitions in order (see `assemble`).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from stancecli.io.encoding import UNDECODABLE
from stancecli.io.loading import (
    DEFAULT_MAX_BYTES,
    JSONL_SUFFIXES,
    _article,
    _fingerprint,
    _Loader,
    _os_reason,
    _Rejected,
    too_large,
)
from stancecli.models import Article, Skipped

ItemKind = Literal["jsonl", "record", "file", "text", "skipped"]


@dataclass(frozen=True)
class Item:
    """One input of a partition, with where it came from for ids and warnings.

    `line` is the JSONL line or Parquet row (from 1), None for a whole file; `stem` is
    the id an article gets when its record names none (`stem:line` for a line or row).
    `value` is a JSONL line (str), a record (dict), a file's bytes, a text, or, for an
    input that could not even be listed, the `Skipped` that says why.
    """

    kind: ItemKind
    source: str
    line: int | None
    stem: str
    value: object


@dataclass(frozen=True)
class ReadOptions:
    """The loading options of `stance compare` that apply on a worker."""

    text_field: str | None = None
    id_field: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


DEFAULT_READ = ReadOptions()


def stem_of(source: str) -> str:
    """A file's stem from a path or URL (`s3://bucket/wire/2019.jsonl` -> `2019`)."""
    name = PurePosixPath(source.rstrip("/").replace("\\", "/")).name
    return PurePosixPath(name).stem or name or source


def as_item(value: object, partition: int, position: int) -> Item:
    """An element of the user's own bag: an Item as is, a dict as a record, a str as a
    text; each named by its partition and place, since it has no file."""
    if isinstance(value, Item):
        return value
    source = f"<bag partition {partition}>"
    stem = f"bag-{partition}"
    if isinstance(value, str):
        return Item("text", source, position + 1, f"{stem}-{position + 1}", value)
    return Item("record", source, position + 1, stem, value)


class PartitionLoader(_Loader):
    """The local loader, less what needs every partition: repeats and id clashes."""

    def __init__(self, options: ReadOptions) -> None:
        super().__init__(
            None,
            text_field=options.text_field,
            id_field=options.id_field,
            max_bytes=options.max_bytes,
            hidden=True,
        )

    def emit(
        self, metadata: dict[str, str], body: str, stem: str, path: str, *, line: int | None
    ) -> Iterator[Article | Skipped]:
        yield _article(metadata, body, stem, path)

    def read(self, item: Item) -> Iterator[Article | Skipped]:
        """The articles of one item, or why it has none, with the local loader's reasons."""
        if item.kind == "skipped":
            assert isinstance(item.value, Skipped)
            yield item.value
        elif item.kind == "jsonl":
            assert isinstance(item.value, str) and item.line is not None
            yield from self.read_jsonl_line(item.value, item.source, item.stem, item.line)
        elif item.kind == "record":
            fallback = item.stem if item.line is None else f"{item.stem}:{item.line}"
            try:
                yield from self.accept_record(item.value, item.source, fallback, line=item.line)
            except _Rejected as exc:
                yield Skipped(path=item.source, reason=exc.reason, line=item.line)
        elif item.kind == "text":
            assert isinstance(item.value, str)
            try:
                yield from self.accept_text(item.value, item.stem, item.source)
            except _Rejected as exc:
                yield Skipped(path=item.source, reason=exc.reason, line=item.line)
        else:
            assert isinstance(item.value, bytes)
            yield from self.read_file_bytes(item.value, item.source, item.stem)

    def read_file_bytes(self, data: bytes, source: str, stem: str) -> Iterator[Article | Skipped]:
        """A whole file read by a worker: the same checks as a local file's."""
        suffix = PurePosixPath(source).suffix.lower()
        try:
            if len(data) > self.max_bytes and suffix not in JSONL_SUFFIXES:
                raise _Rejected(too_large(self.max_bytes))
            yield from self.read_stream(io.BytesIO(data), source, stem, suffix=suffix)
        except _Rejected as exc:
            yield Skipped(path=source, reason=exc.reason, line=exc.line)
        except UnicodeError:
            yield Skipped(path=source, reason=UNDECODABLE)
        except OSError as exc:
            yield Skipped(path=source, reason=_os_reason(exc))


def fingerprint(article: Article) -> bytes:
    """The local loader's digest of a text, by which the client finds repeats."""
    return _fingerprint(article.text)
