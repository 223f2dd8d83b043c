"""Acceptance on the seeds' gold: the figures `stance eval` reports on the bundled corpus.

The gold is the team's reading of the two op-eds (shared seeds README): every "clear"
cell must be right, at least 3 of the 4 "implicit" ones, and no cell may have its sign
flipped. A regression here is what a user comparing these articles would see first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancecli.evaluation import EvalReport, evaluate, load_gold
from stancecli.pipeline import compare_inputs

GOLD = Path(__file__).parent / "data" / "seeds_gold.jsonl"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate(compare_inputs([]), load_gold(GOLD))


def _kind(report: EvalReport, kind: str) -> tuple[int, int]:
    outcomes = [o for o in report.outcomes if o.kind == kind]
    return sum(o.correct for o in outcomes), len(outcomes)


def test_both_seed_articles_are_scored(report: EvalReport) -> None:
    assert sorted(report.scored_docs) == [
        "overcoming-the-wrong-detente",
        "rapprochement-with-russia",
    ]


def test_every_clear_cell_is_read_right(report: EvalReport) -> None:
    wrong = [
        (o.doc, o.topic, o.predicted)
        for o in report.outcomes
        if o.kind == "clear" and not o.correct
    ]
    assert wrong == []
    assert _kind(report, "clear") == (8, 8)


def test_most_implicit_cells_are_read_right(report: EvalReport) -> None:
    correct, total = _kind(report, "implicit")
    assert total == 4
    assert correct >= 3


def test_no_sign_error_anywhere(report: EvalReport) -> None:
    assert report.overall.sign_errors == 0
    assert [o for o in report.outcomes if o.sign_error] == []
