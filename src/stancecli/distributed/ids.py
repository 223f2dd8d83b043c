"""Ids and repeats across partitions: the local loader's rules, applied in input order.

A worker sees one partition, so it cannot know that a text repeats one from another
partition, or that an id is taken. The client sees the partitions in order and applies
the same `claim` the local loader does: the first text is kept and a repeat skipped as
`duplicate of ID`; a taken id becomes ID-2, ID-3. The result is the local run's, id for id.
"""

from __future__ import annotations

from dataclasses import replace

from stancecli.distributed.worker import Entry, Row
from stancecli.io.loading import DEFAULT_MAX_BYTES, _Loader, duplicate_of
from stancecli.models import Skipped
from stancecli.pipeline import ArticleAnalysis


class Assembler:
    """Turns workers' rows, met in input order, into the local run's analyses and skips."""

    def __init__(self) -> None:
        self._ids = _Loader(None, text_field=None, id_field=None, max_bytes=DEFAULT_MAX_BYTES,
                            hidden=False)  # fmt: skip

    def accept(self, entry: Entry) -> ArticleAnalysis | Skipped:
        if isinstance(entry, Skipped):
            return entry
        return self._accept_row(entry)

    def _accept_row(self, row: Row) -> ArticleAnalysis | Skipped:
        info = row.analysis.info
        article_id, fresh = self._ids.claim(row.digest, info.id)
        if not fresh:
            return Skipped(path=info.path, reason=duplicate_of(article_id), line=row.line)
        if article_id == info.id:
            return row.analysis
        cells = tuple(replace(cell, article=article_id) for cell in row.analysis.cells)
        return replace(row.analysis, info=replace(info, id=article_id), cells=cells)
