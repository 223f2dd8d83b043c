"""No input makes stance worse than linear (issue 13), measured in operations, not seconds.

A wall-clock limit would be flaky on a shared machine, so each stage is run under a
tracer that counts the Python lines it executes: deterministic for a given input, and a
loop over every pair of words shows up as the square of the length. Each hostile input is
analysed at two lengths, four times apart; a linear stage does about four times the work,
a quadratic one sixteen. The bench (bench/run.py) times the same inputs at 1-20 MB.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancecli.learned.judge import judge_readings
from stancecli.models import Article, ArticleInfo
from stancecli.pipeline import Engine
from stancecli.text.segment import MAX_SENTENCE_CHARS, MAX_SENTENCE_WORDS, split_sentences
from stancecli.text.tokens import TOKEN_RE

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PROSE = " ".join(
    re.sub(r"[.!?…]+", "", p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.md"))
)
GROWTH = 4  # the long input is this many times the short one
SLACK = 1.3  # a linear count may grow this much faster (sentence ends, cache warm-up)


def _unpunctuated(words: int) -> str:
    """The bundled op-eds with no sentence punctuation and no line break: a transcript."""
    source = PROSE.split()
    return " ".join(source[i % len(source)] for i in range(words))


INPUTS: dict[str, Callable[[int], str]] = {
    "unpunctuated prose": _unpunctuated,
    "one keyword repeated": lambda n: "sanctions " * n,
    "a cue repeated": lambda n: "lift the sanctions " * (n // 3),
    "keywords of every topic": lambda n: (
        "sanctions Minsk NATO Assad Crimea detente deterrence allies exchanges " * (n // 9)
    ),
    "names and speech verbs": lambda n: "Marine Le Pen said the sanctions failed, " * (n // 7),
    "commas only": lambda n: "sanctions, " * n,
    "one long word": lambda n: "sanctions" * n,
}


def _count_lines(run: Callable[[], Any]) -> int:
    """Python lines executed by `run` (every frame, the library's and its helpers')."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _stages(engine: Engine, text: str) -> dict[str, Callable[[], Any]]:
    article = Article(ArticleInfo("x", "x", "x"), text)
    sentences = split_sentences(text)
    readings = engine.reader.read(text, sentences)
    ids = engine.pack.ids
    return {
        "segment": lambda: split_sentences(text),
        "match and rules": lambda: engine.reader.read(text, sentences),
        "learned judge": lambda: judge_readings(engine.model, text, readings, ids, len(sentences)),
        "whole analysis": lambda: engine.analyze(article),
    }


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_every_stage_does_linear_work(engine: Engine, name: str) -> None:
    words = 600
    short, long = INPUTS[name](words), INPUTS[name](words * GROWTH)
    # Warm the per-word and per-feature caches on both texts: filling them is bounded by
    # the vocabulary, not by the length, and a cold cache would make the second run of
    # the suite (warm) and a run of this test alone (cold) disagree.
    for text in (short, long):
        engine.analyze(Article(ArticleInfo("w", "w", "w"), text))
    for stage, run in _stages(engine, short).items():
        small = _count_lines(run)
        large = _count_lines(_stages(engine, long)[stage])
        assert large <= GROWTH * SLACK * max(small, 1), (
            f"{stage} on {name!r}: {small:,} lines at {len(short):,} characters, "
            f"{large:,} at {len(long):,} ({large / max(small, 1):.1f}x for {GROWTH}x the text)"
        )


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_no_sentence_is_over_the_bound(name: str) -> None:
    text = INPUTS[name](5_000)
    sentences = split_sentences(text)
    assert sentences
    for s in sentences:
        assert len(TOKEN_RE.findall(s.text)) <= MAX_SENTENCE_WORDS
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert text[s.start : s.end] == s.text
    # Nothing is lost: every word of the text is in some sentence.
    assert sum(len(TOKEN_RE.findall(s.text)) for s in sentences) >= len(
        TOKEN_RE.findall(text)
    ) - len(sentences)  # a hard cut inside a word makes two of it


_TEXT = st.lists(
    st.sampled_from([*"abcA ,;:-—\n.", "sanctions ", "Minsk ", "  ", "x" * 300]), max_size=600
).map("".join)


@given(_TEXT)
def test_the_bound_holds_for_any_text(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for s in sentences:
        assert len(TOKEN_RE.findall(s.text)) <= MAX_SENTENCE_WORDS
        assert len(s.text) <= MAX_SENTENCE_CHARS
        assert text[s.start : s.end] == s.text == s.text.strip()
        assert previous_end <= s.start < s.end
        previous_end = s.end


def test_a_long_run_on_sentence_is_cut_at_its_best_soft_break() -> None:
    clause = " ".join(["word"] * 50)
    text = f"{clause}, {clause}; {clause}, {clause}"
    pieces = [s.text for s in split_sentences(text)]
    assert pieces[0] == f"{clause}, {clause};"  # the semicolon beats the later comma
    assert all(not s.continued for s in split_sentences(clause + "."))
    assert [s.continued for s in split_sentences(text)][1:] == [True] * (len(pieces) - 1)


def test_a_sentence_with_no_break_at_all_is_cut_at_the_bound() -> None:
    text = " ".join(["word"] * (MAX_SENTENCE_WORDS * 3))
    sizes = [len(s.text.split()) for s in split_sentences(text)]
    assert sizes == [MAX_SENTENCE_WORDS] * 3


def test_ordinary_news_prose_is_never_cut() -> None:
    for path in sorted(CORPUS.glob("*.md")):
        assert not any(s.continued for s in split_sentences(path.read_text(encoding="utf-8")))
