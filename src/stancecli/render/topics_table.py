"""The terminal views of `stance topics`: the pack as a table, one topic in full, and the
verdict of `stance topics validate`. Return renderables; never print."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.models import Topic, TopicPack
from stancecli.topics import DEFAULT_PACK


def pack_table(pack: TopicPack) -> RenderableType:
    """One row a topic: id, label and question, the two pole words, how many keywords."""
    title = pack.name + (f" — {pack.description}" if pack.description else "")
    table = Table(
        title=Text(title),  # Text, not a str: a pack's name or path is not Rich markup
        title_justify="left",
        caption=Text(f"{_count(pack)} from {_source(pack)}; stance topics ID shows one"),
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        expand=True,
    )
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Topic", ratio=3, overflow="fold")
    table.add_column("pro / con", ratio=1, min_width=14, overflow="fold")
    table.add_column("Keywords", justify="right", no_wrap=True)
    for topic in pack.topics:
        label = Text(topic.label, style="bold")
        label.append("\n" + topic.question, style="dim")
        poles = Text(f"▲ {topic.pro}", style="green")
        poles.append(f"\n▼ {topic.con}", style="red")
        table.add_row(topic.id, label, poles, str(len(topic.keywords)))
    return table


def _count(pack: TopicPack) -> str:
    return f"{len(pack.topics)} topic{'s' * (len(pack.topics) != 1)}"


def _source(pack: TopicPack) -> str:
    return "the bundled pack" if pack.source == DEFAULT_PACK else pack.source


def _phrases(title: str, phrases: list[str]) -> Text:
    text = Text(f"{title} ({len(phrases)})", style="bold")
    for phrase in phrases:
        text.append(f"\n  {phrase}")
    if not phrases:
        text.append("\n  none", style="dim")
    return text


def topic_detail(topic: Topic, pack: TopicPack) -> RenderableType:
    """Everything a topic holds, so a user can see why it did or did not match a text."""
    head = Text(topic.label, style="bold")
    head.append(f"  {topic.id}", style="cyan")
    head.append(f"  ({pack.name})", style="dim")
    head.append(f"\n{topic.question}")
    head.append(f"\npro ▲ {topic.pro}", style="green")
    head.append("   ")
    head.append(f"con ▼ {topic.con}", style="red")
    keywords = [" / ".join(variants) for variants in topic.keywords]
    return Group(
        head,
        Text(),
        _phrases("Keywords", keywords),
        _phrases(f"pro cues ({topic.pro})", list(topic.pro_cues)),
        _phrases(f"con cues ({topic.con})", list(topic.con_cues)),
    )


def validation_verdict(source: str, pack: TopicPack) -> Text:
    """The line a valid pack earns: what it is, so a user sees it was read as intended."""
    text = Text(f"{source}: ", style="bold")
    text.append("valid", style="bold green")
    text.append(f" — pack '{pack.name}', {_count(pack)}: {', '.join(pack.ids)}")
    return text
