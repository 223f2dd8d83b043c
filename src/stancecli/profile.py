"""`stance show`: one article's profile, and finding the article a user means.

A user names an article the way they remember it: by id, by file, or by a few words of
its title ("wrong detente"). Ids and titles are compared folded (case and accents) and
then fuzzily, but a name that fits two articles about equally is refused with both
named, because showing the wrong article's profile is worse than asking again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from stancecli.actors import actor_view
from stancecli.errors import NoMatchError, UsageError
from stancecli.models import (
    ActorStance,
    Article,
    ArticleInfo,
    Stance,
    Topic,
    TopicPack,
    TopicStance,
)
from stancecli.pipeline import Engine, sentences_of
from stancecli.serialize import (
    SCHEMA_VERSION,
    actors_to_dict,
    article_to_dict,
    clamp_confidence,
    clamp_score,
    evidence_to_dict,
)
from stancecli.text.tokens import fold, tokenize

#: Mean per-word ratio (0-100) a fuzzy title must reach: "wrong detnte" passes, "foo" not.
TITLE_CUTOFF = 80.0
#: Two articles scoring within this many points of each other are too close to choose.
AMBIGUITY_MARGIN = 5.0
MAX_LISTED = 5


@dataclass(frozen=True)
class TopicProfile:
    """A topic found in the article: its cell (stance, strength, mentions, evidence)."""

    topic: Topic
    cell: TopicStance


@dataclass(frozen=True)
class ArticleProfile:
    """Everything `stance show` prints about one article, topics in pack order."""

    info: ArticleInfo
    pack: TopicPack
    words: int
    sentences: int
    found: tuple[TopicProfile, ...]
    absent: tuple[Topic, ...]
    actors: tuple[ActorStance, ...] = ()  # the views the article reports others holding


def names_a_file(name: str) -> bool:
    """Is ARTICLE a path (or stdin) rather than an id or title? Only if it exists or
    plainly looks like a path, so a title is never mistaken for a missing file."""
    return name == "-" or os.path.exists(name) or "/" in name or os.sep in name


def only_article(articles: Sequence[Article], path: str) -> Article:
    """The article of a file named as ARTICLE; a file of several (a folder, a JSONL export)
    cannot say which one is meant."""
    if len(articles) != 1:
        ids = ", ".join(a.id for a in articles[:MAX_LISTED])
        raise UsageError(
            f"{path} holds {len(articles)} articles ({ids}{', ...' * (len(articles) > 5)}); "
            f"name one: stance show ID {path}"
        )
    return articles[0]


def find_article(articles: Sequence[Article], name: str) -> Article:
    """The article a name means: its id, its file's name, its title, or a fuzzy title.

    Raises NoMatchError when none is close, UsageError when two are about as close.
    """
    if not articles:
        raise NoMatchError(f"no article '{name}': no articles were read")
    for article in articles:
        if name == article.id:
            return article
    key = _key(name)
    stem = _key(Path(name).stem)
    for article in articles:
        if key in (_key(article.id), _key(article.info.title)) or stem == _key(article.id):
            return article
    scores = sorted(
        ((_title_score(key, article), index) for index, article in enumerate(articles)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    ranked = [(score, index) for score, index in scores[:MAX_LISTED] if score > 0]
    if not ranked or ranked[0][0] < TITLE_CUTOFF:
        near = [articles[index].id for score, index in ranked if score >= TITLE_CUTOFF * 0.85]
        hint = f"; did you mean {' or '.join(near[:3])}?" if near else ""
        listed = ", ".join(a.id for a in articles[:MAX_LISTED])
        more = ", ..." if len(articles) > MAX_LISTED else ""
        raise NoMatchError(
            f"no article '{name}' among {len(articles)} read (ids: {listed}{more}){hint}"
        )
    best = ranked[0][0]
    close = [articles[index] for score, index in ranked if best - score < AMBIGUITY_MARGIN]
    if len(close) > 1:
        raise UsageError(
            f"'{name}' fits several articles: {', '.join(a.id for a in close)}; give the id"
        )
    return articles[ranked[0][1]]


def _title_score(key: str, article: Article) -> float:
    """How well the words typed fit the words of a title or id (0-100): each typed word
    scores its best rapidfuzz ratio among them, and the score is the mean. Word by word,
    so "russia" finds the one title with Russia in it however long that title is."""
    words = key.split()
    names = set(_key(article.info.title).split()) | set(_key(article.id).split())
    if not words or not names:
        return 0.0
    return sum(max(fuzz.ratio(word, name) for name in names) for word in words) / len(words)


def _key(text: str) -> str:
    """A name compared folded, separators as spaces: "Wrong-Détente" == "wrong detente"."""
    return " ".join(
        fold(word) for word in "".join(ch if ch.isalnum() else " " for ch in text).split()
    )


def build_profile(article: Article, engine: Engine) -> ArticleProfile:
    """Analyze one article on the engine's pack and sort its topics into found and absent."""
    analysis = engine.analyze(article)
    cells = {cell.topic: cell for cell in analysis.cells}
    found: list[TopicProfile] = []
    absent: list[Topic] = []
    for topic in engine.pack.topics:
        cell = cells.get(topic.id)
        if cell is None or cell.stance is Stance.ABSENT:
            absent.append(topic)
        else:
            found.append(TopicProfile(topic, cell))
    return ArticleProfile(
        info=article.info,
        pack=engine.pack,
        words=len(tokenize(article.text)),
        sentences=len(sentences_of(article)),
        found=tuple(found),
        absent=tuple(absent),
        actors=actor_view([(article.id, j) for j in analysis.judgements], engine.pack.ids),
    )


def profile_to_dict(profile: ArticleProfile) -> dict[str, object]:
    """The profile as JSON-ready data (schema_version 1); cells as in compare's JSON."""
    return {
        "schema_version": SCHEMA_VERSION,
        "pack": {"name": profile.pack.name, "source": profile.pack.source},
        "article": {
            **article_to_dict(profile.info),
            "words": profile.words,
            "sentences": profile.sentences,
        },
        "found": [
            {
                "topic": item.topic.id,
                "label": item.topic.label,
                "question": item.topic.question,
                "stance": item.cell.stance.value,
                "pole": item.topic.pole_label(item.cell.stance),
                "score": clamp_score(item.cell.score),
                "confidence": clamp_confidence(item.cell.confidence),
                "mentions": item.cell.mentions,
                "conditional": item.cell.conditional,
                "evidence": [evidence_to_dict(e) for e in item.cell.evidence],
            }
            for item in profile.found
        ],
        "absent": [{"topic": topic.id, "label": topic.label} for topic in profile.absent],
        "actors": actors_to_dict(profile.actors, profile.pack)["actors"],
    }
