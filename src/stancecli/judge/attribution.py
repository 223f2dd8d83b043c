"""Whose stance is a sentence? The author's, or an actor the author reports.

Op-eds spend many sentences on what others think ("Le Pen described the sanctions as
senseless"). Those views must not be counted as the author's. A sentence is reported when
a verb of saying or thinking has a named subject (a person, party, government, country or a
group noun like "officials"), or when it opens with "according to". Pronouns ("he", "they")
point back to the last named holder. Sentences where a name appears without such a verb
("should Le Pen join Trump in rolling back sanctions, it would ...") stay the author's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from stancecli.judge import lexicon as lx
from stancecli.judge.lexicon import Lexicon, LexiconHit, default_lexicon_entries
from stancecli.text.tokens import Token, phrase_tokens

AUTHOR = "author"
OTHERS = "others"

# Capitalized words that open sentences without naming anyone.
_OPENERS = frozenset(
    "sir madam dear the a an but and or in on for of at by to from with without perhaps yet "
    "despite should "
    "even first second third finally however it its this that these those there they he she "
    "we i you as if what why how when where while although though since certainly therefore "
    "rather more most many some such surely so still also then thus instead indeed meanwhile "
    "after before during until unless no not never all any each every both either neither "
    "better worse yes only just much few one two three let our their his her my your".split()
)
_RELATIVE = frozenset({"who", "which", "that"})
_GAP_WORDS = frozenset(
    "has have had is are was were will would can could may might should must ought need needs "
    "also long "
    "consistently ardently recently repeatedly once again already never not often always "
    "publicly openly reportedly even still now then just firmly strongly".split()
)


def is_capitalized(text: str, token: Token) -> bool:
    return text[token.start : token.start + 1].isupper()


@dataclass(frozen=True)
class Holder:
    """Who holds the views of tokens [first, last] of a sentence; the author holds the rest."""

    name: str
    first: int = 0
    last: int = -1
    author_sign: int = 0  # +1 "as X rightly said", -1 "X wrongly claimed": the author's verdict

    def of(self, index: int) -> str:
        return self.name if self.first <= index <= self.last else AUTHOR


def find_holder(
    text: str, tokens: Sequence[Token], hits: Sequence[LexiconHit], previous: str | None
) -> Holder:
    """Whose views a sentence reports, and over which tokens.

    A report runs from its subject (or from the start, when a quotation opens the
    sentence) to the end of the sentence, or to a contrast ("X complain, but Y"), after
    which the author speaks again.
    """
    norms = [t.norm for t in tokens]
    end = len(tokens) - 1
    for hit in hits:
        if hit.category == lx.REPORTED_OTHERS and hit.first <= 2:
            return Holder(OTHERS, 0, _scope_end(text, tokens, hits, hit.last, end))
        if hit.category == lx.ATTRIBUTION_MARKER:
            name = _name_after(text, tokens, hit.last + 1)
            if name:
                return Holder(name, 0, _scope_end(text, tokens, hits, hit.last, end))
    for hit in sorted((h for h in hits if h.category == lx.SPEECH), key=lambda h: h.first):
        found = _subject(text, tokens, norms, hits, hit.first, previous)
        if found is None:
            continue
        subject, first = found
        if subject == AUTHOR:
            return Holder(AUTHOR)
        if _opens_with_quote(text, tokens):
            first = 0  # "“Sanctions are senseless,” Le Pen said."
        return Holder(
            subject,
            first,
            _scope_end(text, tokens, hits, hit.last, end),
            _verdict(hits, hit.first),
        )
    if len(norms) > 2 and norms[0] in _POSSESSIVES and norms[1] in _REFERRING_NOUNS:
        return Holder(previous or OTHERS, 0, end)  # "His position is that ..."
    return Holder(AUTHOR)


def _opens_with_quote(text: str, tokens: Sequence[Token]) -> bool:
    head = text[max(0, tokens[0].start - 2) : tokens[0].start]
    return any(mark in head for mark in "\"“‘'«")


def _verdict(hits: Sequence[LexiconHit], verb: int) -> int:
    """'As the minister rightly said' shares the view; 'wrongly claimed' rejects it;
    '..., and he is simply right' shares it after the fact."""
    if any(h.category == lx.AGREE_AFTER and h.first > verb for h in hits):
        return 1
    for hit in hits:
        if 0 <= verb - hit.last <= 3:
            if hit.category == lx.AGREE:
                return 1
            if hit.category == lx.DISAGREE:
                return -1
    return 0


def rebuts(text: str, hits: Sequence[LexiconHit], tokens: Sequence[Token]) -> bool:
    """A short sentence that only denies what came before: "They have not." """
    return len(tokens) <= 8 and any(h.category == lx.REBUTTAL and h.first == 0 for h in hits)


def agrees(text: str, hits: Sequence[LexiconHit], tokens: Sequence[Token]) -> bool:
    """A short sentence that sides with what came before: "She is right." """
    return len(tokens) <= 8 and any(h.category == lx.AGREE_AFTER and h.first <= 1 for h in hits)


def _scope_end(
    text: str, tokens: Sequence[Token], hits: Sequence[LexiconHit], verb: int, end: int
) -> int:
    for hit in sorted(hits, key=lambda h: h.first):
        if hit.category == lx.CONTRAST and hit.first > verb:
            gap = text[tokens[hit.first - 1].end : tokens[hit.first].start]
            if "," in gap or ";" in gap:
                return hit.first - 1
    return end


def _subject(
    text: str,
    tokens: Sequence[Token],
    norms: Sequence[str],
    hits: Sequence[LexiconHit],
    verb: int,
    previous: str | None,
) -> tuple[str, int] | None:
    """The subject of the verb at `verb` and its first token, or None when it has none."""
    i = verb - 1
    if i > 1 and norms[i] == "to":
        i -= 2  # "have chosen to call for", "want to argue": the subject is further back
    while i >= 0 and (norms[i] in _GAP_WORDS or (norms[i].endswith("ly") and len(norms[i]) > 4)):
        if norms[i] in _MODALS:
            return None  # "Trump should consider ...": the author recommends, no one reports
        i -= 1
    if i < 0:
        return None
    if norms[i] in _SELF:
        return AUTHOR, i
    if norms[i] in ("he", "she", "they"):
        return previous or OTHERS, i
    if norms[i] in _REFERRING_NOUNS and i > 0 and norms[i - 1] in _POSSESSIVES:
        return previous or OTHERS, i - 1  # "his position": the last named holder's
    if norms[i] in _RELATIVE and i > 0:
        found = _name_ending_at(text, tokens, i - 1)
        if found:
            return found
    if any(mark in text[tokens[i].end : tokens[verb].start] for mark in '”"’»'):
        after = _name_after(text, tokens, verb + 1, reach=1)  # "…,” said Le Pen.
        if after:
            return after, i
    # "Rex Tillerson, former ExxonMobil CEO, has said": the apposition is not the subject.
    apposition = "," in text[tokens[i].end : tokens[verb].start]
    if not apposition:
        found = _name_ending_at(text, tokens, i) or _group_ending_at(text, tokens, norms, hits, i)
        if found:
            return found
    # A leading name with an apposition: "Marine Le Pen, the leader of ..., has long defended".
    for j in range(0, i):
        if _is_name_token(text, tokens, j):
            end = _name_end(text, tokens, j)
            if text[tokens[end].end : tokens[end].end + 1] == ",":
                return _clean(text[tokens[j].start : tokens[end].end]), j
            break
    for j in range(0, i):
        found = _group_ending_at(text, tokens, norms, hits, j)
        if found:
            return found
    return None


_REFERRING_NOUNS = frozenset({"position", "view", "views", "stance", "government", "party"})
_POSSESSIVES = frozenset({"his", "her", "their"})
_SELF = frozenset({"i", "we"})
_MODALS = frozenset({"should", "must", "ought", "could", "would", "might", "need", "needs"})


def _is_name_token(text: str, tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    if not is_capitalized(text, token):
        return False
    if token.norm in _OPENERS:
        return False
    return True


def _name_from(text: str, tokens: Sequence[Token], start: int) -> str:
    return _clean(text[tokens[start].start : tokens[_name_end(text, tokens, start)].end])


def _name_end(text: str, tokens: Sequence[Token], start: int) -> int:
    """The last token of the name starting at `start`."""
    end = start
    while end + 1 < len(tokens):
        if _is_name_token(text, tokens, end + 1) and _adjacent(text, tokens[end], tokens[end + 1]):
            end += 1
            continue
        # "Leader of the Opposition", "Secretary of State": a name may hold "of (the)"
        link = (
            2
            if tokens[end + 1].norm == "of"
            and end + 2 < len(tokens)
            and (tokens[end + 2].norm == "the")
            else 1
        )
        if (
            tokens[end + 1].norm == "of"
            and end + link + 1 < len(tokens)
            and _is_name_token(text, tokens, end + link + 1)
        ):
            end += link + 1
            continue
        break
    return end


def _name_ending_at(text: str, tokens: Sequence[Token], end: int) -> tuple[str, int] | None:
    if end < 0 or not _is_name_token(text, tokens, end):
        return None
    start = end
    while (
        start > 0
        and _is_name_token(text, tokens, start - 1)
        and _adjacent(text, tokens[start - 1], tokens[start])
    ):
        start -= 1
    return _clean(text[tokens[start].start : tokens[end].end]), start


def _group_ending_at(
    text: str, tokens: Sequence[Token], norms: Sequence[str], hits: Sequence[LexiconHit], end: int
) -> tuple[str, int] | None:
    """A group noun with the capitalized words before it: "American and European officials"."""
    for hit in hits:
        if hit.category == lx.GROUP and hit.last == end:
            start = hit.first
            while start > 0 and (
                _is_name_token(text, tokens, start - 1)
                or (
                    norms[start - 1] == "and"
                    and start > 1
                    and _is_name_token(text, tokens, start - 2)
                )
            ):
                start -= 1
            return text[tokens[start].start : tokens[hit.last].end], start
    return None


def _name_after(text: str, tokens: Sequence[Token], start: int, reach: int = 4) -> str | None:
    for j in range(start, min(start + reach, len(tokens))):
        if _is_name_token(text, tokens, j):
            return _name_from(text, tokens, j)
    return None


def _adjacent(text: str, left: Token, right: Token) -> bool:
    """Two capitalized words belong to one name when only a space or hyphen separates them."""
    return text[left.end : right.start] in (" ", "-", " al-", "-al-")


def _clean(name: str) -> str:
    """The name without possessive and leading titles: "Chancellor Anna Weiss's" is Anna Weiss."""
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    words = name.split()
    while len(words) > 1 and _is_title(words[0]):
        words.pop(0)
    if len(words) > 2 and _is_title(" ".join(words[:2])):
        words = words[2:]
    return " ".join(words)


def _is_title(word: str) -> bool:
    return bool(_titles().find(list(phrase_tokens(word))))


@lru_cache(maxsize=1)
def _titles() -> Lexicon:
    """Titles as a lexicon of their own, so 'Defence Secretary' folds like any other phrase."""
    return Lexicon({lx.TITLE: default_lexicon_entries(lx.TITLE)})
