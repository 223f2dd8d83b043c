"""The values that flow through the pipeline: load -> segment -> match -> judge -> aggregate.

They are frozen so a stage can hand them on without fear of the next one changing them,
and plain so every one of them serializes to JSON without a custom encoder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
_set = object.__setattr__  # what a frozen dataclass's __init__ sets its fields with


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields a dataclass compares and hashes, read in C."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda record: tuple(getattr(record, name) for name in names)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def _record(cls: type[_T]) -> type[_T]:
    """`@dataclass(frozen=True)` as it behaves, without compiling its methods at import.

    dataclasses writes each class's six methods as source text and compiles them, 7 ms
    for the twelve classes here, a fifth of what stancecli's modules take to import. Each class
    writes out its `__init__` (the one `dataclass` would make: tests/test_records.py holds
    them to it); the others are made here, from the fields, with no compiling.
    """
    cls = dataclass(init=False, repr=False, eq=False)(cls)
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    compared = [f.name for f in fields(cls) if f.compare]  # type: ignore[arg-type]
    values = _values(compared)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    for method in (__eq__, __hash__, __repr__, __setattr__, __delattr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    # What `dataclass(frozen=True)` records, so a frozen dataclass may inherit from it
    # (`io.units.Found` does): the parameters' own fields, whatever the Python version.
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    kept = {name: getattr(params, name) for name in type(params).__slots__}
    kept.update(init=True, repr=True, eq=True, frozen=True)
    cls.__dataclass_params__ = type(params)(**kept)  # type: ignore[attr-defined]
    return cls


class Stance(StrEnum):
    """An article's position on a topic; `str` so JSON and CSV carry the bare word."""

    PRO = "pro"
    CON = "con"
    MIXED = "mixed"
    NEUTRAL = "neutral"
    ABSENT = "absent"


@_record
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
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "path", path)
        _set(self, "source", source)
        _set(self, "date", date)
        _set(self, "url", url)
        _set(self, "author", author)
        _set(self, "iso_date", iso_date)
        _set(self, "group", group)
        _set(self, "fields", fields)


@_record
class Article:
    """A loaded article. All offsets elsewhere index `text` (the body, front matter removed)."""

    info: ArticleInfo
    text: str

    def __init__(
        self,
        info: ArticleInfo,
        text: str,
    ) -> None:
        _set(self, "info", info)
        _set(self, "text", text)

    @property
    def id(self) -> str:
        return self.info.id


@_record
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
        _set(self, "path", path)
        _set(self, "reason", reason)
        _set(self, "line", line)


@_record
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
        _set(self, "index", index)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "text", text)
        _set(self, "paragraph", paragraph)
        _set(self, "heading", heading)
        _set(self, "continued", continued)


@_record
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
        _set(self, "id", id)
        _set(self, "label", label)
        _set(self, "question", question)
        _set(self, "pro", pro)
        _set(self, "con", con)
        _set(self, "keywords", keywords)
        _set(self, "pro_cues", pro_cues)
        _set(self, "con_cues", con_cues)

    def pole_label(self, stance: Stance) -> str:
        """The pole's own word ('keep', 'lift') reads better in a cell than 'pro'/'con'."""
        if stance is Stance.PRO:
            return self.pro
        if stance is Stance.CON:
            return self.con
        return str(stance.value)


@_record
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
        _set(self, "name", name)
        _set(self, "source", source)
        _set(self, "topics", topics)
        _set(self, "description", description)

    def get(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(topic.id for topic in self.topics)


@_record
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
        _set(self, "topic", topic)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "matched", matched)
        _set(self, "keyword", keyword)
        _set(self, "score", score)
        _set(self, "kind", kind)


@_record
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
        _set(self, "topic", topic)
        _set(self, "sentence", sentence)
        _set(self, "polarity", polarity)
        _set(self, "weight", weight)
        _set(self, "holder", holder)
        _set(self, "conditional", conditional)
        _set(self, "hedged", hedged)
        _set(self, "reasons", reasons)
        _set(self, "mentions", mentions)


@_record
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
        _set(self, "sentence", sentence)
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "polarity", polarity)
        _set(self, "weight", weight)
        _set(self, "article", article)
        _set(self, "reasons", reasons)


@_record
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
        _set(self, "article", article)
        _set(self, "actor", actor)
        _set(self, "topic", topic)
        _set(self, "stance", stance)
        _set(self, "score", score)
        _set(self, "evidence", evidence)
        _set(self, "articles", articles)


@_record
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
        _set(self, "article", article)
        _set(self, "topic", topic)
        _set(self, "stance", stance)
        _set(self, "score", score)
        _set(self, "confidence", confidence)
        _set(self, "mentions", mentions)
        _set(self, "evidence", evidence)
        _set(self, "conditional", conditional)


@_record
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
        _set(self, "pack", pack)
        _set(self, "articles", articles)
        _set(self, "cells", cells)
        _set(self, "skipped", skipped)
        _set(self, "judgements", judgements)
        _set(self, "actors", actors)

    def cell(self, article_id: str, topic_id: str) -> TopicStance:
        for cell in self.cells:
            if cell.article == article_id and cell.topic == topic_id:
                return cell
        raise KeyError((article_id, topic_id))
