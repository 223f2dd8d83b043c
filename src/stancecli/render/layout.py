"""Which terminal view a comparison gets: side by side while it fits, else the grid.

The side-by-side table (topics down, articles across) quotes evidence and reads best,
but each article needs a column wide enough for its id and a few words of quote; past
that width per article the grid (articles down, one line each) takes over.
"""

from __future__ import annotations

from dataclasses import replace

from rich.console import Group, RenderableType

from stancecli.models import Comparison, Stance, Topic
from stancecli.render.choices import Layout as Layout
from stancecli.render.grid_table import grid_tables, topic_key
from stancecli.render.table import article_column_width, comparison_table
from stancecli.serialize import grid_lookup

#: Narrowest article column the side-by-side table may use: about four words a line.
MIN_SIDE_COLUMN = 22


def side_fits(c: Comparison, width: int) -> bool:
    """Every article gets a column wide enough for its whole id and a readable quote."""
    column = article_column_width(width, len(c.articles))
    longest_id = max((len(a.id) for a in c.articles), default=0)
    return column >= max(MIN_SIDE_COLUMN, longest_id)


def resolve_layout(c: Comparison, width: int, requested: Layout = Layout.AUTO) -> Layout:
    if requested is not Layout.AUTO:
        return requested
    return Layout.SIDE if side_fits(c, width) else Layout.GRID


def absent_topics(c: Comparison) -> tuple[Topic, ...]:
    """Topics no article addresses: rows (or columns) of dashes that say nothing."""
    cells = grid_lookup(c)
    return tuple(
        topic
        for topic in c.pack.topics
        if all(cells[(a.id, topic.id)].stance is Stance.ABSENT for a in c.articles)
    )


def comparison_view(
    c: Comparison,
    *,
    width: int,
    evidence: int = 1,
    layout: Layout = Layout.AUTO,
    hide_absent: bool | None = None,
) -> RenderableType:
    """The comparison as the console should show it.

    `hide_absent` None means the layout's default: hidden in the grid, where a column of
    dashes costs width, shown side by side, where each topic row explains itself.
    """
    chosen = resolve_layout(c, width, layout)
    hide = chosen is Layout.GRID if hide_absent is None else hide_absent
    hidden = absent_topics(c) if hide else ()
    if len(hidden) == len(c.pack.topics):
        hidden = ()  # nothing found anywhere: show the dashes rather than an empty table
    if chosen is Layout.GRID:
        return grid_tables(c, width=width, hidden=hidden)
    if not hidden:
        return comparison_table(c, evidence=evidence, width=width)
    shown = replace(
        c, pack=replace(c.pack, topics=tuple(t for t in c.pack.topics if t not in hidden))
    )
    return Group(comparison_table(shown, evidence=evidence, width=width), topic_key((), hidden))
