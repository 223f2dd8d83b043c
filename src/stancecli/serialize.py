"""Turn a Comparison into plain dicts: the one shape every machine-readable output shares.

JSON, JSONL and CSV are all built from these dicts so a script that learns the keys from
one format finds the same keys, the same rounding and the same order in the others.
The shape is versioned (`schema_version`) and described by
`data/schema/comparison.schema.json`; keys may be added, never changed in meaning.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from typing import cast

from stancecli.bundled import data_bytes
from stancecli.dating import sortable_date
from stancecli.models import (
    ActorStance,
    ArticleInfo,
    Comparison,
    Evidence,
    Skipped,
    Stance,
    Topic,
    TopicPack,
    TopicStance,
)

SCHEMA_VERSION = 1


def _clamp(value: float, low: float, high: float) -> float:
    """Round to 3 decimals inside the documented range, so consumers never see -0.0 or NaN."""
    if math.isnan(value):
        return 0.0
    rounded = round(min(high, max(low, value)), 3)
    return rounded + 0.0  # turns -0.0 into 0.0


def clamp_score(score: float) -> float:
    """A cell's score as every output shows it: 3 decimals in [-1, 1]."""
    return _clamp(score, -1.0, 1.0)


def clamp_confidence(confidence: float) -> float:
    """A cell's confidence as every output shows it: 3 decimals in [0, 1]."""
    return _clamp(confidence, 0.0, 1.0)


def absent_cell(article_id: str, topic_id: str) -> TopicStance:
    """A stand-in for a cell the engine did not produce, so every grid is complete."""
    return TopicStance(
        article=article_id,
        topic=topic_id,
        stance=Stance.ABSENT,
        score=0.0,
        confidence=0.0,
        mentions=0,
    )


def iter_grid(c: Comparison) -> Iterator[tuple[ArticleInfo, Topic, TopicStance]]:
    """Walk the grid article by article, topics in pack order, filling holes with absent cells.

    Every output walks the same order, so rows of the JSON, JSONL and CSV line up.
    """
    by_key = {(cell.article, cell.topic): cell for cell in c.cells}
    for article in c.articles:
        for topic in c.pack.topics:
            cell = by_key.get((article.id, topic.id)) or absent_cell(article.id, topic.id)
            yield article, topic, cell


def grid_lookup(c: Comparison) -> dict[tuple[str, str], TopicStance]:
    """All cells keyed by (article id, topic id), holes filled, for renderers that go row-wise."""
    return {(article.id, topic.id): cell for article, topic, cell in iter_grid(c)}


def evidence_to_dict(e: Evidence) -> dict[str, object]:
    data: dict[str, object] = {
        "sentence": e.sentence,
        "start": e.start,
        "end": e.end,
        "polarity": e.polarity,
    }
    if e.article is not None:
        data["article"] = e.article
    if e.reasons:
        data["why"] = list(e.reasons)
    return data


def actor_to_dict(a: ActorStance, topic: Topic) -> dict[str, object]:
    """One actor's stance on one topic, with the article(s) that report it."""
    return {
        "article": a.article,
        "articles": list(a.articles or (a.article,)),
        "actor": a.actor,
        "topic": a.topic,
        "stance": a.stance.value,
        "pole": topic.pole_label(a.stance),
        "score": clamp_score(a.score),
        "evidence": [evidence_to_dict(e) for e in a.evidence],
    }


def actors_to_dict(actors: Sequence[ActorStance], pack: TopicPack) -> dict[str, object]:
    """The `stance actors` document."""
    topics = {t.id: t for t in pack.topics}
    return {
        "schema_version": SCHEMA_VERSION,
        "actors": [actor_to_dict(a, topics[a.topic]) for a in actors],
    }


def cell_to_dict(cell: TopicStance, topic: Topic) -> dict[str, object]:
    """One cell with its pole word resolved, so a consumer needs no topic pack to read it."""
    return {
        "article": cell.article,
        "topic": cell.topic,
        "stance": cell.stance.value,
        "pole": topic.pole_label(cell.stance),
        "score": clamp_score(cell.score),
        "confidence": clamp_confidence(cell.confidence),
        "mentions": cell.mentions,
        "conditional": cell.conditional,
        "evidence": [evidence_to_dict(e) for e in cell.evidence],
    }


def topic_to_dict(topic: Topic) -> dict[str, object]:
    return {
        "id": topic.id,
        "label": topic.label,
        "question": topic.question,
        "pro": topic.pro,
        "con": topic.con,
    }


def article_to_dict(article: ArticleInfo) -> dict[str, object]:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "date": article.date,
        "path": article.path,
        "url": article.url,
        "author": article.author,
        "iso_date": sortable_date(article),
        "group": article.group,
    }


def skipped_to_dict(skipped: Skipped) -> dict[str, object]:
    return {"path": skipped.path, "line": skipped.line, "reason": skipped.reason}


def comparison_to_dict(c: Comparison) -> dict[str, object]:
    """The whole comparison as JSON-ready data, in a stable order that diffs cleanly."""
    return {
        "schema_version": SCHEMA_VERSION,
        "pack": {"name": c.pack.name, "source": c.pack.source},
        "topics": [topic_to_dict(topic) for topic in c.pack.topics],
        "articles": [article_to_dict(article) for article in c.articles],
        "cells": [cell_to_dict(cell, topic) for _, topic, cell in iter_grid(c)],
        "skipped": [skipped_to_dict(s) for s in c.skipped],
        **({} if c.actors is None else {"actors": actors_to_dict(c.actors, c.pack)["actors"]}),
    }


def load_comparison_schema() -> dict[str, object]:
    """The JSON Schema of `comparison_to_dict`'s output, shipped so users can validate it."""
    text = data_bytes("schema", "comparison.schema.json").decode("utf-8")
    return cast(dict[str, object], json.loads(text))
