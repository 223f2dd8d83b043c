"""Text renderings of the actor view: JSON, JSONL, CSV and Markdown (no Rich here)."""

from __future__ import annotations

from collections.abc import Sequence

from stancecli.models import ActorStance, TopicPack
from stancecli.render.formats import STANCE_GLYPH, csv_text, dumps_json, flatten, one_line, shorten
from stancecli.serialize import actor_to_dict, actors_to_dict

ACTOR_CSV_HEADER = ("actor", "article", "topic", "stance", "pole", "score", "evidence")
MARKDOWN_SENTENCE_LIMIT = 160


def render_actors_json(actors: Sequence[ActorStance], pack: TopicPack) -> str:
    return dumps_json(actors_to_dict(actors, pack), indent=2) + "\n"


def render_actors_jsonl(actors: Sequence[ActorStance], pack: TopicPack) -> str:
    topics = {t.id: t for t in pack.topics}
    return "".join(dumps_json(actor_to_dict(a, topics[a.topic])) + "\n" for a in actors)


def render_actors_csv(
    actors: Sequence[ActorStance], pack: TopicPack, evidence: int = 1, *, raw: bool = False
) -> str:
    """One row per actor and topic; `raw` keeps article text as it is (`--csv-raw`)."""
    topics = {t.id: t for t in pack.topics}
    rows = [
        (
            a.actor,
            " ".join(a.articles or (a.article,)),
            a.topic,
            a.stance.value,
            topics[a.topic].pole_label(a.stance),
            f"{a.score:.3f}",
            " | ".join(flatten(e.sentence) for e in a.evidence[:evidence]),
        )
        for a in actors
    ]
    return csv_text(ACTOR_CSV_HEADER, rows, raw=raw)


def render_actors_markdown(
    actors: Sequence[ActorStance], pack: TopicPack, evidence: int = 1
) -> str:
    """One row per actor and topic: Markdown tables stay readable that way in any width."""
    topics = {t.id: t for t in pack.topics}
    lines = ["| actor | topic | stance | article | evidence |", "| --- | --- | --- | --- | --- |"]
    for a in actors:
        topic = topics[a.topic]
        quote = " / ".join(
            "“" + shorten(one_line(e.sentence), MARKDOWN_SENTENCE_LIMIT) + "”"
            for e in a.evidence[:evidence]
        )
        cells = (
            one_line(a.actor),
            one_line(topic.label),
            f"**{topic.pole_label(a.stance)}** {STANCE_GLYPH[a.stance]}",
            ", ".join(a.articles or (a.article,)),
            quote,
        )
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
