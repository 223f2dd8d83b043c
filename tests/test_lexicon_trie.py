"""The lexicon's trie finds what comparing every phrase at every position finds, in that order.

The judge reads the first hit of a category at a span and the order of hits (longest first):
a trie that missed a phrase, or listed a shorter one first, would change holders and cues.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.judge.lexicon import (
    _INFLECTED,
    Lexicon,
    LexiconHit,
    _entries,
    _forms,
    default_lexicon,
)
from stancecli.text.tokens import tokenize

ENTRIES = _entries()
# The phrases' forms as the lexicon lists them: by category, phrase and form.
FORMS = [
    (form, category, phrase)
    for category, phrases in ENTRIES.items()
    for phrase in phrases
    for form in _forms(phrase, inflect=category in _INFLECTED)
]
WORDS = sorted({word for form, _, _ in FORMS for word in form})


def naive(norms: list[str]) -> list[LexiconHit]:
    """Every phrase compared at every position, longest first, a category once per position."""
    hits: list[LexiconHit] = []
    for i in range(len(norms)):
        candidates = sorted((f for f in FORMS if f[0][0] == norms[i]), key=lambda f: -len(f[0]))
        seen: set[str] = set()
        for form, category, phrase in candidates:
            if category in seen or tuple(norms[i : i + len(form)]) != form:
                continue
            seen.add(category)
            hits.append(LexiconHit(i, i + len(form) - 1, category, phrase))
    return hits


def test_the_trie_finds_what_the_naive_scan_finds_on_the_bundled_corpus() -> None:
    lexicon = Lexicon(ENTRIES)
    found = 0
    for article in load_articles(bundled_corpus_inputs()).articles:
        norms = [t.norm for t in tokenize(article.text)]
        hits = lexicon.find(norms)
        assert hits == naive(norms), article.id
        found += len(hits)
    assert found > 100
    assert any(h.last > h.first for h in default_lexicon().find("shy away from it".split()))


# Whole phrases, their words one by one (a phrase cut short) and filler, run together.
PIECES = st.one_of(
    st.sampled_from([form for form, _, _ in FORMS]),
    st.sampled_from(WORDS).map(lambda w: (w,)),
    st.sampled_from([("zzz",), ("the",), ("not",)]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=12))
def test_the_trie_finds_what_the_naive_scan_finds_on_any_words(
    pieces: list[tuple[str, ...]],
) -> None:
    norms = [word for piece in pieces for word in piece]
    assert default_lexicon().find(norms) == naive(norms)


def test_first_words_are_the_words_that_open_a_phrase_of_the_category() -> None:
    lexicon = default_lexicon()
    for category in ENTRIES:
        expected = {form[0] for form, cat, _ in FORMS if cat == category}
        assert lexicon.first_words(category) == expected
