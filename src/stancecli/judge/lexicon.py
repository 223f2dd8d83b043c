"""The general cue lexicon: negation, hedges, conditions, frames and evaluative words.

It is data (`data/lexicon.toml`) so the engine's vocabulary can grow without touching its
rules. Entries are matched on folded surface forms with generated inflections rather than
on stems, because stems conflate words with opposite roles ("positive"/"position").
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from stancecli.bundled import data_bytes
from stancecli.cache import cached, source_key
from stancecli.text import tokens as tokens_module
from stancecli.text.tokens import phrase_tokens

# Categories a lexicon hit can have; the judge reads them by name.
NEGATION = "negation"
NOT_NEGATION = "not_negation"
NEUTRAL = "neutral"
HEDGE = "hedge"
CONDITION = "condition"
ENDORSE = "endorse"
REJECT = "reject"
POSITIVE = "positive"
NEGATIVE = "negative"
HARM = "harm"
BAD_OUTCOME = "bad_outcome"
SUPPORT = "support"
COST = "cost"
LOW = "low"
HIGH = "high"
SKEPTICAL = "skeptical"
CONTRAST = "contrast"
CONCESSION = "concession"
CONCESSION_VERB = "concession_verb"
CONCESSION_ITEM = "concession_item"
ACCEPT = "accept"
FUTURE = "future"
SPEECH = "speech"
ATTRIBUTION_MARKER = "attribution_marker"
GROUP = "group"
PRONOUN = "pronoun"
SELF = "self"
AGREE = "agree"
DISAGREE = "disagree"
REBUTTAL = "rebuttal"
TITLE = "title"
AGREE_AFTER = "agree_after"
UNASSERTED = "unasserted"
REPORTED_OTHERS = "reported_others"

_SECTIONS: dict[str, tuple[str, str]] = {
    NEGATION: ("negation", "words"),
    NOT_NEGATION: ("negation", "not_negation"),
    NEUTRAL: ("neutral", "phrases"),
    HEDGE: ("hedges", "words"),
    CONDITION: ("conditions", "phrases"),
    ENDORSE: ("frames", "endorse"),
    REJECT: ("frames", "reject"),
    POSITIVE: ("evaluation", "positive"),
    NEGATIVE: ("evaluation", "negative"),
    HARM: ("evaluation", "harm"),
    BAD_OUTCOME: ("evaluation", "bad_outcome"),
    SUPPORT: ("evaluation", "support"),
    COST: ("magnitude", "cost"),
    LOW: ("magnitude", "low"),
    HIGH: ("magnitude", "high"),
    SKEPTICAL: ("rhetoric", "skeptical_questions"),
    CONTRAST: ("rhetoric", "contrast"),
    CONCESSION: ("concession", "frame"),
    CONCESSION_VERB: ("concession", "frame_verbs"),
    CONCESSION_ITEM: ("concession", "items"),
    ACCEPT: ("concession", "accept"),
    FUTURE: ("future", "markers"),
    SPEECH: ("attribution", "verbs"),
    ATTRIBUTION_MARKER: ("attribution", "markers"),
    GROUP: ("attribution", "groups"),
    PRONOUN: ("attribution", "pronouns"),
    SELF: ("attribution", "self"),
    AGREE: ("attribution", "agree"),
    DISAGREE: ("attribution", "disagree"),
    REBUTTAL: ("attribution", "rebuttals"),
    TITLE: ("attribution", "titles"),
    AGREE_AFTER: ("attribution", "agree_after"),
    UNASSERTED: ("unasserted", "phrases"),
    REPORTED_OTHERS: ("attribution", "others"),
}

# Categories whose words are verbs or nouns that inflect; the others are listed as written.
_INFLECTED = {
    ENDORSE,
    REJECT,
    POSITIVE,
    NEGATIVE,
    HARM,
    BAD_OUTCOME,
    SUPPORT,
    COST,
    SPEECH,
    CONCESSION,
    CONCESSION_VERB,
    ACCEPT,
}


@dataclass(frozen=True)
class LexiconHit:
    """A lexicon phrase found at tokens [first, last] of a token list."""

    first: int
    last: int
    category: str
    phrase: str


# A trie node: the words that may come next (each to its node), and the phrases that end
# here as (length, category, phrase). Plain containers, so the compiled trie is the run
# cache's own layout (see `default_lexicon`).
_Node = tuple[dict[str, "_Node"], list[tuple[int, str, str]]]


class Lexicon:
    """Finds every cue of every category in a sequence of folded tokens."""

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        # A trie over the phrases' words: a position is read by walking as far as its
        # words go, not by comparing each of the up to two dozen phrases that open with
        # a word like "the" or "argue". Phrases ending at the same node are one form, kept
        # in the order they were listed.
        self._root: dict[str, _Node] = {}
        self._first_words: dict[str, set[str]] = {}
        for category, phrases in entries.items():
            for phrase in phrases:
                for form in _forms(phrase, inflect=category in _INFLECTED):
                    self._first_words.setdefault(category, set()).add(form[0])
                    level = self._root
                    for word in form[:-1]:
                        level = level.setdefault(word, ({}, []))[0]
                    level.setdefault(form[-1], ({}, []))[1].append((len(form), category, phrase))

    @classmethod
    def _restored(cls, root: dict[str, _Node], first_words: dict[str, set[str]]) -> Lexicon:
        lexicon = cls.__new__(cls)
        lexicon._root, lexicon._first_words = root, first_words
        return lexicon

    def first_words(self, category: str) -> frozenset[str]:
        """Words that can open a phrase of the category: a cheap test before a full scan."""
        return frozenset(self._first_words.get(category, ()))

    def find(self, norms: Sequence[str]) -> list[LexiconHit]:
        """All hits, longest first at each position; a category is listed once per span."""
        hits: list[LexiconHit] = []
        root, count = self._root, len(norms)
        # Most words open no phrase: the positions that do are picked out in C (one
        # membership test per word), and Python only looks at those.
        for i in compress(range(count), map(root.__contains__, norms)):
            node: _Node | None = root[norms[i]]
            found: list[list[tuple[int, str, str]]] = []
            j = i + 1
            while node is not None:
                following, ends = node
                if ends:
                    found.append(ends)
                if j >= count or not following:
                    break
                node = following.get(norms[j])
                j += 1
            seen: set[str] = set()
            for ends in reversed(found):  # longest first
                for n, category, phrase in ends:
                    if category not in seen:
                        seen.add(category)
                        hits.append(LexiconHit(i, i + n - 1, category, phrase))
        return hits


def _forms(phrase: str, *, inflect: bool) -> set[tuple[str, ...]]:
    words = phrase_tokens(phrase)
    if not words:
        return set()
    if not inflect:
        return {words}
    forms = {words}
    for position in {0, len(words) - 1}:
        for variant in inflections(words[position]):
            forms.add(words[:position] + (variant,) + words[position + 1 :])
    return forms


def inflections(word: str) -> set[str]:
    """Regular English inflections of a word; irregular ones belong in the lexicon itself."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + "d"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word[:-1] + "ed"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (
        len(word) >= 3
        and word[-1] not in "aeiouwxy"
        and word[-2] in "aeiou"
        and word[-3] not in "aeiou"
    ):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def _entries() -> dict[str, list[str]]:
    return _bundled()[0]


