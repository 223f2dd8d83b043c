"""Fuzzy keyword matching: where does a text mention a topic, and with which phrase?

Matching works word by word. Each distinct word of a text is compared once (the result
is cached) with the words of the pack's phrases: equal, equal after stemming (inflection),
equal after collapsing doubled letters (Donbass/Donbas, Assad/Asad) or close by rapidfuzz's
ratio (sanctons). Phrases are then walked through a trie of those word ids, so the cost per
word of text is a dictionary lookup, whatever the size of the pack. Hyphenation and spacing
variants (Minsk-II, MinskII, cease fire/ceasefire) are compiled into the trie up front.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from os.path import commonprefix
from typing import NamedTuple

from rapidfuzz import fuzz, process

from stancecli.cache import cached, load, new_digest, source_key, store
from stancecli.models import Mention, Topic, TopicPack
from stancecli.text.tokens import _STEMMER, TOKEN_RE, Token, fold, phrase_tokens, stem
from stancecli.wordlist import is_english_word

DEFAULT_THRESHOLD = 85.0
# Distinct words whose comparison is remembered; clearing past it costs a re-comparison,
# never a different answer, and keeps a worker's memory flat on input of any size.
WORD_CACHE = 200_000
# Distinct words whose comparison is kept between runs (`keep_words`): a quick look-up
# then compares none of the words an earlier run met, and reading them back stays cheap.
WORDS_KEPT = 20_000
STOPWORDS = frozenset(
    "the a an of to in on for from with and or all its their his her this that these those "
    "is are be was were by at as it".split()
)
_SKIPPABLE = frozenset({"the", "a", "an"})
_NEGATORS = frozenset({"not", "no", "never", "nor", "without"})
_INFLECTION_ENDINGS = ("s", "es", "ed", "d", "ing")
_INFLECTIONAL = frozenset(
    {"", "s", "es", "ed", "d", "ing", "e", "y", "ies", "ied", "ying", "ie"}  # tie/tying/tied
)
_EXACT_ONLY_MAX = 4  # words this short (NATO, ISIL, EU) must match exactly: never "nation"
_FUZZY_MIN = 6  # both words at least this long before edit distance is allowed
_SPLIT_MIN = 3  # each piece of a compound written apart ("cease fire", "pre-positioned")


@dataclass(frozen=True)
class PhraseEntry:
    """A phrase of the pack as the matcher knows it."""

    topic: str
    kind: str  # "keyword", "cue" (a pole phrase) or "action" (a cue's verb, read near a keyword)
    pole: int  # 0 for keywords, +1 pro, -1 con
    phrase: str
    standalone: bool = True  # does finding it alone count as a mention of the topic?


class Hit(NamedTuple):
    """A phrase found at tokens [first, last] with its weakest word's score."""

    first: int
    last: int
    entry: PhraseEntry
    score: float


# A trie node: its children by word id (as indexes into the matcher's node list) and the
# phrases that end at it. Plain containers, so the compiled trie is the run cache's own
# data and restoring it builds no object per node.
_Node = tuple[dict[int, int], list[PhraseEntry]]


