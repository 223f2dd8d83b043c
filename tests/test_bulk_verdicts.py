"""The model's all-topics-at-once scoring gives what weighing each feature key one by one gives.

`StanceModel.verdicts` sums a sentence's word weights for every topic in one pass and skips
building the features of topics a sentence does not touch. If either shortcut dropped or
doubled a feature, a sentence's probabilities would move and cells would change; this holds
them to the plain definition: the intercept plus the weight of every `instance_features` key.
"""

from __future__ import annotations

import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.learned.document import softmax
from stancecli.learned.features import instance_features
from stancecli.learned.model import StanceModel, class_probabilities
from stancecli.pipeline import Engine

HELDOUT = Path(__file__).parent / "data" / "heldout"


def reference(model: StanceModel, text: str, reading: object, topic: str) -> list[float]:
    scores = list(model.intercept)
    own = model.sentence_features(text, reading)  # type: ignore[arg-type]
    keys = instance_features(text, reading, topic, own)  # type: ignore[arg-type]
    for key in keys:
        if key in model.weights:
            for k, w in enumerate(model.weights[key]):
                scores[k] += w
    return softmax(scores)


def test_bulk_verdicts_match_feature_by_feature_scoring() -> None:
    engine = Engine()
    model = engine.model
    topics = [t for t in engine.pack.ids if t in model.topics]
    loaded = load_articles([*bundled_corpus_inputs(), str(HELDOUT)])
    checked = touched = 0
    for article in loaded.articles:
        readings, _ = engine.read(article.text)
        for reading in readings:
            verdicts = model.verdicts(article.text, reading, topics)
            assert [v.topic for v in verdicts] == topics
            for verdict in verdicts:
                expected = reference(model, article.text, reading, verdict.topic)
                assert all(
                    math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                    for a, b in zip(verdict.probabilities, expected, strict=True)
                ), (article.id, reading.sentence.text, verdict.topic)
                checked += 1
            touched += bool(reading.hits or reading.rules or reading.previous)
    assert checked > 1000, "the corpus gives sentences to score"
    assert touched > 50, "some sentences name topics, so both paths are exercised"


def test_explained_reasons_are_given_on_untouched_topics_too() -> None:
    engine = Engine()
    model = engine.model
    topics = [t for t in engine.pack.ids if t in model.topics]
    loaded = load_articles(bundled_corpus_inputs())
    explained = 0
    for article in loaded.articles:
        readings, _ = engine.read(article.text)
        for reading in readings:
            plain = model.verdicts(article.text, reading, topics)
            told = model.verdicts(article.text, reading, topics, explain=3)
            assert [v.probabilities for v in plain] == [v.probabilities for v in told]
            for verdict in told:
                if verdict.addressed >= 0.5:
                    explained += bool(verdict.reasons)
    assert explained > 0


@settings(max_examples=500)
@given(st.lists(st.floats(-60, 60, allow_nan=False), min_size=4, max_size=4))
def test_the_unrolled_softmax_gives_the_same_floats(scores: list[float]) -> None:
    assert class_probabilities(scores) == tuple(softmax(scores))


def test_rows_are_kept_only_for_weighed_features() -> None:
    """A year of news meets millions of word forms: none of the unweighed ones is kept."""
    engine = Engine()
    model = engine.model
    topics = tuple(t for t in engine.pack.ids if t in model.topics)
    rows = model.weights.across(topics, model.intercept)
    made_up = [f"zq{i}x" for i in range(5000)]
    text = "Sanctions on Russia " + " ".join(made_up) + " must stay."
    readings, _ = engine.read(text)
    assert readings
    for reading in readings:
        model.verdicts(text, reading, topics)
    assert len(rows._rows) <= len(rows._weighed)
    assert not any(word in rows._rows for word in made_up)


def test_margins_are_each_rows_push_toward_the_class() -> None:
    """The "why" of every evidence sentence is ranked by these pushes."""
    engine = Engine()
    model = engine.model
    weights = model.weights
    keys = [f"{block}|{feature}" for block, index in weights.blocks.items() for feature in index]
    keys = keys[::97] + ["*|never weighed", "no block", "nowhere|x"] + keys[:5]
    for best in range(4):
        pushes = weights.margins(keys, best)
        expected = {}
        for key in keys:
            row = weights.get_row(key)
            if row is not None and key not in expected:
                expected[key] = row[best] - max(w for k, w in enumerate(row) if k != best)
        assert list(pushes.items()) == list(expected.items())
        assert len(pushes) > 900