def default_lexicon_entries(category: str) -> list[str]:
    """The bundled phrases of one category, for a lexicon built for one purpose."""
    return list(_entries()[category])


def default_lexicon() -> Lexicon:
    """The bundled lexicon, read once per process and compiled once per lexicon file."""
    return _bundled()[1]


# What the bundled lexicon is as plain data for the run cache: its entries by category,
# the trie and each category's first words.
_Compiled = tuple[dict[str, list[str]], dict[str, _Node], dict[str, set[str]]]


@lru_cache(maxsize=1)
def _bundled() -> tuple[dict[str, list[str]], Lexicon]:
    """The entries and the lexicon built from them.

    Parsing the TOML and compiling the trie took a tenth of a cold start's own work, so
    both are kept in the run cache, under a key naming the file's bytes and the code that
    folds and inflects its phrases.
    """
    text = _bundled_text()
    key = _key(text)

    def build() -> _Compiled:
        entries = _parse(text)
        lexicon = Lexicon(entries)
        return entries, lexicon._root, lexicon._first_words

    entries, root, first_words = (
        build() if key is None else cached("lexicon", key, build, _is_compiled)
    )
    return entries, Lexicon._restored(root, first_words)


def lexicon_key() -> bytes | None:
    """The key the bundled lexicon is compiled under: its file and the code that folds
    and inflects it (None when that code cannot be read)."""
    return _key(_bundled_text())


def _key(text: bytes) -> bytes | None:
    return source_key([sys.modules[__name__], tokens_module], text)


def _bundled_text() -> bytes:
    return data_bytes("lexicon.toml")


def _parse(text: bytes) -> dict[str, list[str]]:
    import tomllib  # only when the cache has no entry: its parser is slow to import

    data = tomllib.loads(text.decode("utf-8"))
    return {category: data[section][key] for category, (section, key) in _SECTIONS.items()}


def _is_compiled(value: object) -> bool:
    """Shaped like `build`'s answer, every node and phrase end too? A tampered entry
    must be rebuilt, not fail in the middle of a text."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return False
    entries, root, first_words = value
    if not (type(entries) is dict and type(root) is dict and type(first_words) is dict):
        return False
    if not all(
        type(phrases) is list and set(map(type, phrases)) <= {str} for phrases in entries.values()
    ) or not all(
        type(words) is set and set(map(type, words)) <= {str} for words in first_words.values()
    ):
        return False
    levels = [root]
    while levels:
        level = levels.pop()
        for node in level.values():
            if type(node) is not tuple or len(node) != 2:
                return False
            following, ends = node
            if type(following) is not dict or type(ends) is not list:
                return False
            for end in ends:
                if not (
                    type(end) is tuple
                    and len(end) == 3
                    and type(end[0]) is int
                    and type(end[1]) is str
                    and type(end[2]) is str
                ):
                    return False
            if following:
                levels.append(following)
    return True
