"""The terminal view of `stance lookup`: one row a hit, the match highlighted in its sentence.

Rows are grouped by article (the id is printed on an article's first row only) so the
eye can run down the sentences. The stance column leads with the pole's own word, and
the holder is named when it is not the author, so a reported view is never read as
the article's. Returns a renderable; the CLI owns the console.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.lookup import LookupHit, LookupResult, describe_resolution
from stancecli.render.escape import terminal_safe
from stancecli.render.formats import STANCE_GLYPH, one_line
from stancecli.render.table import STANCE_STYLE

#: How a match stands out: reverse video reads on monochrome terminals and under NO_COLOR.
MATCH_STYLE = "bold reverse"
_SPACE = re.compile(r"\s+")


def highlighted_sentence(hit: LookupHit) -> Text:
    """The hit's sentence on one line with every match styled, context sentences dimmed."""
    sentence = hit.sentence
    pieces: list[tuple[str, str]] = []
    pos = sentence.start
    for match in hit.matches:
        pieces.append((sentence.text[pos - sentence.start : match.start - sentence.start], ""))
        pieces.append((match.text, MATCH_STYLE))
        pos = match.end
    pieces.append((sentence.text[pos - sentence.start :], ""))
    text = Text()
    for before in hit.before:
        text.append(one_line(before.text) + " ", style="dim")
    # Matches begin and end with a word, so collapsing whitespace piece by piece is exact.
    for index, (piece, style) in enumerate(pieces):
        piece = _SPACE.sub(" ", terminal_safe(piece))
        if index == 0:
            piece = piece.lstrip()
        if index == len(pieces) - 1:
            piece = piece.rstrip()
        text.append(piece, style=style)
    for after in hit.after:
        text.append(" " + one_line(after.text), style="dim")
    return text


def _stance_text(hit: LookupHit) -> Text:
    text = Text()
    if hit.topic is None:
        text.append("—", style="dim")
        return text
    text.append(hit.topic.label, style="bold")
    stance = hit.stance
    if stance is None:
        return text
    text.append("\n")
    text.append(f"{STANCE_GLYPH[stance.stance]} {stance.pole}", style=STANCE_STYLE[stance.stance])
    if stance.conditional:
        text.append(" · conditional")
    if stance.holder != "author":
        text.append("\n")
        text.append(f"held by {stance.holder}", style="italic")
    return text


def _caption(result: LookupResult) -> str:
    noun = "hit" if result.total == 1 else "hits"
    shown = (
        f"showing {len(result.hits)} of {result.total} {noun}"
        if len(result.hits) < result.total
        else f"{result.total} {noun}"
    )
    searched = len(result.articles)
    caption = (
        f"{shown} in {len(result.matched_articles)} of {searched} article{'s' * (searched != 1)}; "
        f"query read as {describe_resolution(result.resolution)}"
    )
    if result.skipped:
        caption += f"; {len(result.skipped)} input{'s' * (len(result.skipped) != 1)} skipped"
    return caption


def _article_heading(hit: LookupHit) -> Text:
    text = Text(one_line(hit.article.id), style="bold cyan")
    if hit.article.title and hit.article.title != hit.article.id:
        text.append(f"  {one_line(hit.article.title)}", style="dim")
    return text


def _hits_table(hits: list[LookupHit], width: int) -> Table:
    table = Table(box=None, expand=True, show_header=False, padding=(0, 1, 1, 1))
    table.add_column("Topic · stance", width=max(14, min(26, width // 5)), overflow="fold")
    table.add_column("Sentence", ratio=1, overflow="fold")
    for hit in hits:
        table.add_row(_stance_text(hit), highlighted_sentence(hit))
    return table


def lookup_table(result: LookupResult, *, width: int = 80) -> RenderableType:
    """The hits under a heading per article, sized for a console `width` wide.

    A heading per article, not an article column: ids are long, and folding one mid-word
    in a narrow column makes it hard to copy into `stance show`.
    """
    parts: list[RenderableType] = [Text(f"lookup “{result.query}”", style="bold")]
    group: list[LookupHit] = []
    for hit in result.hits:
        if group and hit.article.id != group[0].article.id:
            parts += [_article_heading(group[0]), _hits_table(group, width)]
            group = []
        group.append(hit)
    if group:
        parts += [_article_heading(group[0]), _hits_table(group, width)]
    parts.append(Text(_caption(result), style="dim"))
    return Group(*parts)
