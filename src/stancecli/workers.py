"""`--jobs N` on files: worker processes that read their own pieces of the input.

The parent plans pieces (`io.units.plan`: paths, and byte ranges of large JSONL files)
and sends only those; each worker opens the file, reads its piece with the loader's
rules, compares the articles and sends back cells, never texts. The parent takes the
results in input order and applies the loader's ids and repeats (`io.units.Claims`),
so what comes out, skips and their line numbers included, is what `--jobs 1` gives.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from stancecli.io import units
from stancecli.io.read_settings import DEFAULT_READ, ReadSettings
from stancecli.io.units import Claims, Found, Piece, PieceReader
from stancecli.learned.model import StanceModel
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.models import ArticleInfo, Skipped, TopicPack
from stancecli.pipeline import (
    BATCH_SIZE,
    BATCHES_IN_FLIGHT,
    ArticleAnalysis,
    _trim,
    pool_context,
    start_worker,
    worker_engine,
)

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult


class Row(NamedTuple):
    """One article a worker compared, with what the parent needs to claim its id."""

    analysis: ArticleAnalysis
    digest: bytes
    untitled: bool
    line: int | None
    size: int


class Analysed(NamedTuple):
    """An article's analysis under its final id, and its text's length (for progress)."""

    analysis: ArticleAnalysis
    size: int


_PieceResult = tuple[list[Row | Skipped], bool]


def analyze_inputs(
    inputs: Sequence[str],
    pack: TopicPack,
    *,
    jobs: int,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    keep_judgements: bool = True,
    model: StanceModel | None = None,
    read: ReadSettings = DEFAULT_READ,
    range_bytes: int | None = None,
) -> Iterator[Analysed | Skipped]:
    """Every article's analysis and every skip, in the order `iter_articles` gives them.

    At most a few tasks per worker are in flight, so an input of any size streams.
    stdin cannot be read by a worker: a caller with `-` among the inputs reads it itself.
    `range_bytes` is the size of a JSONL byte range (`io.units.RANGE_BYTES` unless given).
    """
    size = units.RANGE_BYTES if range_bytes is None else range_bytes
    start = (pack, threshold, evidence, keep_judgements, model, read)
    claims = Claims()
    with pool_context().Pool(jobs, _start_worker, start) as pool:
        pending: deque[tuple[list[Piece] | Skipped, AsyncResult[list[_PieceResult]] | None]]
        pending = deque()
        in_flight = 0
        for task in _tasks(units.plan(inputs, hidden=read.hidden, range_bytes=size, jobs=jobs)):
            if isinstance(task, Skipped):
                pending.append((task, None))
                continue
            pending.append((task, pool.apply_async(_read_pieces, (task,))))
            in_flight += 1
            while in_flight >= jobs * BATCHES_IN_FLIGHT:
                in_flight -= pending[0][1] is not None
                yield from _settle(pending.popleft(), claims)
        while pending:
            yield from _settle(pending.popleft(), claims)


def _tasks(pieces: Iterable[Piece | Skipped]) -> Iterator[list[Piece] | Skipped]:
    """A byte range is a task of its own; whole files go a batch at a time."""
    batch: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Skipped) or piece.length is not None:
            if batch:
                yield batch
                batch = []
            yield piece if isinstance(piece, Skipped) else [piece]
            continue
        batch.append(piece)
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _settle(
    task: tuple[list[Piece] | Skipped, AsyncResult[list[_PieceResult]] | None], claims: Claims
) -> Iterator[Analysed | Skipped]:
    pieces, result = task
    if isinstance(pieces, Skipped) or result is None:
        assert isinstance(pieces, Skipped)
        yield pieces
        return
    for piece, (entries, held_lines) in zip(pieces, result.get(), strict=True):
        for entry in entries:
            if isinstance(entry, Skipped):
                yield entry
                continue
            info = claims.claim(
                entry.analysis.info, entry.digest, untitled=entry.untitled, line=entry.line
            )
            if isinstance(info, Skipped):
                yield info
            else:
                yield Analysed(_renamed(entry.analysis, info), entry.size)
        empty = claims.after_piece(piece, held_lines)
        if empty is not None:
            yield empty


def _renamed(analysis: ArticleAnalysis, info: ArticleInfo) -> ArticleAnalysis:
    if info is analysis.info:
        return analysis
    cells = tuple(replace(cell, article=info.id) for cell in analysis.cells)
    return replace(analysis, info=info, cells=cells)


_reader: PieceReader | None = None


def _start_worker(
    pack: TopicPack,
    threshold: float,
    evidence: int,
    keep_judgements: bool,
    model: StanceModel | None,
    read: ReadSettings,
) -> None:
    """The pipeline's worker (one engine, compiled once) plus a reader of pieces."""
    global _reader
    start_worker(pack, threshold, evidence, keep_judgements, model)
    _reader = PieceReader(
        text_field=read.text_field, id_field=read.id_field, max_bytes=read.max_bytes
    )


def _read_pieces(pieces: list[Piece]) -> list[_PieceResult]:
    engine, keep = worker_engine()
    reader = _reader
    assert reader is not None, "worker not started"
    results: list[_PieceResult] = []
    for piece in pieces:
        found, held_lines = reader.read_piece(piece)
        entries: list[Row | Skipped] = []
        for item in found:
            if isinstance(item, Found):
                analysis = _trim(engine.analyze(item), keep)
                entries.append(Row(analysis, item.digest, item.untitled, item.line, len(item.text)))
            else:
                assert isinstance(item, Skipped)
                entries.append(item)
        results.append((entries, held_lines))
    return results
