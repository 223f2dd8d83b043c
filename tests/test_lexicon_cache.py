"""The lexicon restored from the run cache finds what one compiled from its file finds.

A cold start reads the compiled lexicon from the run cache. A restored trie that lost a
branch would silently drop negations and frames; an entry kept across an edit of the
lexicon file would hide the edit; a damaged entry must be rebuilt, not fail mid-text.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from pathlib import Path

import pytest

from stancecli.cache import ENV
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.judge import lexicon as lx
from stancecli.judge.lexicon import Lexicon, LexiconHit, default_lexicon
from stancecli.text.tokens import tokenize

ORIGINAL = lx._bundled_text()


def texts() -> list[list[str]]:
    loaded = load_articles(bundled_corpus_inputs()).articles
    return [[t.norm for t in tokenize(a.text)] for a in loaded] + ["we shan't lift it".split()]


def hits(lexicon: Lexicon, norms: list[list[str]]) -> list[list[LexiconHit]]:
    return [lexicon.find(words) for words in norms]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(ENV, str(tmp_path))
    lx._bundled.cache_clear()
    yield tmp_path
    lx._bundled.cache_clear()  # later tests get the lexicon of the real file again


def fresh() -> Lexicon:
    return Lexicon(lx._parse(ORIGINAL))


def test_a_restored_lexicon_finds_what_a_compiled_one_finds(cache: Path) -> None:
    norms = texts()
    expected = hits(fresh(), norms)
    first = default_lexicon()  # compiled, and written for the next run
    (entry,) = cache.glob("lexicon-*.marshal")
    lx._bundled.cache_clear()
    restored = default_lexicon()
    assert restored is not first
    assert hits(first, norms) == hits(restored, norms) == expected
    assert sum(map(len, expected)) > 100
    assert restored.first_words(lx.SPEECH) == fresh().first_words(lx.SPEECH)
    assert lx.default_lexicon_entries(lx.TITLE) == lx._parse(ORIGINAL)[lx.TITLE]
    assert entry.exists()


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00 not marshal",
        marshal.dumps(({}, {"not": ["a", "node"]}, {})),
        marshal.dumps(({}, {"not": ({}, [(1, "negation")])}, {})),
        marshal.dumps(({}, {"not": ({"x": ({}, ["ends"])}, [])}, {})),
        marshal.dumps([1, 2, 3]),
    ],
    ids=["not marshal", "node a list", "short end", "deep bad end", "not a tuple"],
)
def test_a_damaged_entry_is_rebuilt(cache: Path, damage: bytes) -> None:
    norms = texts()
    default_lexicon()
    (entry,) = cache.glob("lexicon-*.marshal")
    entry.write_bytes(damage)
    lx._bundled.cache_clear()
    assert hits(default_lexicon(), norms) == hits(fresh(), norms)


def test_an_edit_of_the_lexicon_file_is_read_on_the_next_run(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    norms = texts()
    before = hits(default_lexicon(), norms)
    assert not default_lexicon().find(["shan't"])
    edited = ORIGINAL.replace(b'words = ["not", ', b'words = ["shan\'t", "not", ', 1)
    assert edited != ORIGINAL
    monkeypatch.setattr(lx, "_bundled_text", lambda: edited)
    lx._bundled.cache_clear()
    after = default_lexicon()
    assert after.find(["shan't"]) == [LexiconHit(0, 0, lx.NEGATION, "shan't")]
    assert hits(after, norms) != before
    assert len(list(cache.glob("lexicon-*.marshal"))) == 2
