"""The grid view of a comparison: articles down, topics across, one short cell each.

Past a handful of articles the side-by-side table has no room for a column per article,
and Rich would squeeze each to a letter, spelling titles downward. Here every article is
one line instead: its id (always whole, since users type it back into `stance show`),
its title when there is room, and per topic the stance glyph and score (`▲ +0.8`).
Columns get fixed widths computed beforehand, never narrower than the longest word of
their header, so Rich never has to fold a word; topics that do not fit across the
console go to a second table below, which repeats the article column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.console import Group, OverflowMethod, RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.models import Comparison, Stance, Topic, TopicStance
from stancecli.render.formats import STANCE_GLYPH, one_line, shorten
from stancecli.render.table import STANCE_STYLE, legend, skipped_caption
from stancecli.serialize import clamp_score, grid_lookup

#: Widest cell text: glyph, space, sign and one decimal ("▼ −0.6").
CELL_WIDTH = 6
#: Rounded box: one border per column plus the closing one, one space of padding each side.
COLUMN_OVERHEAD = 3
#: A title column narrower than this says too little to be worth the room.
MIN_TITLE_WIDTH = 16
MAX_TITLE_WIDTH = 48
ARTICLE_HEADER = "Article"
MINUS = "\u2212"  # a real minus sign: as wide as the plus, and reads as one


def grid_cell(cell: TopicStance) -> Text:
    """`▲ +0.8` / `▼ −0.6` for a side taken; the glyph alone for mixed, neutral, absent."""
    glyph = STANCE_GLYPH[cell.stance]
    style = STANCE_STYLE[cell.stance]
    if cell.stance not in (Stance.PRO, Stance.CON):
        return Text(glyph, style=style)
    score = clamp_score(cell.score)
    sign = "+" if score >= 0 else MINUS
    return Text(f"{glyph} {sign}{abs(score):.1f}", style=style)


def topic_column_width(topic: Topic) -> int:
    """Room for a cell and the longest word of the label, so no word is broken, and for
    the label in two lines where a word that short would leave a lone "/" on a third."""
    words = topic.label.split() or [""]
    width = max(CELL_WIDTH, *(len(word) for word in words))
    while _lines(words, width) > 2:
        width += 1
    return width


def _lines(words: Sequence[str], width: int) -> int:
    """How many lines greedy word wrap makes of `words` at `width`."""
    lines, used = 1, -1
    for word in words:
        if used >= 0 and used + 1 + len(word) > width:
            lines, used = lines + 1, -1
        used += len(word) + (1 if used >= 0 else 1)
    return lines


@dataclass(frozen=True)
class _Plan:
    """Column widths worked out before Rich sees the table."""

    id_width: int
    title_width: int  # 0: no title column
    chunks: tuple[tuple[Topic, ...], ...]


def _plan(c: Comparison, topics: Sequence[Topic], width: int) -> _Plan:
    longest_id = max(len(ARTICLE_HEADER), *(len(a.id) for a in c.articles))
    widest_topic = max((topic_column_width(t) for t in topics), default=CELL_WIDTH)
    # The id column is whole unless even one topic beside it would not fit.
    room_for_id = width - 1 - 2 * COLUMN_OVERHEAD - widest_topic
    id_width = max(2, min(longest_id, room_for_id))
    base = 1 + COLUMN_OVERHEAD + id_width
    chunks = _chunks(topics, width - base)
    # As many tables as needed, but even ones: not eight topics and then one alone.
    limit = sum(COLUMN_OVERHEAD + topic_column_width(t) for t in topics) // len(chunks)
    while limit < width - base:
        even = _chunks(topics, limit)
        if len(even) <= len(chunks):
            chunks = even
            break
        limit += 1
    title_width = 0
    used = base + max(sum(COLUMN_OVERHEAD + topic_column_width(t) for t in k) for k in chunks)
    spare = width - used - COLUMN_OVERHEAD
    longest_title = max((len(a.title) for a in c.articles), default=0)
    if spare >= MIN_TITLE_WIDTH and any(a.title != a.id for a in c.articles):
        title_width = min(spare, MAX_TITLE_WIDTH, max(MIN_TITLE_WIDTH, longest_title))
    return _Plan(id_width, title_width, tuple(chunks))


def _chunks(topics: Sequence[Topic], room: int) -> list[tuple[Topic, ...]]:
    """Topics in order, as few to a table as fit in `room` columns (at least one each)."""
    chunks: list[tuple[Topic, ...]] = []
    current: list[Topic] = []
    used = 0
    for topic in topics:
        need = COLUMN_OVERHEAD + topic_column_width(topic)
        if current and used + need > room:
            chunks.append(tuple(current))
            current, used = [], 0
        current.append(topic)
        used += need
    if current or not chunks:
        chunks.append(tuple(current))
    return chunks


def grid_tables(c: Comparison, *, width: int = 80, hidden: Sequence[Topic] = ()) -> RenderableType:
    """The grid (split into as many tables as the topics need), its legend and topic key.

    `hidden` names the topics left out for being absent everywhere, so the foot of the
    view can say so: a topic is never dropped without a word.
    """
    topics = [t for t in c.pack.topics if t not in hidden]
    plan = _plan(c, topics, width)
    cells = grid_lookup(c)
    parts: list[RenderableType] = []
    for number, chunk in enumerate(plan.chunks, start=1):
        title = one_line(c.pack.name) or None
        if len(plan.chunks) > 1:
            first = sum(len(k) for k in plan.chunks[: number - 1]) + 1
            span = f"topics {first}–{first + len(chunk) - 1} of {len(topics)}"
            title = f"{title} · {span}" if title else span
        table = Table(
            title=title,
            caption=skipped_caption(c) if number == len(plan.chunks) else None,
            caption_justify="left",
            box=box.ROUNDED,
            expand=False,
        )
        overflow: OverflowMethod = (
            "fold" if plan.id_width < max(len(a.id) for a in c.articles) else "ellipsis"
        )
        table.add_column(
            ARTICLE_HEADER, width=plan.id_width, no_wrap=overflow == "ellipsis", overflow=overflow
        )
        if plan.title_width:
            table.add_column("Title", width=plan.title_width, no_wrap=True, overflow="ellipsis")
        for topic in chunk:
            table.add_column(
                Text(topic.label, style="bold"),
                width=topic_column_width(topic),
                justify="left",
            )
        for article in c.articles:
            row: list[RenderableType] = [Text(one_line(article.id))]
            if plan.title_width:
                row.append(Text(shorten(article.title, plan.title_width), style="dim"))
            row.extend(grid_cell(cells[(article.id, topic.id)]) for topic in chunk)
            table.add_row(*row)
        parts.append(table)
    parts.append(legend(mentions=False))
    parts.append(topic_key(topics, hidden))
    return Group(*parts)


def topic_key(topics: Sequence[Topic], hidden: Sequence[Topic] = ()) -> Text:
    """Each topic's question and pole words: the grid's cells carry only the glyph."""
    text = Text()
    for topic in topics:
        if text:
            text.append("\n")
        text.append(topic.label, style="bold")
        text.append(f"  {topic.question}  ", style="dim")
        text.append(f"{STANCE_GLYPH[Stance.PRO]} {topic.pro}", style=STANCE_STYLE[Stance.PRO])
        text.append(" · ")
        text.append(f"{STANCE_GLYPH[Stance.CON]} {topic.con}", style=STANCE_STYLE[Stance.CON])
    if hidden:
        labels = ", ".join(t.label for t in hidden)
        noun = "topic" if len(hidden) == 1 else "topics"
        text.append(
            f"\nHidden: {len(hidden)} {noun} no article addresses ({labels}); "
            "--show-absent shows them.",
            style="dim",
        )
    return text
