"""The same analysis on a Dask cluster: `compare_bag`, `write_bag`, `read_bag`.

Install with `pip install 'stancecli[dask]'`. Importing this package imports no Dask;
each function does, when called, and says what to install if it cannot.

    from distributed import Client
    from stancecli.distributed import compare_bag, read_bag

    with Client("tcp://scheduler:8786"):
        comparison = compare_bag(read_bag(["s3://wire/2019/*.jsonl"]))

A bag may also hold the caller's own records (dicts, read as a JSONL line would be) or
texts (strings, read as a text file would be). Each worker builds the engine once; the
comparison is the one `stance compare --jobs 1` gives on the same inputs, in the same
order, with the same skipped inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancecli.distributed.cluster import check_scheduler, connect, local_cluster
from stancecli.distributed.collect import (
    ClusterError,
    PartitionDone,
    Progress,
    bisect_entries,
    bisect_written,
    in_order,
    plan,
)
from stancecli.distributed.extra import DASK_INSTALL, require_dask
from stancecli.distributed.ids import Assembler
from stancecli.distributed.items import DEFAULT_READ, Item, ReadOptions
from stancecli.distributed.parts import PART_NAME, PartWritten, write_partition
from stancecli.distributed.sources import DEFAULT_BLOCKSIZE, read_bag
from stancecli.distributed.worker import EngineSpec, Entry, analyze_items, engine_spec
from stancecli.errors import NoArticlesError, UsageError
from stancecli.learned.model import StanceModel
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.models import ArticleInfo, Comparison, Skipped, TopicPack, TopicStance
from stancecli.pipeline import ArticleAnalysis

if TYPE_CHECKING:
    from dask.bag import Bag
    from distributed import Client

__all__ = [
    "DASK_INSTALL",
    "DEFAULT_BLOCKSIZE",
    "PART_NAME",
    "ClusterError",
    "EngineSpec",
    "Item",
    "PartWritten",
    "PartitionDone",
    "ReadOptions",
    "Written",
    "check_scheduler",
    "compare_bag",
    "connect",
    "engine_spec",
    "iter_bag",
    "local_cluster",
    "read_bag",
    "require_dask",
    "write_bag",
]


def iter_bag(
    bag: Bag,
    spec: EngineSpec,
    *,
    client: Client | None = None,
    on_partition: Progress | None = None,
) -> Iterator[ArticleAnalysis | Skipped]:
    """Every article's analysis and every skipped input, in input order, as partitions
    finish: what `--format jsonl` prints without an output folder."""
    require_dask()
    work = plan(bag, spec, analyze_items, measure=_measure_entries)
    assembler = Assembler()
    for entries in in_order(work, client=client, on_partition=on_partition,
                            salvage=bisect_entries):  # fmt: skip
        for entry in entries:
            yield assembler.accept(entry)


def compare_bag(
    bag: Bag,
    pack: TopicPack | None = None,
    model: StanceModel | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    read: ReadOptions = DEFAULT_READ,
    client: Client | None = None,
    on_partition: Progress | None = None,
    on_analysis: Callable[[ArticleAnalysis], None] | None = None,
    on_skipped: Callable[[Skipped], None] | None = None,
) -> Comparison:
    """Compare a bag of records or texts on the cluster: `pipeline.compare`'s result.

    `on_analysis` and `on_skipped` hear of each article and each skip in input order as
    its partition comes back: how `--format jsonl` prints while the cluster works on.
    """
    spec = _spec(pack, model, threshold, evidence, read)
    infos: list[ArticleInfo] = []
    cells: list[TopicStance] = []
    skipped: list[Skipped] = []
    for got in iter_bag(bag, spec, client=client, on_partition=on_partition):
        if isinstance(got, Skipped):
            skipped.append(got)
            if on_skipped is not None:
                on_skipped(got)
            continue
        infos.append(got.info)
        cells.extend(got.cells)
        if on_analysis is not None:
            on_analysis(got)
    if not infos:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
        raise NoArticlesError(f"nothing to compare{': ' + reasons if reasons else ''}")
    return Comparison(spec.pack, tuple(infos), tuple(cells), tuple(skipped))


class Written:
    """What `write_bag` wrote: the part files in order, how many articles, what was skipped."""

    def __init__(self, parts: list[PartWritten]) -> None:
        self.parts = tuple(part.path for part in parts)
        self.articles = sum(part.articles for part in parts)
        self.skipped = tuple(skip for part in parts for skip in part.skipped)


def write_bag(
    bag: Bag,
    output: str | Path,
    pack: TopicPack | None = None,
    model: StanceModel | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    read: ReadOptions = DEFAULT_READ,
    client: Client | None = None,
    on_partition: Progress | None = None,
    storage_options: dict[str, Any] | None = None,
) -> Written:
    """Compare a bag and write its cells as JSONL, one part file per partition, from the
    workers: the client holds only counts. `output` is a new or empty folder (or URL)."""
    require_dask()
    from fsspec.core import url_to_fs

    fs, folder = url_to_fs(str(output), **(storage_options or {}))
    if fs.exists(folder) and (not fs.isdir(folder) or fs.ls(folder)):
        raise UsageError(
            f"{output}: not an empty folder; part files are written only into a new or "
            "empty one, so nothing there is overwritten"
        )
    fs.makedirs(folder, exist_ok=True)
    spec = _spec(pack, model, threshold, evidence, read)
    work = plan(bag, spec, write_partition, fs, folder, measure=_measure_written)
    parts = list(in_order(work, client=client, on_partition=on_partition, salvage=bisect_written))
    return Written(parts)


def _spec(
    pack: TopicPack | None,
    model: StanceModel | None,
    threshold: float,
    evidence: int,
    read: ReadOptions,
) -> EngineSpec:
    return engine_spec(pack, model, threshold=threshold, evidence=evidence, read=read)


def _measure_entries(entries: list[Entry]) -> tuple[int, int]:
    rows = [e for e in entries if not isinstance(e, Skipped)]
    return len(rows), sum(row.size for row in rows)


def _measure_written(part: PartWritten) -> tuple[int, int]:
    return part.articles, part.size
