"""The matcher's and the reader's per-word caches stay bounded, with the same answers."""

from __future__ import annotations

import pytest

import stancecli.match.matcher as matcher_module
import stancecli.match.reading as reading_module
from stancecli.match.matcher import Matcher
from stancecli.pipeline import Engine
from stancecli.text.tokens import tokenize
from stancecli.topics import default_pack

TEXT = (
    "The sanctons regime and the Minsk agreement stay; annexation of Crimea, NATO "
    "enlargement and a rapprochement with Russia were discussed by zyx1 qwv2 plonk "
    "florbish gromp wibble sanctions."
)


def test_a_bounded_cache_finds_what_an_unbounded_one_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    pack = default_pack()
    tokens = tokenize(TEXT)
    free = Matcher(pack).find(tokens)
    monkeypatch.setattr(matcher_module, "WORD_CACHE", 3)
    bounded = Matcher(pack)
    assert bounded.find(tokens) == free
    assert free, "the text names topics"
    assert len(bounded._cache) <= 3


def test_the_readers_bounded_trigger_words_give_the_same_triggers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [TEXT, "Putin spoke in Moscow.", "Nothing here at all.", TEXT.upper()]
    free = Engine().reader
    expected = [free.triggers(text) for text in texts]
    monkeypatch.setattr(reading_module, "WORD_CACHE", 3)
    bounded = Engine().reader
    assert [bounded.triggers(text) for text in texts] == expected
    assert {"sanctions", "Minsk", "Putin", "Moscow"} <= set().union(*expected)
    assert len(bounded._trigger_words) + len(bounded._plain_words) <= len(set(TEXT.split())) + 3
