"""The matcher's per-word cache stays bounded on endless new words, with the same answers."""

from __future__ import annotations

import pytest

import stancecli.match.matcher as matcher_module
from stancecli.match.matcher import Matcher
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
