"""The terminal view of `stance show`: who wrote it, then each topic found with its stance,
strength, mentions and evidence, then the topics not found. Returns a renderable."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.profile import ArticleProfile
from stancecli.render.actors_table import actors_tables
from stancecli.render.formats import STANCE_GLYPH, one_line, strength_word
from stancecli.render.table import STANCE_STYLE
from stancecli.serialize import clamp_score


def _metadata(profile: ArticleProfile) -> Text:
    info = profile.info
    text = Text(one_line(info.title), style="bold")
    text.append(f"\n{one_line(info.id)}", style="cyan")
    rows = [
        ("source", info.source),
        ("date", info.date),
        ("url", info.url),
        ("path", info.path),
        ("length", f"{profile.words} words, {profile.sentences} sentences"),
        ("pack", f"{profile.pack.name} ({len(profile.pack.topics)} topics)"),
    ]
    for name, value in rows:
        if value:
            text.append(f"\n{name:<7}", style="dim")
            text.append(one_line(value))
    return text


def _found_table(profile: ArticleProfile, evidence: int, explain: bool) -> RenderableType:
    if not profile.found:
        return Text("No topic of the pack was found in this article.", style="yellow")
    table = Table(
        title=f"Topics found ({len(profile.found)} of {len(profile.pack.topics)})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_lines=True,
        expand=True,
    )
    table.add_column("Topic", ratio=2, min_width=16, overflow="fold")
    table.add_column("Stance", no_wrap=True)
    table.add_column("Evidence", ratio=5, overflow="fold")
    for item in profile.found:
        cell = item.cell
        label = Text(item.topic.label, style="bold")
        label.append("\n" + item.topic.question, style="dim")
        score = clamp_score(cell.score)
        stance = Text(
            f"{STANCE_GLYPH[cell.stance]} {item.topic.pole_label(cell.stance)}",
            style=STANCE_STYLE[cell.stance],
        )
        stance.append(f"\n{score:+.2f} {strength_word(score)}")
        stance.append(f"\n{cell.mentions}× mentioned")
        if cell.conditional:
            stance.append("\nconditional")
        quotes = Text()
        for number, item_evidence in enumerate(cell.evidence[: max(0, evidence)]):
            if number:
                quotes.append("\n")
            quotes.append(f"“{one_line(item_evidence.sentence)}”", style="italic")
            for reason in item_evidence.reasons if explain else ():
                quotes.append(f"\n  why: {one_line(reason)}", style="dim")
        table.add_row(label, stance, quotes)
    return table


def _absent_line(profile: ArticleProfile) -> Text:
    text = Text("Not found: ", style="bold")
    if not profile.absent:
        text.append("none, every topic of the pack is in the article")
    else:
        text.append(", ".join(f"{t.label} ({t.id})" for t in profile.absent), style="dim")
    return text


def profile_renderable(
    profile: ArticleProfile, *, evidence: int = 3, explain: bool = False
) -> RenderableType:
    """The whole profile as one renderable; `explain` adds the model's reasons."""
    parts: list[RenderableType] = [
        _metadata(profile),
        Text(),
        _found_table(profile, evidence, explain),
    ]
    if profile.actors:
        parts.append(actors_tables(profile.actors, profile.pack, [profile.info], evidence=1))
    parts.append(_absent_line(profile))
    return Group(*parts)
