"""The scanners `stance` is measured against, and our own two measured paths.

Every scanner has the same shape: build once outside the clock (`prepare`), then `scan` a
list of article texts and return how many matches it found, so the harness can time them
all alike and a scanner that silently found nothing is visible in the table. Peers get the
same keyword phrases our matcher compiles (every keyword variant of the pack); they match
them exactly, which is the point of comparison: what the fuzzy matching costs, and gains.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from stancecli.match.matcher import DEFAULT_THRESHOLD, Matcher
from stancecli.models import TopicPack
from stancecli.text.tokens import tokenize


def keyword_phrases(pack: TopicPack) -> list[str]:
    """All keyword variants of a pack, deduplicated, in a stable order."""
    seen: dict[str, None] = {}
    for topic in pack.topics:
        for variants in topic.keywords:
            for phrase in variants:
                seen.setdefault(phrase, None)
    return list(seen)


@dataclass
class Scanner:
    """A named way of finding keyword phrases in a list of texts."""

    name: str
    description: str

    def prepare(self) -> None:
        """Build indexes; called before every repetition, outside the clock."""

    def scan(self, texts: Sequence[str]) -> int:
        raise NotImplementedError


@dataclass
class WordFloor(Scanner):
    """Splitting into words with one C regex: no keyword scanner in Python can beat it."""

    _word: re.Pattern[str] = field(default_factory=lambda: re.compile(r"\w+"))

    def scan(self, texts: Sequence[str]) -> int:
        word = self._word
        return sum(sum(1 for _ in word.finditer(text)) for text in texts)


@dataclass
class FlashText(Scanner):
    """flashtext's KeywordProcessor: the usual pure-Python trie scanner."""

    phrases: Sequence[str] = ()
    _processor: Any = None

    def prepare(self) -> None:
        from flashtext import KeywordProcessor

        self._processor = KeywordProcessor(case_sensitive=False)
        for phrase in self.phrases:
            self._processor.add_keyword(phrase)

    def scan(self, texts: Sequence[str]) -> int:
        extract = self._processor.extract_keywords
        return sum(len(extract(text)) for text in texts)


@dataclass
class AhoCorasick(Scanner):
    """pyahocorasick's C automaton over lower-cased text (lower() is inside the clock)."""

    phrases: Sequence[str] = ()
    _automaton: Any = None

    def prepare(self) -> None:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for phrase in self.phrases:
            automaton.add_word(phrase.lower(), phrase)
        automaton.make_automaton()
        self._automaton = automaton

    def scan(self, texts: Sequence[str]) -> int:
        automaton = self._automaton
        return sum(sum(1 for _ in automaton.iter(text.lower())) for text in texts)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Whole-word matches with offsets: an exact scanner's answer for the quality score."""
        lowered = text.lower()
        found: list[tuple[int, int, str]] = []
        for end_index, phrase in self._automaton.iter(lowered):
            end = end_index + 1
            start = end - len(phrase)
            before = lowered[start - 1] if start > 0 else " "
            after = lowered[end] if end < len(lowered) else " "
            if not (before.isalnum() or after.isalnum()):
                found.append((start, end, phrase))
        return found


@dataclass
class RegexAlternation(Scanner):
    """One compiled `\\b(?:...)\\b` alternation, longest phrases first, IGNORECASE."""

    phrases: Sequence[str] = ()
    _pattern: re.Pattern[str] | None = None

    def prepare(self) -> None:
        ordered = sorted(self.phrases, key=len, reverse=True)
        alternation = "|".join(re.escape(p) for p in ordered)
        self._pattern = re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)

    def scan(self, texts: Sequence[str]) -> int:
        assert self._pattern is not None
        finditer = self._pattern.finditer
        return sum(sum(1 for _ in finditer(text)) for text in texts)


@dataclass
class SpacyPhrases(Scanner):
    """spaCy's blank English tokenizer and PhraseMatcher on LOWER: no model is loaded."""

    phrases: Sequence[str] = ()
    _nlp: Any = None
    _matcher: Any = None

    def prepare(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        if self._nlp is None:
            self._nlp = spacy.blank("en")
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._matcher.add("KEYWORDS", [self._nlp.make_doc(p) for p in self.phrases])

    def scan(self, texts: Sequence[str]) -> int:
        matcher = self._matcher
        return sum(len(matcher(doc)) for doc in self._nlp.tokenizer.pipe(texts, batch_size=64))


@dataclass
class OurMatcher(Scanner):
    """Our matcher alone: tokenize + Matcher.find, a fresh Matcher (empty cache) each time.

    The spans of standalone hits are kept from the last scan for the quality score; their
    cost is a few list appends per hit, and hits are rare next to words.
    """

    pack: TopicPack | None = None
    threshold: float = DEFAULT_THRESHOLD
    spans: list[list[tuple[int, int, str]]] = field(default_factory=list)
    _matcher: Matcher | None = None

    def prepare(self) -> None:
        assert self.pack is not None
        self._matcher = Matcher(self.pack, self.threshold)

    def scan(self, texts: Sequence[str]) -> int:
        assert self._matcher is not None
        find = self._matcher.find
        spans: list[list[tuple[int, int, str]]] = []
        total = 0
        for text in texts:
            tokens = tokenize(text)
            hits = find(tokens)
            total += len(hits)
            spans.append(
                [
                    (tokens[h.first].start, tokens[h.last].end, h.entry.topic)
                    for h in hits
                    if h.entry.standalone
                ]
            )
        self.spans = spans
        return total


@dataclass
class OurTokenizer(Scanner):
    """Our tokenizer alone, to split the matcher's time between words and matching."""

    def scan(self, texts: Sequence[str]) -> int:
        return sum(len(tokenize(text)) for text in texts)
