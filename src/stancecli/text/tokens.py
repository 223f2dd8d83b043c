"""Word tokens and the folded form every comparison is made on.

Matching and judging both look at words, never at raw characters, so the same folding
(case, accents, curly apostrophes, possessives, Roman numerals) is applied to the text and
to every phrase of a topic pack or lexicon: one place decides when two words are "the same".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, repeat
from operator import attrgetter
from typing import NamedTuple

import snowballstemmer

# Letters (with inner apostrophes: "Russia's", "don't") or digits; hyphens, dashes and
# spaces separate tokens, so "Minsk-II", "Minsk II" and "Minsk 2" give the same tokens.
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")

_ROMAN = {"ii": "2", "iii": "3", "iv": "4"}
_STEMMER = snowballstemmer.stemmer("english")


class Token(NamedTuple):
    """A word of a text: its span and its folded form."""

    start: int
    end: int
    norm: str


# A token's folded word as a C-level getter, for map() over a sentence's tokens.
NORM = attrgetter("norm")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, strip accents and unify apostrophes, so Détente == detente."""
    word = word.casefold().replace("’", "'")
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def normalize_token(raw: str) -> str:
    """The folded word a token is compared as: possessives dropped, II read as 2."""
    word = fold(raw)
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("'"):
        word = word[:-1]
    return _ROMAN.get(word, word)


@lru_cache(maxsize=200_000)
def stem(norm: str) -> str:
    """Snowball stem of a folded word: sanction, sanctions and sanctioned meet here."""
    result: str = _STEMMER.stemWord(norm)
    return result


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end] with offsets into the whole text."""
    stop = len(text) if end is None else end
    # Built by maps in C, not a Python loop per word: this runs on every word of every
    # sentence read. tuple.__new__ straight, not Token(...), whose NamedTuple __new__
    # is a Python-level call per word.
    found = list(TOKEN_RE.finditer(text, start, stop))
    norms = map(normalize_token, map(_GROUP, found))
    parts = zip(map(_START, found), map(_END, found), norms, strict=True)
    tokens: list[Token] = list(map(tuple.__new__, repeat(Token), parts))
    return tokens


_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group
_WORD_SPLIT = re.compile(f"({TOKEN_RE.pattern})")  # one group: split() keeps the words


class TextWords:
    """Every word of a text, found in one pass: what the reader's trigger test and each
    sentence's tokens are taken from, so no character is scanned twice before tokenizing.

    The words inside a span are exactly what `TOKEN_RE` finds in that span alone, except
    when a word of the whole text crosses one of its bounds (a sentence cut mid-word at
    the segmenter's length limit): `span` then says None, and the caller scans the span.
    """

    __slots__ = ("ends", "starts", "words")

    def __init__(self, text: str) -> None:
        # split() gives gap, word, gap, ..., gap as strings, and the running sum of their
        # lengths gives every word's end and the next word's start: no Match object per
        # word (a fifth less time than finditer on the bench corpus).
        parts = _WORD_SPLIT.split(text)
        bounds = list(accumulate(map(len, parts)))
        self.words: list[str] = parts[1::2]
        self.ends: list[int] = bounds[1::2]
        self.starts: list[int] = bounds[0:-1:2]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Indexes [first, stop) of the words inside text[start:end]; None when a word
        crosses `start` or `end`."""
        first = bisect_left(self.starts, start)
        stop = bisect_left(self.starts, end, first)
        if first and self.ends[first - 1] > start:
            return None
        if stop > first and self.ends[stop - 1] > end:
            return None
        return first, stop

    def tokens(self, first: int, stop: int) -> list[Token]:
        """The Tokens of words [first, stop), as `tokenize` gives them for their span."""
        norms = map(normalize_token, self.words[first:stop])
        parts = zip(self.starts[first:stop], self.ends[first:stop], norms, strict=True)
        tokens: list[Token] = list(map(tuple.__new__, repeat(Token), parts))
        return tokens


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """The folded words of a pack or lexicon phrase, folded exactly as text tokens are."""
    return tuple(normalize_token(m.group()) for m in TOKEN_RE.finditer(phrase))
