"""Writing cells on the workers, one JSONL part file per partition.

Nothing comes back to the client but a count and the skipped inputs, so a corpus of any
size goes through a client of any size. Each part holds the lines `stance compare
--format jsonl` prints, in input order; repeats and id clashes are resolved within the
partition (across partitions only the in-memory `compare_bag` can see them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stancecli.distributed.ids import Assembler
from stancecli.distributed.worker import EngineSpec, Entry, analyze_items
from stancecli.models import Skipped, TopicPack
from stancecli.render.formats import render_article_jsonl

PART_NAME = "part-{:05d}.jsonl"


@dataclass(frozen=True)
class PartWritten:
    """What a worker reports of the part file it wrote."""

    path: str
    articles: int
    size: int
    skipped: tuple[Skipped, ...]


def write_partition(
    items: Iterable[object], spec: EngineSpec, partition: int, fs: Any, folder: str
) -> PartWritten:
    """Compare a partition and write its cells to `folder/part-NNNNN.jsonl` on `fs`."""
    return write_entries(analyze_items(items, spec, partition), spec.pack, partition, fs, folder)


def write_entries(
    entries: Iterable[Entry], pack: TopicPack, partition: int, fs: Any, folder: str
) -> PartWritten:
    """A partition's compared entries as its part file (repeats resolved within it)."""
    assembler = Assembler()
    skipped: list[Skipped] = []
    articles = size = 0
    path = f"{folder.rstrip('/')}/{PART_NAME.format(partition)}"
    with fs.open(path, "w", encoding="utf-8") as handle:
        for entry in entries:
            size += 0 if isinstance(entry, Skipped) else entry.size
            accepted = assembler.accept(entry)
            if isinstance(accepted, Skipped):
                skipped.append(accepted)
                continue
            articles += 1
            handle.write(render_article_jsonl(accepted.info, accepted.cells, pack))
    return PartWritten(str(fs.unstrip_protocol(path)), articles, size, tuple(skipped))
