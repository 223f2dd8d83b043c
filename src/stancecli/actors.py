"""The actor view: who else holds what position, according to each article.

Op-eds report many views besides the author's. The engine already gives every judgement a
holder; here the holders' names are brought together ("Le Pen", "Marine Le Pen" and "Ms.
Le Pen" are one actor) and their judgements aggregated exactly like the author's, per
article or merged across articles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from stancecli.aggregate import aggregate
from stancecli.judge.attribution import AUTHOR, OTHERS
from stancecli.models import ActorStance, Judgement, Stance
from stancecli.text.tokens import fold

NAME_SIMILARITY = 90.0  # folded full names this close are one actor (spelling variants)


def actor_names(names: Iterable[str]) -> dict[str, str]:
    """Each name mapped to its actor's canonical (fullest) name.

    A name is the same actor as a longer one that ends with it ("Le Pen" in "Marine Le
    Pen"), with a spelling nearly the same ("Zelensky" in "Volodymyr Zelenskyy"; accents
    fold away: "Francois" is "François").
    """
    unique = sorted(set(names), key=lambda n: (-len(n.split()), -len(n), n))
    canonical: dict[str, str] = {}
    for name in unique:
        words = fold(name).split()
        for longer in unique:
            if longer == name or longer not in canonical.values():
                continue
            other = fold(longer).split()
            tail = " ".join(other[-len(words) :])
            if fuzz.ratio(
                " ".join(words), tail if len(other) > len(words) else " ".join(other)
            ) >= (NAME_SIMILARITY):
                canonical[name] = longer
                break
        else:
            canonical[name] = name
    return canonical


def actor_view(
    judgements: Iterable[tuple[str, Judgement]],
    topics: Sequence[str],
    *,
    merge: bool = False,
    evidence: int = 3,
) -> tuple[ActorStance, ...]:
    """Every actor's stance on every topic they are reported on, per article or merged.

    Only sides count: an actor named beside a topic without a position is not listed.
    """
    reported = [(a, j) for a, j in judgements if j.holder not in (AUTHOR, OTHERS)]
    names = actor_names(j.holder for _, j in reported)
    groups: dict[tuple[str, str], list[tuple[str, Judgement]]] = {}
    for article, judgement in reported:
        actor = names[judgement.holder]
        key = ("", actor) if merge else (article, actor)
        groups.setdefault(key, []).append((article, replace(judgement, holder=actor)))
    stances: list[ActorStance] = []
    for (_, actor), items in groups.items():
        articles = tuple(dict.fromkeys(a for a, _ in items))
        for topic in topics:
            on_topic = [(a, j) for a, j in items if j.topic == topic]
            if not any(j.polarity for _, j in on_topic):
                continue
            cell = aggregate(
                articles[0],
                topic,
                [j for _, j in on_topic],
                len(on_topic),
                evidence=evidence,
                holder=actor,
            )
            if cell.stance in (Stance.ABSENT, Stance.NEUTRAL):
                continue
            # Which article each evidence sentence came from (offsets alone may collide).
            sources = {(j.sentence.start, j.sentence.text): a for a, j in reversed(on_topic)}
            shown = tuple(
                replace(e, article=sources.get((e.start, e.sentence), articles[0]))
                for e in cell.evidence
            )
            stances.append(
                ActorStance(articles[0], actor, topic, cell.stance, cell.score, shown, articles)
            )
    return tuple(stances)
