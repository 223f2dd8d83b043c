"""The values that flow through the pipeline: load -> segment -> match -> judge -> aggregate.

They are frozen so a stage can hand them on without fear of the next one changing them,
and plain so every one of them serializes to JSON without a custom encoder.
"""

from __future__ import annotations

from dataclasses import field
from enum import StrEnum

from stancecli.record import record, set_field


class Stance(StrEnum):
    """An article's position on a topic; `str` so JSON and CSV carry the bare word."""

    PRO = "pro"
    CON = "con"
    MIXED = "mixed"
    NEUTRAL = "neutral"
    ABSENT = "absent"


@record
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

    def __init__(
        self,
        id: str,
        title: str,
        path: str,
        source: str | None = None,
        date: str | None = None,
        url: str | None = None,
        author: str | None = None,
        iso_date: str | None = None,
        group: str | None = None,
        fields: tuple[tuple[str, str], ...] = (),
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "title", title)
        set_field(self, "path", path)
        set_field(self, "source", source)
        set_field(self, "date", date)
        set_field(self, "url", url)
        set_field(self, "author", author)
        set_field(self, "iso_date", iso_date)
        set_field(self, "group", group)
        set_field(self, "fields", fields)


@record
class Article:
    """A loaded article. All offsets elsewhere index `text` (the body, front matter removed)."""

    info: ArticleInfo
    text: str

    def __init__(
        self,
        info: ArticleInfo,
        text: str,
    ) -> None:
        set_field(self, "info", info)
        set_field(self, "text", text)

    @property
    def id(self) -> str:
        return self.info.id


@record
class Skipped:
    """An input that was reported and left out, so scripts can see what was not compared."""

    path: str
    reason: str
    line: int | None = None

    def __init__(
        self,
        path: str,
        reason: str,
        line: int | None = None,
    ) -> None:
        set_field(self, "path", path)
        set_field(self, "reason", reason)
        set_field(self, "line", line)


@record
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

    def __init__(
        self,
        index: int,
        start: int,
        end: int,
        text: str,
        paragraph: int = 0,
        heading: bool = False,
        continued: bool = False,
    ) -> None:
        set_field(self, "index", index)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "text", text)
        set_field(self, "paragraph", paragraph)
        set_field(self, "heading", heading)
        set_field(self, "continued", continued)


@record
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

    def __init__(
        self,
        id: str,
        label: str,
        question: str,
        pro: str,
        con: str,
        keywords: tuple[tuple[str, ...], ...],
        pro_cues: tuple[str, ...] = (),
        con_cues: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "label", label)
        set_field(self, "question", question)
        set_field(self, "pro", pro)
        set_field(self, "con", con)
        set_field(self, "keywords", keywords)
        set_field(self, "pro_cues", pro_cues)
        set_field(self, "con_cues", con_cues)

    def pole_label(self, stance: Stance) -> str:
        """The pole's own word ('keep', 'lift') reads better in a cell than 'pro'/'con'."""
        if stance is Stance.PRO:
            return self.pro
        if stance is Stance.CON:
            return self.con
        return str(stance.value)


@record
class TopicPack:
    """A debate's topics, in the order they are shown."""

    name: str
    source: str
    topics: tuple[Topic, ...]
    description: str = ""

    def __init__(
        self,
        name: str,
        source: str,
        topics: tuple[Topic, ...],
        description: str = "",
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "source", source)
        set_field(self, "topics", topics)
        set_field(self, "description", description)

    def get(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(topic.id for topic in self.topics)


@record
class Mention:
    """A place where a topic's keyword or pole cue was found, with the phrase it matched."""

    topic: str
    start: int
    end: int
    matched: str
    keyword: str
    score: float
    kind: str = "keyword"  # "keyword", "pro" or "con"

    def __init__(
        self,
        topic: str,
        start: int,
        end: int,
        matched: str,
        keyword: str,
        score: float,
        kind: str = "keyword",
    ) -> None:
        set_field(self, "topic", topic)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "matched", matched)
        set_field(self, "keyword", keyword)
        set_field(self, "score", score)
        set_field(self, "kind", kind)


@record
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

    def __init__(
        self,
        topic: str,
        sentence: Sentence,
        polarity: int,
        weight: float,
        holder: str = "author",
        conditional: bool = False,
        hedged: bool = False,
        reasons: tuple[str, ...] = (),
        mentions: tuple[Mention, ...] = (),
    ) -> None:
        set_field(self, "topic", topic)
        set_field(self, "sentence", sentence)
        set_field(self, "polarity", polarity)
        set_field(self, "weight", weight)
        set_field(self, "holder", holder)
        set_field(self, "conditional", conditional)
        set_field(self, "hedged", hedged)
        set_field(self, "reasons", reasons)
        set_field(self, "mentions", mentions)


@record
class Evidence:
    """A sentence shown to back a cell; `start:end` slices the article's text to it."""

    sentence: str
    start: int
    end: int
    polarity: int = 0
    weight: float = 0.0
    article: str | None = None  # set where evidence may come from several articles
    reasons: tuple[str, ...] = ()  # what pushed the sentence to its side, for --explain

    def __init__(
        self,
        sentence: str,
        start: int,
        end: int,
        polarity: int = 0,
        weight: float = 0.0,
        article: str | None = None,
        reasons: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "sentence", sentence)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "polarity", polarity)
        set_field(self, "weight", weight)
        set_field(self, "article", article)
        set_field(self, "reasons", reasons)


@record
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

    def __init__(
        self,
        article: str,
        actor: str,
        topic: str,
        stance: Stance,
        score: float,
        evidence: tuple[Evidence, ...] = (),
        articles: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "article", article)
        set_field(self, "actor", actor)
        set_field(self, "topic", topic)
        set_field(self, "stance", stance)
        set_field(self, "score", score)
        set_field(self, "evidence", evidence)
        set_field(self, "articles", articles)


@record
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

    def __init__(
        self,
        article: str,
        topic: str,
        stance: Stance,
        score: float,
        confidence: float,
        mentions: int,
        evidence: tuple[Evidence, ...] = (),
        conditional: bool = False,
    ) -> None:
        set_field(self, "article", article)
        set_field(self, "topic", topic)
        set_field(self, "stance", stance)
        set_field(self, "score", score)
        set_field(self, "confidence", confidence)
        set_field(self, "mentions", mentions)
        set_field(self, "evidence", evidence)
        set_field(self, "conditional", conditional)


@record
class Comparison:
    """The result of comparing articles on a topic pack: what renderers render."""

    pack: TopicPack
    articles: tuple[ArticleInfo, ...]
    cells: tuple[TopicStance, ...]
    skipped: tuple[Skipped, ...] = ()
    judgements: tuple[tuple[str, Judgement], ...] = field(default=(), compare=False)
    actors: tuple[ActorStance, ...] | None = None  # None: the actor view was not asked for

    def __init__(
        self,
        pack: TopicPack,
        articles: tuple[ArticleInfo, ...],
        cells: tuple[TopicStance, ...],
        skipped: tuple[Skipped, ...] = (),
        judgements: tuple[tuple[str, Judgement], ...] = (),
        actors: tuple[ActorStance, ...] | None = None,
    ) -> None:
        set_field(self, "pack", pack)
        set_field(self, "articles", articles)
        set_field(self, "cells", cells)
        set_field(self, "skipped", skipped)
        set_field(self, "judgements", judgements)
        set_field(self, "actors", actors)

    def cell(self, article_id: str, topic_id: str) -> TopicStance:
        for cell in self.cells:
            if cell.article == article_id and cell.topic == topic_id:
                return cell
        raise KeyError((article_id, topic_id))
