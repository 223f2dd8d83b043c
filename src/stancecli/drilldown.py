"""What a reader drilling into one cell of the report needs beyond the cell itself.

The comparison keeps only evidence sentences, not the text around them; a reader who
clicks a cell wants the sentence either side, the keyword that put the sentence on the
topic, and whose view it is. `article_detail` takes those from the article's text while
it is still in memory (right after its analysis) and keeps a few hundred characters per
evidence sentence, so a report on a large export never holds the texts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from stancecli.judge.attribution import AUTHOR
from stancecli.models import Article, Evidence, Mention, Sentence, TopicStance
from stancecli.pipeline import ArticleAnalysis, sentences_of
from stancecli.text.tokens import tokenize

#: Characters of a context sentence kept: enough to read, bounded for a huge paragraph.
CONTEXT_CHARS = 320


@dataclass(frozen=True)
class EvidenceDetail:
    """One evidence sentence of a cell, with its surroundings and its keyword spans."""

    evidence: Evidence
    before: str
    after: str
    marks: tuple[tuple[int, int], ...]  # (start, end) within the sentence: the keywords
    holder: str


@dataclass(frozen=True)
class ArticleDetail:
    """The report's drill-down data for one article: counts and each cell's evidence."""

    article: str
    words: int
    sentences: int
    evidence: dict[str, tuple[EvidenceDetail, ...]]  # by topic id


def article_detail(article: Article, analysis: ArticleAnalysis) -> ArticleDetail:
    """Context, keywords and holder of every evidence sentence of the article's cells."""
    sentences = sentences_of(article)
    starts = [s.start for s in sentences]
    # A sentence may be judged for several holders; the cell is the author's, so the
    # author's judgement of it names the holder when there is one.
    holders: dict[tuple[str, int], str] = {}
    for j in analysis.judgements:
        key = (j.topic, j.sentence.start)
        if j.holder == AUTHOR or key not in holders:
            holders[key] = j.holder
    evidence = {
        cell.topic: tuple(
            _detail(e, cell, sentences, starts, analysis.mentions, holders) for e in cell.evidence
        )
        for cell in analysis.cells
        if cell.evidence
    }
    return ArticleDetail(article.id, len(tokenize(article.text)), len(sentences), evidence)


def _detail(
    e: Evidence,
    cell: TopicStance,
    sentences: Sequence[Sentence],
    starts: Sequence[int],
    mentions: Sequence[Mention],
    holders: dict[tuple[str, int], str],
) -> EvidenceDetail:
    index = bisect_right(starts, e.start) - 1
    before = sentences[index - 1].text if index >= 1 else ""
    after = sentences[index + 1].text if 0 <= index < len(sentences) - 1 else ""
    marks = sorted(
        {
            (max(0, m.start - e.start), min(len(e.sentence), m.end - e.start))
            for m in mentions
            if m.topic == cell.topic and m.start >= e.start and m.end <= e.end
        }
    )
    return EvidenceDetail(
        evidence=e,
        before=_clip(before, from_end=True),
        after=_clip(after),
        marks=tuple(_disjoint(marks)),
        holder=holders.get((cell.topic, e.start), AUTHOR),
    )


def _clip(text: str, *, from_end: bool = False) -> str:
    """A context sentence cut to CONTEXT_CHARS, at the end nearer the evidence kept."""
    text = " ".join(text.split())
    if len(text) <= CONTEXT_CHARS:
        return text
    return "…" + text[-CONTEXT_CHARS:] if from_end else text[:CONTEXT_CHARS] + "…"


def _disjoint(marks: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping keyword spans merged, so a highlighter never nests marks."""
    merged: list[tuple[int, int]] = []
    for start, end in marks:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
