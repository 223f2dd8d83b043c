"""The topic rows a cold start reads from the run cache are the rows a fresh build makes.

`load_model` keeps, beside the weights, every feature's row over the model's own topics
(`DenseRows`), and `TopicRows` reads a sentence's rows from it. A row that lost or moved a
weight would shift every cell of every article without an error; an entry that outlived an
edit of the model file would judge with the old weights; a damaged entry must be rebuilt,
not crash a run or turn into a "malformed model" the file is not.
"""

from __future__ import annotations

import marshal
import math
from array import array
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from stancecli.cache import ENV
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.learned.model import (
    DEFAULT_MODEL,
    SentenceWeights,
    StanceModel,
    TopicRows,
    load_model,
)
from stancecli.pipeline import Engine

SHIPPED = Path(__file__).parents[1] / "src" / "stancecli" / "data" / "model" / DEFAULT_MODEL


@pytest.fixture(scope="module")
def sentence_features() -> list[frozenset[str]]:
    """Every bundled sentence's own features, as the judge weighs them."""
    engine = Engine()
    model = engine.model
    found = []
    for article in load_articles(bundled_corpus_inputs()).articles:
        readings, _ = engine.read(article.text)
        found += [model.sentence_features(article.text, reading) for reading in readings]
    assert len(found) > 100
    return found


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(ENV, str(tmp_path))
    yield tmp_path


@lru_cache(maxsize=1)
def fresh() -> StanceModel:
    """The model as the file gives it, with no cache: its rows are built per feature."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV, "")
        model = load_model(SHIPPED)
    model.weights.dense = None
    return model


def topics_of(model: StanceModel) -> tuple[str, ...]:
    return tuple(model.meta["topics"])


def built_rows(model: StanceModel, topics: tuple[str, ...]) -> TopicRows:
    weights = model.weights
    plain = SentenceWeights(None, weights.flat, weights.blocks)  # no dense rows
    return TopicRows(plain, topics, model.intercept)


def all_scores(rows: TopicRows, features: list[frozenset[str]]) -> list[list[float]]:
    return [rows.scores(own) for own in features]


def entry(cache: Path) -> Path:
    (found,) = cache.glob("model-rows-*.marshal")
    return found


def test_restored_rows_are_the_rows_a_fresh_build_makes(
    cache: Path, sentence_features: list[frozenset[str]]
) -> None:
    load_model(SHIPPED)  # builds the entry
    entry(cache)
    restored = load_model(SHIPPED)
    dense = restored.weights.dense
    assert dense is not None
    topics = topics_of(restored)
    built = built_rows(fresh(), topics)
    # Every weighed feature, and only those, with the same floats.
    assert set(dense.index) == set(built._weighed)
    assert all(dense.row(f) == built._row(f) for f in built._weighed)
    # And the scores of every bundled sentence, read through the dense rows.
    rows = restored.weights.across(topics, restored.intercept)
    assert rows._weighed is dense.index, "the model's own topics read the cached rows"
    assert all_scores(rows, sentence_features) == all_scores(built, sentence_features)


def test_other_topic_orders_build_their_rows(
    cache: Path, sentence_features: list[frozenset[str]]
) -> None:
    """A user's pack can list the topics in another order, or only some of them."""
    model = load_model(SHIPPED)
    topics = topics_of(model)
    for order in (topics[::-1], topics[2:5]):
        rows = model.weights.across(order, model.intercept)
        assert rows._weighed is not getattr(model.weights.dense, "index", None)
        expected = built_rows(fresh(), order)
        assert all_scores(rows, sentence_features) == all_scores(expected, sentence_features)


def damaged(value: Any) -> list[bytes]:
    header, flat, blocks, (topics, features, rows) = value
    return [
        b"\x00 not marshal",
        marshal.dumps(value[:3]),  # the layout before the rows
        marshal.dumps((header, flat, blocks, (topics[::-1], features, rows))),
        marshal.dumps((header, flat, blocks, (topics, features, rows[:-4]))),
        marshal.dumps((header, flat, blocks, (topics, features[:-1] + features[:1], rows))),
        marshal.dumps((header, flat, blocks, (topics, list(features), rows))),
        marshal.dumps(({**header, "intercept": "no"}, flat, blocks, value[3])),
    ]


DAMAGE = [
    "not marshal",
    "old layout",
    "topics reordered",
    "rows cut short",
    "a feature twice",
    "features a list",
    "header broken",
]


@pytest.mark.parametrize("which", range(len(DAMAGE)), ids=DAMAGE)
def test_a_damaged_entry_is_rebuilt(
    cache: Path, sentence_features: list[frozenset[str]], which: int
) -> None:
    load_model(SHIPPED)
    path = entry(cache)
    good = marshal.loads(path.read_bytes())
    path.write_bytes(damaged(good)[which])
    model = load_model(SHIPPED)  # rebuilt, and written again
    topics = topics_of(model)
    rows = model.weights.across(topics, model.intercept)
    expected = all_scores(built_rows(fresh(), topics), sentence_features)
    assert all_scores(rows, sentence_features) == expected
    assert marshal.loads(path.read_bytes()) == good


def test_an_edited_model_file_is_read_again(cache: Path, tmp_path: Path) -> None:
    original = fresh()
    topics = topics_of(original)
    feature = sorted(original.weights.blocks[topics[0]])[0]
    copy = tmp_path / "model.json.gz"
    original.save(copy)
    before = load_model(copy).weights.across(topics, original.intercept)._rows[feature]
    names = original.weights.names
    edited = array("f", original.weights.flat)
    edited[4 * names.index(f"{topics[0]}|{feature}")] += 1.0
    replace(original, weights=SentenceWeights(names, edited)).save(copy)
    after = load_model(copy).weights.across(topics, original.intercept)._rows[feature]
    assert math.isclose(after[0], before[0] + 1.0, rel_tol=1e-6) and after[1:] == before[1:]
    assert len(list(cache.glob("model-rows-*.marshal"))) == 2
