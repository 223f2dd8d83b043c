"""Sentence splitting with exact character offsets into the article text.

Evidence quoted back to the user is sliced from the article by these offsets, so every
sentence must be a verbatim span: `text[s.start:s.end] == s.text`. Corpora can be tens of
megabytes, so the splitter is one regex pass over candidate boundaries (blank lines, line
breaks, terminal punctuation) with constant-time checks at each, never a Python loop over
characters.

No sentence is longer than `MAX_SENTENCE_WORDS` words (tokens, as `text.tokens` counts
them) or `MAX_SENTENCE_CHARS` characters. Every later stage reads a sentence at a time and
some of its rules compare each word of a sentence with the others, so a transcript or OCR
dump with no full stop would otherwise be one sentence of a million words. A span over the
bound is cut at its best soft break (see `_SOFT_BREAKS`), else at the bound itself. The
bound is above nearly every sentence of real prose: the longest in the bundled op-eds has
51 words, in the test corpora 61, in the synthetic training texts 102; of 6,247 sentences
of UN General Debate speeches (training/ungdc) 8 are longer, and those are cut at a soft
break, where a reader would pause.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from stancecli.models import Sentence
from stancecli.text.tokens import TOKEN_RE

__all__ = ["MAX_SENTENCE_CHARS", "MAX_SENTENCE_WORDS", "sentence_at", "split_sentences"]

MAX_SENTENCE_WORDS = 120
MAX_SENTENCE_CHARS = 2_000
# Where an over-long span is cut, best first: the last of the best kind found in the back
# half of the window wins, then the same search over the whole window.
_SOFT_BREAKS = (";", ":", " - ", "—", "–", ",", "\n")

_OPENERS = "“‘\"'([«"
# After a line's closing quotes/brackets are stripped, ending in one of these marks it as
# prose rather than a heading, label or caption.
_PROSE_END = ".!?…:;,"
_CLOSERS = "’”\"')]»"

_BOUNDARY = re.compile(
    r"(?P<para>\n[^\S\n]*\n\s*)"  # a blank line: always ends a sentence
    r"|(?P<nl>\n)"  # a line break: whitespace, unless the line was a heading
    r"|(?P<term>[.!?…]+)[’”\"')\]»]*(?=\s|\Z)"  # terminal punctuation, closers, then space
)
_SPACE = re.compile(r"\s*")
_INDENT = re.compile(r"[^\S\n]*")
_WORD = re.compile(r"[^\W\d_]+")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")

# Abbreviations whose period never ends a sentence (compared lower-case, final dot removed).
_NEVER_END = frozenset(
    """
    mr mrs ms dr prof gen sen rep gov st jr sr inc ltd co vs e.g i.e cf al approx
    jan feb mar apr jun jul aug sep sept oct nov dec
    lt col capt adm maj sgt rev hon amb pp fig vol
    """.split()
)
# Country and organisation abbreviations end a sentence when a common sentence opener
# follows ("... in the U.S. The next ..."), but not before a name ("U.S. Secretary").
_PLACE_ABBREVIATIONS = frozenset({"u.s", "u.k", "e.u", "u.n"})
_SENTENCE_STARTERS = frozenset(
    """
    The This That These Those It Its But And In A An He She They We I There Their Our
    However If When Yet Meanwhile Moreover Nevertheless
    """.split()
)
# A short line ending in one of these words is a hard-wrapped sentence, not a heading.
_CONTINUATION_WORDS = frozenset(
    """
    a an the and or but nor of to in on at for with by from as that which who whom whose
    is are was were be been has have had its their his her our your not than into about
    over under between against
    """.split()
)

_HEADING_MAX_CHARS = 70  # a line followed by a break is a heading only if shorter than this
_CAPTION_MAX_WORDS = 20  # an unpunctuated last line counts as a heading/caption up to this


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences and heading lines, in order, with exact offsets.

    Paragraphs are blank-line separated; single line breaks inside one are treated as
    wrapping, except after a short unpunctuated line, which is kept as a heading so a
    section title is not glued onto the sentence below it.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    paragraph_used = False  # a sentence of the current paragraph has been emitted
    only_headings = True  # ...and all of them were headings
    seg_start = 0  # where the pending sentence's text may begin
    seg_has_content = False  # the pending sentence has text on lines before `line_start`
    line_start = 0

    def emit(start: int, end: int, heading: bool) -> bool:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            return False
        begin = start + len(chunk) - len(chunk.lstrip())
        finish = begin + len(stripped)
        if _within_bound(text, begin, finish):
            pieces = [(begin, finish)]
        else:
            pieces, heading = _capped(text, begin, finish), False
        for number, (lo, hi) in enumerate(pieces):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=lo,
                    end=hi,
                    text=text[lo:hi],
                    paragraph=paragraph,
                    heading=heading,
                    continued=number > 0,
                )
            )
        return True

    def finish_paragraph(end: int) -> None:
        nonlocal paragraph, paragraph_used, only_headings
        # Only a one-line remainder can be a caption: it began at a line start and no
        # earlier line of the paragraph held prose.
        caption = (
            only_headings
            and not seg_has_content
            and seg_start <= line_start
            and _looks_like_caption(text[seg_start:end].strip())
        )
        if emit(seg_start, end, caption):
            paragraph_used = True
        if paragraph_used:
            paragraph += 1
        paragraph_used = False
        only_headings = True

    for match in _BOUNDARY.finditer(text):
        kind = match.lastgroup
        if kind == "term":
            after = match.end()
            nxt = _skip(_SPACE, text, after)
            if nxt < len(text) and _ends_sentence(
                text, match.start(), match.end("term"), after, nxt
            ):
                if emit(seg_start, after, False):
                    paragraph_used = True
                    only_headings = False
                seg_start = after
                seg_has_content = False
        elif kind == "nl":
            newline = match.start()
            lo = seg_start if seg_start > line_start else line_start
            line = text[lo:newline].strip()
            if line:
                if not seg_has_content and seg_start <= line_start:
                    follow = _skip(_INDENT, text, newline + 1)
                    if (
                        follow < len(text)
                        and text[follow].isupper()
                        and _looks_like_heading(line)
                        and emit(lo, newline, True)
                    ):
                        paragraph_used = True
                        seg_start = newline + 1
                        line_start = newline + 1
                        continue
                seg_has_content = True
            line_start = newline + 1
        else:  # paragraph break
            lo = max(seg_start, line_start)
            if _broken_off(text[lo : match.start()].strip(), text, match.end()):
                seg_has_content = True  # a page break inside a sentence: wrapping
                line_start = match.end()
                continue
            finish_paragraph(match.start())
            seg_start = line_start = match.end()
            seg_has_content = False
    finish_paragraph(len(text))
    return sentences


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """The sentence covering `offset`, so a match found in the text can be quoted whole."""
    pos = bisect_right(sentences, offset, key=lambda s: s.start) - 1
    if pos >= 0 and sentences[pos].start <= offset < sentences[pos].end:
        return sentences[pos]
    return None


def _within_bound(text: str, start: int, end: int) -> bool:
    """Is text[start:end] within the sentence bound? Words are only counted in a span long
    enough to hold too many: each word but the last needs a separator after it."""
    if end - start > MAX_SENTENCE_CHARS:
        return False
    if end - start < 2 * MAX_SENTENCE_WORDS + 1:
        return True
    return len(TOKEN_RE.findall(text, start, end)) <= MAX_SENTENCE_WORDS


def _capped(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] (stripped, over the bound) cut into stripped pieces within it.

    Each cut looks at a window of at most the bound from the piece's start and costs that
    window's length, so the whole span costs time linear in its length.
    """
    pieces: list[tuple[int, int]] = []
    words = TOKEN_RE.finditer(text, start, end)
    ends = [m.end() for m in words]  # ends[i]: where word i of the span ends
    first = 0  # the first word of the current piece
    lo = start
    while lo < end:
        while first < len(ends) and ends[first] <= lo:
            first += 1
        last = first + MAX_SENTENCE_WORDS - 1
        hi = min(end, lo + MAX_SENTENCE_CHARS)
        if last < len(ends):
            hi = min(hi, ends[last])
        if hi < end:
            middle = ends[first + MAX_SENTENCE_WORDS // 2] if last < len(ends) else 0
            word_end = last < len(ends) and hi == ends[last]
            hi = _soft_cut(text, lo, max(lo, min(middle, hi)), hi, word_end)
        piece = text[lo:hi]
        stripped = piece.strip()
        if stripped:
            begin = lo + len(piece) - len(piece.lstrip())
            pieces.append((begin, begin + len(stripped)))
        lo = hi
    return pieces


def _soft_cut(text: str, lo: int, middle: int, hi: int, word_end: bool) -> int:
    """Where to end a piece that starts at lo and may run to hi: just after the best soft
    break, preferring one past `middle` so pieces stay long; else at hi when a word ends
    there, else at the last space, else at hi itself (a run of letters with no space)."""
    if middle <= lo:
        middle = lo + (hi - lo) // 2
    for begin in (middle, lo):
        for mark in _SOFT_BREAKS:
            found = text.rfind(mark, begin, hi)
            if found >= 0 and found + len(mark) > lo:
                return found + len(mark)
    if word_end:
        return hi
    space = _last_space(text, lo, hi)
    return space if space > lo else hi


def _last_space(text: str, lo: int, hi: int) -> int:
    for mark in (" ", "\t"):
        found = text.rfind(mark, lo, hi)
        if found > lo:
            return found
    return -1


def _ends_sentence(text: str, punct_start: int, punct_end: int, close_end: int, nxt: int) -> bool:
    """Whether the punctuation run text[punct_start:punct_end], its closing quotes up to
    close_end, and the whitespace before text[nxt] close a sentence."""
    first = text[nxt]
    if not (first.isupper() or first.isdigit() or first in _OPENERS):
        return False
    if punct_end - punct_start > 1 or text[punct_start] != "." or close_end > punct_end:
        return True  # `?`, `!`, `...`, or a period inside closing quotes/brackets
    word = _word_before(text, punct_start)
    if not word:
        return True
    lower = word.lower()
    if lower in _NEVER_END:
        return False
    if lower == "no":  # "No. 5" is a number; "said no. Then" ends
        return not first.isdigit()
    if lower in _PLACE_ABBREVIATIONS or _DOTTED_ACRONYM.fullmatch(word) or _is_initial(word):
        following = _WORD.match(text, nxt)
        return following is not None and following.group() in _SENTENCE_STARTERS
    return True


def _skip(spaces: re.Pattern[str], text: str, pos: int) -> int:
    match = spaces.match(text, pos)
    return pos if match is None else match.end()


def _is_initial(word: str) -> bool:
    return len(word) == 1 and word.isupper()


def _word_before(text: str, end: int) -> str:
    """The letters-and-dots token just before a period ("U.S", "Mr", "e.g"), bounded so a
    long word costs no more than a short one."""
    limit = max(0, end - 12)
    start = end
    while start > limit and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    if start == limit and limit > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        return ""  # longer than any abbreviation
    return text[start:end].lstrip(".")


def _ends_like_prose(line: str) -> bool:
    core = line.rstrip(_CLOSERS)
    return not core or core[-1] in _PROSE_END


def _looks_like_heading(line: str) -> bool:
    """A short line without terminal punctuation that does not break off mid-phrase."""
    if len(line) >= _HEADING_MAX_CHARS or _ends_like_prose(line):
        return False
    last = line.rsplit(None, 1)[-1]
    return last not in _CONTINUATION_WORDS


def _broken_off(line: str, text: str, follow: int) -> bool:
    """Does a blank line cut this sentence in two, not end it?

    Text taken from PDFs (speeches, reports) carries page breaks as blank lines in the
    middle of a sentence ("... caused by instability\n\n\nin the region and ..."). A
    line with no closing mark that breaks off on a word like "the", or is followed by a
    lower-case word, is a sentence going on: cut there, neither half would carry the
    sentence's stance.
    """
    if not line or follow >= len(text) or _ends_like_prose(line):
        return False
    return text[follow].islower() or line.rsplit(None, 1)[-1] in _CONTINUATION_WORDS


def _looks_like_caption(chunk: str) -> bool:
    if not chunk or _ends_like_prose(chunk) or len(chunk) > 40 * _CAPTION_MAX_WORDS:
        return False
    return len(chunk.split()) <= _CAPTION_MAX_WORDS
