"""The values that flow through the pipeline: load -> segment -> match -> judge -> aggregate.

They are frozen so a stage can hand them on without fear of the next one changing them,
and plain so every one of them serializes to JSON without a custom encoder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Stance(StrEnum):
    """An article's position on a topic; `str` so JSON and CSV carry the bare word."""

    PRO = "pro"
    CON = "con"
    MIXED = "mixed"
    NEUTRAL = "neutral"
    ABSENT = "absent"


@dataclass(frozen=True)
class ArticleInfo:
    """What is known about an article besides its text; kept in results after the text is gone."""

    id: str
    title: str
    path: str
    source: str | None = None
    date: str | None = None
    url: str | None = None
    author: str | None = None
    #: `date` as a sortable ISO prefix (YYYY, YYYY-MM or YYYY-MM-DD), for stances over time.
    iso_date: str | None = None
    #: What `--group-by` put the article in (a speaker, a country, an outlet), if asked.
    group: str | None = None
    #: The source's other short metadata (front matter keys, record fields), for `--group-by`.
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Article:
    """A loaded article. All offsets elsewhere index `text` (the body, front matter removed)."""

    info: ArticleInfo
    text: str

    @property
    def id(self) -> str:
        return self.info.id


@dataclass(frozen=True)
class Skipped:
    """An input that was reported and left out, so scripts can see what was not compared."""

    path: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading line) of an article with its character span in the text."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    heading: bool = False
    # A piece after the first of a span cut at the segmenter's bound: the sentence before
    # it is the same sentence, not another one (see `text.segment`).
    continued: bool = False


@dataclass(frozen=True)
class Topic:
    """One recurring question of a debate: the phrases that find it, the cues for each pole."""

    id: str
    label: str
    question: str
    pro: str
    con: str
    keywords: tuple[tuple[str, ...], ...]
    pro_cues: tuple[str, ...] = ()
    con_cues: tuple[str, ...] = ()

    def pole_label(self, stance: Stance) -> str:
        """The pole's own word ('keep', 'lift') reads better in a cell than 'pro'/'con'."""
        if stance is Stance.PRO:
            return self.pro
        if stance is Stance.CON:
            return self.con
        return str(stance.value)


@dataclass(frozen=True)
class TopicPack:
    """A debate's topics, in the order they are shown."""

    name: str
    source: str
    topics: tuple[Topic, ...]
    description: str = ""

    def get(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(topic.id for topic in self.topics)


@dataclass(frozen=True)
class Mention:
    """A place where a topic's keyword or pole cue was found, with the phrase it matched."""

    topic: str
    start: int
    end: int
    matched: str
    keyword: str
    score: float
    kind: str = "keyword"  # "keyword", "pro" or "con"


@dataclass(frozen=True)
class Judgement:
    """The stance one sentence carries on one topic, and whose stance it is."""

    topic: str
    sentence: Sentence
    polarity: int  # +1 pro, -1 con, 0 no side taken
    weight: float  # how much this sentence should count, 0..1
    holder: str = "author"
    conditional: bool = False
    hedged: bool = False
    reasons: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """A sentence shown to back a cell; `start:end` slices the article's text to it."""

    sentence: str
    start: int
    end: int
    polarity: int = 0
    weight: float = 0.0
    article: str | None = None  # set where evidence may come from several articles
    reasons: tuple[str, ...] = ()  # what pushed the sentence to its side, for --explain


@dataclass(frozen=True)
class ActorStance:
    """A stance an article reports someone else holding: the actor view's cell.

    In a merged view `articles` lists every article the actor's stance was found in and
    `article` is the first of them.
    """

    article: str
    actor: str
    topic: str
    stance: Stance
    score: float
    evidence: tuple[Evidence, ...] = ()
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class TopicStance:
    """One cell of the comparison: an article's stance on a topic and why."""

    article: str
    topic: str
    stance: Stance
    score: float
    confidence: float
    mentions: int
    evidence: tuple[Evidence, ...] = ()
    conditional: bool = False


@dataclass(frozen=True)
class Comparison:
    """The result of comparing articles on a topic pack: what renderers render."""

    pack: TopicPack
    articles: tuple[ArticleInfo, ...]
    cells: tuple[TopicStance, ...]
    skipped: tuple[Skipped, ...] = ()
    judgements: tuple[tuple[str, Judgement], ...] = field(default=(), compare=False)
    actors: tuple[ActorStance, ...] | None = None  # None: the actor view was not asked for

    def cell(self, article_id: str, topic_id: str) -> TopicStance:
        for cell in self.cells:
            if cell.article == article_id and cell.topic == topic_id:
                return cell
        raise KeyError((article_id, topic_id))
