"""What runs on a worker: one Engine per worker process, then partition after partition.

The engine (pack compiled, model loaded: about 0.2 s and tens of MB) is built the first
time a worker meets an `EngineSpec` and kept under the spec's token, so a partition
costs only its records. The spec travels as one key of the graph, sent to each worker
once, not pickled into every task.

Every record is read and compared inside its own `try`: a record that makes the engine
raise is a `Skipped` naming its file and line, and the rest of the partition goes on.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from stancecli.distributed.items import (
    DEFAULT_READ,
    PartitionLoader,
    ReadOptions,
    as_item,
    fingerprint,
)
from stancecli.learned.model import StanceModel
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.models import Skipped, TopicPack
from stancecli.pipeline import ArticleAnalysis, Engine, _trim
from stancecli.render.formats import one_line
from stancecli.topics import default_pack


@dataclass(frozen=True)
class EngineSpec:
    """How to build the engine, and a token that names it on every worker."""

    pack: TopicPack
    threshold: float
    evidence: int
    model: StanceModel | None
    read: ReadOptions
    token: str

    def __dask_tokenize__(self) -> str:
        return self.token


def engine_spec(
    pack: TopicPack | None = None,
    model: StanceModel | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    read: ReadOptions = DEFAULT_READ,
) -> EngineSpec:
    used = pack or default_pack()
    digest = hashlib.sha256(pickle.dumps((used, threshold, evidence, model, read))).hexdigest()
    return EngineSpec(used, threshold, evidence, model, read, digest[:32])


@dataclass(frozen=True)
class Row:
    """One article a worker compared: its cells, its text's digest (for repeats across
    partitions), the line it came from, and its length (for the progress rate)."""

    analysis: ArticleAnalysis
    digest: bytes
    line: int | None
    size: int


Entry = Row | Skipped

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()
_KEEP_ENGINES = 2  # a worker serving two runs at once keeps both; older ones are dropped


def engine_for(spec: EngineSpec) -> Engine:
    """This process's engine for a spec, built on first use."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(spec.token)
        if engine is None:
            if len(_ENGINES) >= _KEEP_ENGINES:
                _ENGINES.clear()
            engine = Engine(
                spec.pack, threshold=spec.threshold, evidence=spec.evidence, model=spec.model
            )
            _ENGINES[spec.token] = engine
        return engine


def analyze_items(items: Iterable[object], spec: EngineSpec, partition: int) -> list[Entry]:
    """Each item's articles compared (or skipped, with a reason), in the items' order."""
    engine = engine_for(spec)
    loader = PartitionLoader(spec.read)
    entries: list[Entry] = []
    for position, value in enumerate(items):
        item = as_item(value, partition, position)
        try:
            for found in loader.read(item):
                if isinstance(found, Skipped):
                    entries.append(found)
                    continue
                try:
                    analysis = _trim(engine.analyze(found), False)
                except Exception as exc:  # one record must not take its partition down
                    entries.append(Skipped(found.info.path, failure(exc), item.line))
                    continue
                entries.append(Row(analysis, fingerprint(found), item.line, len(found.text)))
        except Exception as exc:  # the loader itself, on input it did not foresee
            entries.append(Skipped(item.source, failure(exc), item.line))
    return entries


def failure(exc: BaseException) -> str:
    """A skip reason for a record that failed on a worker: which worker, what error.

    One line, printable characters only: the message may quote the article's text.
    """
    message = "".join(c if c.isprintable() else "?" for c in one_line(str(exc)))[:200]
    return f"failed on {_worker_name()}: {type(exc).__name__}" + (f": {message}" if message else "")


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return f"worker {get_worker().address}"
    except (ImportError, ValueError):
        return "a worker"