class Matcher:
    """A pack compiled for matching; build once, reuse for every article."""

    def __init__(self, pack: TopicPack, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0 < threshold <= 100:
            raise ValueError("threshold must be in (0, 100]")
        self.pack = pack
        self.threshold = threshold
        self._cache: dict[str, tuple[tuple[int, float], ...]] = {}
        # Compiling the default pack took a tenth of a second of every cold start; what it
        # builds is plain data, kept in the run cache under a key naming everything that
        # goes into it (see `pack_key`), and only rebuilt when one of those changes.
        key = self._key = pack_key(pack, threshold)
        if key is None:
            self._restore(self._compiled_state())
        else:
            state = cached("matcher", key, self._compiled_state, _is_state)
            try:
                self._restore(state)
            except (IndexError, TypeError):  # damaged where the shape check does not look
                state = self._compiled_state()
                store("matcher", key, state)
                self._restore(state)
        self._recalled = 0

    def _compiled_state(self) -> _State:
        """Compile the pack, then hand over what was built as plain data."""
        self._vocab: dict[str, int] = {}
        self._norms: list[str] = []
        self._fuzzy_ok: list[bool] = []
        self._by_stem: dict[str, list[int]] = {}
        self._by_collapsed: dict[str, list[int]] = {}
        self._nodes: list[_Node] = [({}, [])]  # the root first
        self._cache = {}
        # None while compiling (the vocabulary still grows): every word is then stemmed.
        self._inflect_keys: dict[str, int] | None = None
        self._fuzzy_ids: list[int] = []
        self._fuzzy_norms: list[str] = []
        self.heads: dict[str, str] = {}  # head noun of a multi-word keyword -> topic
        # One word of every phrase that mentions a topic by itself: a sentence without a
        # word standing for an anchor cannot hold a mention (see `may_mention`).
        self._anchors: set[int] = set()
        for topic in self.pack.topics:
            self.pack_keywords(topic)
        for topic in self.pack.topics:
            self._compile_cues(topic)
        self._cache.clear()  # words compared while compiling cues saw a partial vocabulary
        self._fuzzy_ids = [i for i, ok in enumerate(self._fuzzy_ok) if ok]
        self._fuzzy_norms = [self._norms[i] for i in self._fuzzy_ids]
        self._inflect_keys = _inflection_keys(self._norms)
        # This matcher works as it stands; what follows is its plain-data copy.
        entries: dict[PhraseEntry, int] = {}
        nodes = [
            (children, [entries.setdefault(e, len(entries)) for e in ends])
            for children, ends in self._nodes
        ]
        return (
            self._norms,
            self._fuzzy_ok,
            self._by_stem,
            self._by_collapsed,
            nodes,
            [(e.topic, e.kind, e.pole, e.phrase, e.standalone) for e in entries],
            self._anchors,
            self.heads,
            self._inflect_keys,
        )

    def _restore(self, state: _State) -> None:
        norms, fuzzy_ok, by_stem, by_collapsed, nodes, entries, anchors, heads, keys = state
        self._norms = norms
        self._vocab = dict(zip(norms, range(len(norms)), strict=True))
        self._fuzzy_ok = fuzzy_ok
        self._by_stem = by_stem
        self._by_collapsed = by_collapsed
        phrases = [PhraseEntry(*entry) for entry in entries]
        # Most nodes end no phrase: they are kept as they are, their (empty, unshared)
        # lists of phrase numbers lists of no phrase.
        self._nodes = [
            (node[0], [phrases[i] for i in node[1]]) if node[1] else node  # type: ignore[misc]
            for node in nodes
        ]
        self._anchors = anchors
        self.heads = heads
        self._inflect_keys = keys
        self._fuzzy_ids = [i for i, ok in enumerate(fuzzy_ok) if ok]
        self._fuzzy_norms = [norms[i] for i in self._fuzzy_ids]
        self._cache = {}

    # -- the per-word cache between runs ------------------------------------------------

    def recall_words(self) -> None:
        """Fill the per-word cache with the comparisons an earlier run kept (`keep_words`).

        The entry is keyed like the compiled pack (phrases, threshold, the code and data
        that compare), so a recalled answer is the answer `_compare` would give.
        """
        if self._key is None:
            return
        kept = load("matcher-words", self._key, lambda v: _is_kept(v, len(self._norms)))
        if kept is not None:
            plain, matched = kept
            recalled: dict[str, tuple[tuple[int, float], ...]] = dict.fromkeys(plain, ())
            recalled.update(matched)
            if self._cache:
                self._cache.update(recalled)
            else:  # as in every Engine: the recalled words are the cache, not a copy
                self._cache = recalled
            self._recalled = len(self._cache)

    def keep_words(self) -> None:
        """Keep the last `WORDS_KEPT` words compared for the next run, if any were new."""
        if self._key is None or len(self._cache) == self._recalled:
            return
        words = list(self._cache.items())[-WORDS_KEPT:]
        plain = [word for word, found in words if not found]
        matched = {word: found for word, found in words if found}
        store("matcher-words", self._key, (plain, matched))
        self._recalled = len(self._cache)

    # -- compiling -----------------------------------------------------------------------

    def pack_keywords(self, topic: Topic) -> None:
        for variants in topic.keywords:
            canonical = variants[0]
            entry = PhraseEntry(topic.id, "keyword", 0, canonical)
            for variant in variants:
                self._add_phrase(phrase_tokens(variant), entry)
                self._note_head(variant, topic.id)
                raw = "".join(fold(w) for w in TOKEN_RE.findall(variant))
                if len(raw) > _EXACT_ONLY_MAX:  # "MinskII" written solid, Roman numeral kept
                    self._insert((raw,), entry, fuzzy=False)

    def _compile_cues(self, topic: Topic) -> None:
        for pole, cues in ((1, topic.pro_cues), (-1, topic.con_cues)):
            for cue in cues:
                self._compile_cue(topic, cue, pole)

    def _compile_cue(self, topic: Topic, cue: str, pole: int) -> None:
        words = phrase_tokens(cue)
        action, by_head = self._action_words(words, topic.id)
        if action:
            self._add_phrase(action, PhraseEntry(topic.id, "action", pole, cue, standalone=False))
            if not by_head:
                return
        content = [w for w in words if w not in STOPWORDS]
        self._add_phrase(
            words, PhraseEntry(topic.id, "cue", pole, cue, standalone=len(content) >= 2)
        )

    def _action_words(self, words: Sequence[str], topic_id: str) -> tuple[tuple[str, ...], bool]:
        """A cue's words outside its topic's keywords ("lift" of "lift sanctions").

        Empty when the cue holds no keyword, or nothing but keywords ("annexed Crimea"):
        then the cue is matched as a phrase of its own. The flag says the keyword was only
        a keyword's head noun ("exchanges"), so the cue is also kept as a phrase.
        """
        tokens = [Token(0, 0, w) for w in words]
        covered = [False] * len(words)
        for hit in self.find(tokens):
            if hit.entry.topic == topic_id and hit.entry.kind == "keyword":
                covered[hit.first : hit.last + 1] = [True] * (hit.last - hit.first + 1)
        by_head = not any(covered)
        if by_head:  # "suspend exchanges": the head of "student exchanges" will do
            covered = [self.heads.get(word) == topic_id for word in words]
        if not any(covered):
            return (), False
        pieces: list[tuple[str, ...]] = []
        run: list[str] = []
        for word, inside in zip(words, covered, strict=True):
            if inside:
                pieces.append(_strip_stopwords(run))
                run = []
            else:
                run.append(word)
        pieces.append(_strip_stopwords(run))
        action = max(pieces, key=len)
        if not any(word not in STOPWORDS and word not in _NEGATORS for word in action):
            return (), False  # "brigades not battalions": no action, a phrase of its own
        return action, by_head

    def _note_head(self, phrase: str, topic_id: str) -> None:
        """A keyword's head noun lets "the agreement" or "the annexation" refer back: the
        last word of "Minsk agreement", the first of "annexation of Crimea"."""
        words = phrase.split()
        if len(words) < 2:
            return
        heads = [words[-1]]
        if len(words) >= 3 and words[1] == "of":
            heads.append(words[0])
        for word in heads:
            if word[:1].islower() and len(word) >= 5:
                head = phrase_tokens(word)
                if head:
                    self.heads.setdefault(head[0], topic_id)

    def _add_phrase(self, words: Sequence[str], entry: PhraseEntry) -> None:
        if not words:
            return
        self._insert(words, entry, fuzzy=True)
        if len(words) > 1:  # "Minsk II" also as "MinskII" / "minsk2"
            self._insert(("".join(words),), entry, fuzzy=False)
        anchor = _anchor(words)
        for index, word in enumerate(words):  # "ceasefire" also as "cease fire"
            for cut in range(_SPLIT_MIN, len(word) - _SPLIT_MIN + 1):
                left, right = word[:cut], word[cut:]
                if left in STOPWORDS or right in STOPWORDS:
                    continue  # compounds split into words ("cease fire"), not "with out"
                split = (*words[:index], left, right, *words[index + 1 :])
                if anchor == index:  # the anchor was cut: its longer piece stands for it
                    moved = index if cut >= len(word) - cut else index + 1
                else:
                    moved = anchor + (anchor > index)
                self._insert(split, entry, fuzzy=False, anchor=moved)

    def _insert(
        self, words: Sequence[str], entry: PhraseEntry, *, fuzzy: bool, anchor: int | None = None
    ) -> None:
        nodes = self._nodes
        node = nodes[0]
        ids = [self._word_id(word, fuzzy=fuzzy) for word in words]
        for word_id in ids:
            index = node[0].get(word_id)
            if index is None:
                index = node[0][word_id] = len(nodes)
                nodes.append(({}, []))
            node = nodes[index]
        if entry.standalone:
            self._anchors.add(ids[_anchor(words) if anchor is None else anchor])
        if entry not in node[1]:
            node[1].append(entry)

    def _word_id(self, word: str, *, fuzzy: bool) -> int:
        word_id = self._vocab.get(word)
        if word_id is None:
            word_id = len(self._norms)
            self._vocab[word] = word_id
            self._norms.append(word)
            self._fuzzy_ok.append(False)
            self._by_stem.setdefault(stem(word), []).append(word_id)
            self._by_collapsed.setdefault(_collapse(word), []).append(word_id)
        if fuzzy and len(word) >= _FUZZY_MIN and not word.isdigit():
            self._fuzzy_ok[word_id] = True
        return word_id

    # -- matching ------------------------------------------------------------------------

    def may_mention(self, norm: str) -> bool:
        """Can a text word be the anchor of a mention (or a head noun referring back)?"""
        if norm in self.heads:
            return True
        anchors = self._anchors
        return any(word_id in anchors for word_id, _ in self.candidates(norm))

    def candidates(self, norm: str) -> tuple[tuple[int, float], ...]:
        """Pack words a text word stands for, with scores; cached per distinct word."""
        cached = self._cache.get(norm)
        if cached is None:
            if len(self._cache) >= WORD_CACHE:  # a year of news has millions of word forms
                self._cache.clear()
            cached = self._cache[norm] = self._compare(norm)
        return cached

    def _compare(self, norm: str) -> tuple[tuple[int, float], ...]:
        scores: dict[int, float] = {}
        exact = self._vocab.get(norm)
        if exact is not None:
            scores[exact] = 100.0
        if len(norm) > 2 and not norm.isdigit() and self._may_inflect(norm):
            for word_id in self._by_stem.get(stem(norm), ()):
                if _inflected(norm, self._norms[word_id]):
                    scores.setdefault(word_id, 97.0)
        if len(norm) > _EXACT_ONLY_MAX - 1 and not norm.isdigit():
            for word_id in self._by_collapsed.get(_collapse(norm), ()):
                if len(self._norms[word_id]) > _EXACT_ONLY_MAX:
                    scores.setdefault(word_id, 95.0)
        if len(norm) >= _FUZZY_MIN and self._fuzzy_ids:
            for _, score, index in process.extract(
                norm,
                self._fuzzy_norms,
                scorer=fuzz.ratio,
                score_cutoff=self.threshold,
                limit=None,
            ):
                word_id = self._fuzzy_ids[index]
                if word_id not in scores and _plausible_variant(norm, self._norms[word_id]):
                    scores[word_id] = round(float(score), 1)
        return tuple(sorted(scores.items()))

    def _may_inflect(self, norm: str) -> bool:
        """Could `_inflected` hold between norm and any pack word? Stemming costs far more.

        An inflection ending is at most four letters on either side, so both words share
        their first max(len) - 4 letters and differ in length by four at most: one set
        look-up per possible pack-word length rules most text words out unstemmed.
        """
        keys = self._inflect_keys
        if keys is None:
            return True
        size = len(norm)
        get = keys.get
        for other in range(max(1, size - 4), size + 5):
            if get(norm[: max(0, max(size, other) - 4)], 0) >> other & 1:
                return True
        return False

    def find(self, tokens: Sequence[Token]) -> list[Hit]:
        """Every phrase occurrence; overlapping keyword hits of a topic keep the longest."""
        hits: list[Hit] = []
        count = len(tokens)
        nodes = self._nodes
        root = nodes[0][0]
        cache = self._cache  # the per-word lookup inlined: this loop runs once per word
        for i in range(count):
            norm = tokens[i].norm
            found = cache.get(norm)
            if found is None:
                found = self.candidates(norm)
            for word_id, score in found:
                index = root.get(word_id)
                if index is not None:
                    self._walk(tokens, i + 1, nodes[index], i, score, hits)
        return _longest(hits)

    def _walk(
        self,
        tokens: Sequence[Token],
        j: int,
        node: _Node,
        first: int,
        score: float,
        hits: list[Hit],
    ) -> None:
        children, ends = node
        for entry in ends:
            hits.append(Hit(first, j - 1, entry, score))
        if not children:
            return
        skipped = 0
        cache = self._cache
        while j < len(tokens):
            advanced = False
            norm = tokens[j].norm
            found = cache.get(norm)
            if found is None:
                found = self.candidates(norm)
            for word_id, word_score in found:
                child = children.get(word_id)
                if child is not None:
                    advanced = True
                    self._walk(
                        tokens, j + 1, self._nodes[child], first, min(score, word_score), hits
                    )
            if advanced or tokens[j].norm not in _SKIPPABLE or skipped:
                return
            skipped, j = 1, j + 1  # "lifting (the) sanctions": one article may intervene

    def mentions(self, text: str, tokens: Sequence[Token], hits: Sequence[Hit]) -> list[Mention]:
        """The hits that mention a topic by themselves, as Mentions with character offsets."""
        found: list[Mention] = []
        for hit in hits:
            if not hit.entry.standalone:
                continue
            start, end = tokens[hit.first].start, tokens[hit.last].end
            kind = (
                "keyword"
                if hit.entry.kind == "keyword"
                else ("pro" if hit.entry.pole > 0 else "con")
            )
            found.append(
                Mention(
                    hit.entry.topic, start, end, text[start:end], hit.entry.phrase, hit.score, kind
                )
            )
        return found


def _anchor(words: Sequence[str]) -> int:
    """The index of a phrase's most telling word: its longest non-stopword, the last of
    equals ("into NATO" -> nato, "deal with Russia" -> russia)."""
    best = 0
    for index, word in enumerate(words):
        rank = (word not in STOPWORDS, len(word))
        if rank >= (words[best] not in STOPWORDS, len(words[best])):
            best = index
    return best


def _strip_stopwords(words: Sequence[str]) -> tuple[str, ...]:
    start, end = 0, len(words)
    while start < end and words[start] in STOPWORDS:
        start += 1
    while end > start and words[end - 1] in STOPWORDS:
        end -= 1
    return tuple(words[start:end])


_REPEATS = re.compile(r"(.)\1+", re.DOTALL)


def _collapse(word: str) -> str:
    """Doubled letters made single: the commonest transliteration variant (Donbass, Assad)."""
    return _REPEATS.sub(r"\1", word)


def _inflection_keys(norms: Sequence[str]) -> dict[str, int]:
    """Every prefix `_may_inflect` may look up of every pack word, with a bit set for the
    length of each word it is a prefix of (bit n: a word of n letters). A set of
    (length, prefix) pairs said the same in 8k tuples the run cache had to rebuild."""
    keys: dict[str, int] = {}
    for word in norms:
        for cut in range(max(0, len(word) - 4), len(word) + 1):
            prefix = word[:cut]
            keys[prefix] = keys.get(prefix, 0) | 1 << len(word)
    return keys


def _inflected(word: str, target: str) -> bool:
    """Same word inflected (sanction/sanctioned, remove/removing), not merely the same stem:
    Snowball also gives detention and détente one stem."""
    common = len(commonprefix((word, target)))
    return _inflection(word[common:], word[:common]) and _inflection(target[common:], word[:common])


def _inflection(ending: str, base: str) -> bool:
    if ending in _INFLECTIONAL:
        return True
    # stopped/stop, planning/plan: the consonant doubles before -ed/-ing
    return bool(base) and ending[:1] == base[-1] and ending[1:] in ("ed", "ing")


def _plausible_variant(word: str, target: str) -> bool:
    """Refuse look-alikes an edit ratio lets through: Minsky for Minsk, crime for Crimea,
    sanctimonious for sanctions (a misspelling rarely changes a word's length by three),
    and any real English word ("confession" is not a misspelt "concession")."""
    if word[0] != target[0] or abs(len(word) - len(target)) > 2:
        return False
    if is_english_word(word):
        return False
    if word.startswith(target):
        return word[len(target) :] in _INFLECTION_ENDINGS
    return not target.startswith(word)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop a keyword hit inside a longer keyword hit of the same topic ("Minsk" in "Minsk II").

    One sweep per topic in (first, longest-first) order, so a sentence that is one keyword
    over and over costs time linear in its hits, not quadratic.
    """
    best: dict[tuple[int, int, PhraseEntry], Hit] = {}
    for hit in hits:  # the same phrase found twice over one span: keep the better score
        key = (hit.first, hit.last, hit.entry)
        if key not in best or hit.score > best[key].score:
            best[key] = hit
    hits = list(best.values())
    spans: dict[str, set[tuple[int, int]]] = {}
    for hit in hits:
        if hit.entry.kind == "keyword":
            spans.setdefault(hit.entry.topic, set()).add((hit.first, hit.last))
    inside: set[tuple[str, int, int]] = set()
    for topic, found in spans.items():
        reach = -1  # the furthest last token of a span seen before, all of them longer
        for first, last in sorted(found, key=lambda span: (span[0], -span[1])):
            if reach >= last:
                inside.add((topic, first, last))
            reach = max(reach, last)
    kept = [
        hit
        for hit in hits
        if hit.entry.kind != "keyword" or (hit.entry.topic, hit.first, hit.last) not in inside
    ]
    kept.sort(key=lambda h: (h.first, h.last, h.entry.topic, h.entry.kind))
    return kept


# What a compiled pack is, as plain data for the run cache: the pack words (by id), which
# may match fuzzily, the stem and collapsed-letter indexes, the trie (each node's children
# by word id and entries by index), the entries, the anchor words, the head nouns and the
# inflection keys.
_State = tuple[
    list[str],
    list[bool],
    dict[str, list[int]],
    dict[str, list[int]],
    list[tuple[dict[int, int], list[int]]],
    list[tuple[str, str, int, str, bool]],
    set[int],
    dict[str, str],
    dict[str, int],
]


def _is_state(value: object) -> bool:
    """Shaped like `_compiled_state`'s answer, every child a node? (A bad entry index
    fails at restore; a bad child index would only fail while matching.)"""
    if not (isinstance(value, tuple) and len(value) == 9):
        return False
    norms, fuzzy_ok, by_stem, by_collapsed, nodes, entries, anchors, heads, keys = value
    return (
        isinstance(norms, list)
        and isinstance(fuzzy_ok, list)
        and len(fuzzy_ok) == len(norms)
        and isinstance(by_stem, dict)
        and isinstance(by_collapsed, dict)
        and isinstance(nodes, list)
        and bool(nodes)
        and all(isinstance(n, tuple) and len(n) == 2 and isinstance(n[0], dict) for n in nodes)
        and max((max(children.values()) for children, _ in nodes if children), default=0)
        < len(nodes)
        and isinstance(entries, list)
        and all(isinstance(e, tuple) and len(e) == 5 for e in entries)
        and isinstance(anchors, set)
        and isinstance(heads, dict)
        and type(keys) is dict
        and set(map(type, keys.values())) <= {int}
    )


def _is_kept(value: object, vocabulary: int) -> bool:
    """Shaped like `keep_words`' entry, every word id one of the pack's? Checked in C, a
    pass over all the words (or all their candidates) per property."""
    if not (isinstance(value, tuple) and len(value) == 2):
        return False
    plain, matched = value
    if not (type(plain) is list and type(matched) is dict):
        return False
    found = list(matched.values())
    if not (set(map(type, plain)) <= {str} and set(map(type, matched)) <= {str}):
        return False
    if not set(map(type, found)) <= {tuple}:
        return False
    pairs = list(chain.from_iterable(found))
    if not (set(map(type, pairs)) <= {tuple} and set(map(len, pairs)) <= {2}):
        return False
    ids, scores = list(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs))
    return (
        set(map(type, ids)) <= {int}
        and set(map(type, scores)) <= {float}
        and 0 <= min(ids, default=0)
        and max(ids, default=0) < vocabulary
    )


def pack_key(pack: TopicPack, threshold: float) -> bytes | None:
    """Everything a compiled pack depends on: its phrases, the threshold (cues are matched
    against keywords while compiling), the code that folds, stems and compiles, and the
    word list and stemmer it consults. None when the code cannot be read: no cache then."""
    code = _code_identity()
    if code is None:
        return None
    phrases = [(t.id, t.keywords, t.pro_cues, t.con_cues) for t in pack.topics]
    return repr((threshold, phrases)).encode() + b"\0" + code


@lru_cache(maxsize=1)
def _code_identity() -> bytes | None:
    import rapidfuzz
    import snowballstemmer

    import stancecli.text.tokens
    import stancecli.wordlist

    modules = (sys.modules[__name__], stancecli.text.tokens, stancecli.wordlist)
    code = source_key(modules, f"rapidfuzz {rapidfuzz.__version__};".encode())
    if code is None:
        return None
    digest = new_digest(code)
    try:
        stemmer = sys.modules.get(type(_STEMMER).__module__)
        words = stancecli.wordlist.words_file()
        if words is None:
            return None
        for used in (snowballstemmer.__file__, getattr(stemmer, "__file__", None), words):
            if used is not None:
                info = os.stat(used)
                digest.update(f"{used}:{info.st_size}:{info.st_mtime_ns};".encode())
    except (OSError, TypeError, ModuleNotFoundError):
        return None
    return digest.digest()
