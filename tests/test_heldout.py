"""Accuracy on development set 2: twelve op-eds written blind, both sides of the debate.

They were written without sight of the engine, to measure it on text it was not tuned on;
the figures below are floors under what it scores today (`stance eval
tests/data/heldout_gold.jsonl tests/data/heldout/`), so a change that makes the engine
worse on unseen, dovish or news-style text fails here even if the seeds still pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancecli.evaluation import EvalReport, evaluate, load_gold
from stancecli.pipeline import compare_inputs

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    comparison = compare_inputs([str(DATA / "heldout")])
    return evaluate(comparison, load_gold(DATA / "heldout_gold.jsonl"))


def test_all_twelve_articles_are_scored(report: EvalReport) -> None:
    assert len(report.scored_docs) == 12


def test_polar_accuracy_does_not_fall(report: EvalReport) -> None:
    assert report.overall.polar_correct >= 29  # of 39 gold pro/con cells


def test_sign_errors_do_not_grow(report: EvalReport) -> None:
    assert report.overall.sign_errors == 0


def test_topic_detection_recall_stays_high(report: EvalReport) -> None:
    recall = report.overall.detection_recall
    assert recall is not None and recall >= 0.9


# Development set 3: twelve more pieces written blind (speeches, an interview, a letter),
# used for tuning only after the figures below were first measured on it blind
# (polar 10/49, 7 sign errors); floors under today's figures.


@pytest.fixture(scope="module")
def report3() -> EvalReport:
    comparison = compare_inputs([str(DATA / "testset3")])
    return evaluate(comparison, load_gold(DATA / "testset3_gold.jsonl"))


def test_set3_polar_accuracy_does_not_fall(report3: EvalReport) -> None:
    assert len(report3.scored_docs) == 12
    assert report3.overall.polar_correct >= 20  # of 49 gold pro/con cells


def test_set3_sign_errors_do_not_grow(report3: EvalReport) -> None:
    assert report3.overall.sign_errors <= 3


# Development set 4: ten pieces written blind; measured blind first (polar 15/36, 5 sign
# errors, nearly all dovish authors read as hawkish), then used for tuning.


@pytest.fixture(scope="module")
def report4() -> EvalReport:
    comparison = compare_inputs([str(DATA / "testset4")])
    return evaluate(comparison, load_gold(DATA / "testset4_gold.jsonl"))


def test_set4_polar_accuracy_does_not_fall(report4: EvalReport) -> None:
    assert len(report4.scored_docs) == 10
    assert report4.overall.polar_correct >= 18  # of 36 gold pro/con cells


def test_set4_sign_errors_do_not_grow(report4: EvalReport) -> None:
    assert report4.overall.sign_errors <= 2


# Test set 5: ten pieces written blind and measured once, after all tuning (polar 16/41,
# 6 sign errors). It was not used to tune anything; it is no longer unseen, so the next
# honest measurement needs a new blind set. Floors under that one measurement.


@pytest.fixture(scope="module")
def report5() -> EvalReport:
    comparison = compare_inputs([str(DATA / "testset5")])
    return evaluate(comparison, load_gold(DATA / "testset5_gold.jsonl"))


def test_set5_polar_accuracy_does_not_fall(report5: EvalReport) -> None:
    assert len(report5.scored_docs) == 10
    assert report5.overall.polar_correct >= 16  # of 41 gold pro/con cells


def test_set5_sign_errors_do_not_grow(report5: EvalReport) -> None:
    assert report5.overall.sign_errors <= 6
