"""Accuracy on text the judge was not trained on: sets of articles labelled blind.

Each set was written and labelled by someone who never saw the engine. Sets 2-4 were once
used to tune the hand-written rules; set 5 was measured once. The learned judge is trained
on `training/` only: none of these sets is in its training data, so for it they are frozen
test sets. The figures are floors under what `stance eval tests/data/<set>_gold.jsonl
tests/data/<set>/` gives with the shipped model, so a change that helps one corpus but
hurts unseen, dovish or news-style text fails here. The rule judge's figures are kept in
the ids for comparison.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from stancecli.evaluation import EvalReport, evaluate, load_gold
from stancecli.pipeline import compare_inputs

DATA = Path(__file__).parent / "data"

# set, articles, polar cells right (floor), of polar cells, sign errors (ceiling), history
SETS = [
    pytest.param("heldout", 12, 37, 39, 0, id="set2: rules 29/39 after tuning on it"),
    # Set 3 took one more sign error (and two more right) when a side the document step
    # finds is shown with the sentence leaning to it hardest (`learned.judge.LEANING`),
    # which both cross-validations gained on (the README's accuracy section).
    pytest.param("testset3", 12, 40, 49, 6, id="set3: rules 20/49 after tuning on it"),
    pytest.param("testset4", 10, 32, 36, 2, id="set4: rules 19/36 after tuning on it"),
    pytest.param("testset5", 10, 35, 41, 3, id="set5: rules 16/41, 6 sign errors"),
]


@cache
def report(name: str) -> EvalReport:
    return evaluate(compare_inputs([str(DATA / name)]), load_gold(DATA / f"{name}_gold.jsonl"))


@pytest.mark.parametrize(("name", "articles", "right", "polar", "sign_errors"), SETS)
def test_accuracy_on_blind_sets_does_not_fall(
    name: str, articles: int, right: int, polar: int, sign_errors: int
) -> None:
    figures = report(name).overall
    assert len(report(name).scored_docs) == articles
    assert figures.polar_cells == polar
    assert figures.polar_correct >= right
    assert figures.sign_errors <= sign_errors


def test_topic_detection_recall_stays_high_on_development_set_2() -> None:
    recall = report("heldout").overall.detection_recall
    assert recall is not None and recall >= 0.86  # 39 of 45 with the shipped model
