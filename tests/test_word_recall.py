"""Words compared in one run are not compared again in the next, and answer the same."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from stancecli.cache import ENV
from stancecli.match import matcher as matcher_module
from stancecli.match.matcher import Matcher
from stancecli.models import Article, ArticleInfo
from stancecli.pipeline import Engine, analyze_all
from stancecli.topics import default_pack

TEXTS = [
    "The sanctons on Russia must be lifted, said the minister of the Donbass region.",
    "NATO enlargment and the Minsk II agreemnt were discussed; Crimea was annexed.",
    "A ceasefire (cease fire) in Donbas is what the confession of the envoy demanded.",
]


def _articles() -> list[Article]:
    return [Article(ArticleInfo(f"a{i}", f"a{i}", f"a{i}"), text) for i, text in enumerate(TEXTS)]


def test_a_second_engine_recalls_the_words_and_gives_the_same_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    first = list(analyze_all(_articles()))
    compared: list[str] = []
    original = Matcher._compare

    def counting(self: Matcher, norm: str) -> tuple[tuple[int, float], ...]:
        compared.append(norm)
        return original(self, norm)

    monkeypatch.setattr(Matcher, "_compare", counting)
    second = list(analyze_all(_articles(), remember=False))  # read, not recalled whole
    assert [a.cells for a in second] == [a.cells for a in first]
    assert [a.mentions for a in second] == [a.mentions for a in first]
    assert compared == []  # every word came back from the first run
    fresh = Matcher(default_pack())
    recalled = Engine().matcher
    for word in ("sanctons", "enlargment", "agreemnt", "donbass", "confession", "the"):
        assert recalled._cache[word] == original(fresh, word)


def test_a_tampered_entry_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    list(analyze_all(_articles()))
    (entry,) = tmp_path.glob("matcher-words-*.marshal")
    plain, matched = marshal.loads(entry.read_bytes())
    assert "sanctons" in matched and plain  # misspelling found, most words plain
    for bad in [
        (plain, {"sanctons": ((10**9, 90.0),)}),  # no such pack word
        (plain, {"sanctons": (("x", 90.0),)}),
        (plain, {"sanctons": ((-1, 90.0),)}),
        (plain, {"sanctons": ((1, 90),)}),
        (plain, {"sanctons": ((1, 90.0, 2),)}),
        (plain, {"sanctons": [(1, 90.0)]}),
        (plain, {"sanctons": ((1, 90.0),), 5: ()}),
        ([*plain, 7], matched),
        {"sanctons": ()},
    ]:
        entry.write_bytes(marshal.dumps(bad))
        matcher = Engine().matcher
        assert "sanctons" not in matcher._cache
        assert matcher.candidates("sanctons") == Matcher(default_pack())._compare("sanctons")


def test_only_the_last_words_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    monkeypatch.setattr(matcher_module, "WORDS_KEPT", 5)
    matcher = Matcher(default_pack())
    for word in ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "sanctons"]:
        matcher.candidates(word)
    matcher.keep_words()
    again = Matcher(default_pack())
    again.recall_words()
    assert set(again._cache) == {"gamma", "delta", "epsilon", "zeta", "sanctons"}
