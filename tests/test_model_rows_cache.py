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
import pickle
from array import array
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from stancecli import cache as cache_module
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
    assert set(dense.weighed) == set(built._weighed)
    assert all(dense.row(f) == built._row(f) for f in built._weighed)
    # And the scores of every bundled sentence, read through the dense rows.
    rows = restored.weights.across(topics, restored.intercept)
    assert rows._weighed is dense.weighed, "the model's own topics read the cached rows"
    assert all_scores(rows, sentence_features) == all_scores(built, sentence_features)


def test_other_topic_orders_build_their_rows(
    cache: Path, sentence_features: list[frozenset[str]]
) -> None:
    """A user's pack can list the topics in another order, or only some of them."""
    model = load_model(SHIPPED)
    topics = topics_of(model)
    for order in (topics[::-1], topics[2:5]):
        rows = model.weights.across(order, model.intercept)
        assert rows._weighed is not getattr(model.weights.dense, "weighed", None)
        expected = built_rows(fresh(), order)
        assert all_scores(rows, sentence_features) == all_scores(expected, sentence_features)


Entry = tuple[tuple[Any, ...], list[bytes]]


def read_entry(path: Path) -> Entry:
    found = load_mapped_path(path)
    assert found is not None
    value, blobs = found
    return value, [bytes(blob) for blob in blobs]


def load_mapped_path(path: Path) -> tuple[Any, list[memoryview]] | None:
    """The entry at `path`, as `load_mapped` reads it, whatever its key."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_module, "_entry", lambda name, key: path)
        return cache_module.load_mapped("model-rows", b"", lambda value, blobs: True)


def written(path: Path, value: tuple[Any, ...], blobs: list[bytes]) -> bytes:
    """The bytes `store_mapped` writes for this value and these blobs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache_module, "_entry", lambda name, key: path)
        cache_module.store_mapped("model-rows", b"", value, blobs)
    return path.read_bytes()


def damaged(path: Path, good: Entry) -> list[bytes]:
    (header, blocks, count, topics, features), (flat, packed, rows) = good
    whole = path.read_bytes()
    return [
        b"\x00 not marshal",
        marshal.dumps((header, flat, blocks, (topics, features, rows))),  # an older layout
        whole[:-8],  # cut short by a row's worth
        whole + bytes(8),
        written(path, (header, blocks, count, topics[::-1], features), good[1]),
        written(path, good[0], [flat, packed, rows[:-4]]),
        written(path, good[0], [flat[:-16], packed, rows]),
        written(path, (header, blocks, count, topics, features[:-1] + features[:1]), good[1]),
        written(path, (header, blocks, count, topics, list(features)), good[1]),
        written(path, ({**header, "intercept": "no"}, blocks, count, topics, features), good[1]),
    ]


DAMAGE = [
    "not marshal",
    "old layout",
    "cut short",
    "grown",
    "topics reordered",
    "rows cut short",
    "weights cut short",
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
    good = read_entry(path)
    path.write_bytes(damaged(path, good)[which])
    model = load_model(SHIPPED)  # rebuilt, and written again
    topics = topics_of(model)
    rows = model.weights.across(topics, model.intercept)
    expected = all_scores(built_rows(fresh(), topics), sentence_features)
    assert all_scores(rows, sentence_features) == expected
    assert read_entry(path) == good


@pytest.mark.parametrize("damage", ["not marshal", "too few entries"])
def test_damaged_packed_blocks_are_rebuilt_when_first_read(cache: Path, damage: str) -> None:
    """The own topics' blocks are read only by a run that needs them (another pack's
    order, a model saved again): damaged then, they are the file's, not an error."""
    load_model(SHIPPED)
    path = entry(cache)
    good = read_entry(path)
    (header, blocks, count, topics, features), (flat, packed, rows) = good
    if damage == "not marshal":
        packed = b"\x00" + packed[1:]
    else:
        own = marshal.loads(packed)
        own[topics[0]].popitem()
        packed = marshal.dumps(own)
    path.write_bytes(written(path, good[0], [flat, packed, rows]))
    model = load_model(SHIPPED)
    assert model.weights.dense is not None, "the rest of the entry is read"
    assert model.weights.blocks == fresh().weights.blocks
    reversed_topics = topics[::-1]
    assert model.weights.across(reversed_topics, model.intercept)._row("bias") == (
        built_rows(fresh(), reversed_topics)._row("bias")
    )
    assert read_entry(path) == good, "and the entry is written again"


def test_reasons_read_from_the_rows_are_the_weights_reasons(
    cache: Path, sentence_features: list[frozenset[str]]
) -> None:
    """The "why" of every evidence sentence: a topic's pushes, read from the rows without
    the topic's block, name the same features with the same pushes."""
    load_model(SHIPPED)
    model = load_model(SHIPPED)
    topics = topics_of(model)
    rows = model.weights.across(topics, model.intercept)
    weights = fresh().weights
    checked = 0
    for own in sentence_features[::7]:
        for j, topic in enumerate(topics):
            keys = [f"{topic}|{f}" for f in sorted(own)] + ["*|lex:negation", "*|never"]
            for best in range(4):
                expected = {k: p for k, p in weights.margins(keys, best).items() if p > 0}
                pushes = {k: p for k, p in rows.pushes(j, keys, best).items() if p > 0}
                assert list(pushes.items()) == list(expected.items())
                checked += len(expected)
    assert model.weights._unpack is not None, "the topics' blocks were never unpacked"
    assert checked > 1000


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


def test_a_model_read_from_the_cache_pickles(
    cache: Path, sentence_features: list[frozenset[str]]
) -> None:
    """`--model` with spawned `--jobs` workers or a `--scheduler` sends the model pickled:
    the copy holds its own floats and blocks, and judges as the model does."""
    load_model(SHIPPED)
    model = load_model(SHIPPED)  # read from the entry: views of the mapped file
    topics = topics_of(model)
    rows = model.weights.across(topics, model.intercept)
    expected = all_scores(rows, sentence_features)
    copy = pickle.loads(pickle.dumps(model))
    assert copy.to_json() == model.to_json()
    assert copy.weights.blocks == fresh().weights.blocks
    assert all_scores(copy.weights.across(topics, copy.intercept), sentence_features) == expected
    own = sentence_features[0]
    assert copy.weights.across(topics, copy.intercept).scores(own) == rows.scores(own)
