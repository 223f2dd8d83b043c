"""The actor view as Rich tables: actors down, topics across, one table per article."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.models import ActorStance, ArticleInfo, TopicPack
from stancecli.render.formats import STANCE_GLYPH, one_line, shorten
from stancecli.render.table import STANCE_STYLE

ACTOR_COLUMN = 22


def actors_tables(
    actors: Sequence[ActorStance],
    pack: TopicPack,
    articles: Sequence[ArticleInfo],
    *,
    merged: bool = False,
    evidence: int = 1,
    width: int = 80,
) -> RenderableType:
    """A table per article (or one for all, merged) of the views each article reports."""
    titles = {a.id: a.title for a in articles}
    if merged:
        groups = [("Actors across all articles", list(actors))]
    else:
        groups = [
            (
                f"Actors reported in “{titles.get(a.id, a.id)}”",
                [x for x in actors if x.article == a.id],
            )
            for a in articles
        ]
    tables: list[RenderableType] = []
    for title, members in groups:
        if not members:
            tables.append(Text(f"{one_line(title)}: none found", style="dim"))
            continue
        tables.append(_table(title, members, pack, merged=merged, evidence=evidence, width=width))
    return Group(*tables)


def _table(
    title: str,
    actors: Sequence[ActorStance],
    pack: TopicPack,
    *,
    merged: bool,
    evidence: int,
    width: int,
) -> Table:
    topics = [t for t in pack.topics if any(a.topic == t.id for a in actors)]
    column = max(16, (width - ACTOR_COLUMN - 4) // max(1, len(topics)) - 3)
    table = Table(title=Text(one_line(title)), show_lines=True, expand=True)
    table.add_column("Actor", width=ACTOR_COLUMN, overflow="fold")
    for topic in topics:
        table.add_column(Text(one_line(topic.label)), overflow="fold")
    names = list(dict.fromkeys(a.actor for a in actors))
    for name in names:
        row: list[RenderableType] = [Text(one_line(name), style="bold")]
        for topic in topics:
            found = next((a for a in actors if a.actor == name and a.topic == topic.id), None)
            if found is None:
                row.append(Text("—", style="dim"))
                continue
            cell = Text(
                f"{STANCE_GLYPH[found.stance]} {topic.pole_label(found.stance)}",
                style=STANCE_STYLE[found.stance],
            )
            if merged:
                cell.append(f"\n{len(found.articles)} article(s)", style="dim")
            for e in found.evidence[:evidence]:
                cell.append("\n“" + shorten(one_line(e.sentence), 3 * column) + "”", style="italic")
            row.append(cell)
        table.add_row(*row)
    return table
