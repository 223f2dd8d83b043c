"""`stance lookup`: keyword in context, with the stance each sentence was judged to carry.

A query is read, in this order, as a topic's id or label ("minsk", "NATO enlargement",
"Minsk-II"), as a misspelling of one ("minks", "sanktions"), as a keyword of the pack
("embargo", "reset", matched by the same rules as article text, misspelt or not), and
otherwise as free words. A topic query finds every sentence that mentions the topic, since
that is what "where do the articles talk about Minsk?" means; a keyword query finds the
mentions made with that keyword (or its listed variants), since someone typing "reset"
wants the sentences that say it, not every sentence about rapprochement. Free words are
compiled into a one-topic pack, so they too match across hyphens, spacing, inflection and
near-miss spellings; a free-word hit belongs to a topic only when its words are part of a
mention of that topic.

Misspelt names are compared word by word with guards like the matcher's, because a query
is short and a loose whole-string ratio would read "nation" as "NATO" or "crime" as
"Crimea". The stance of a hit comes from the engine's judgement of that sentence, so
lookup and compare never disagree about a sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from stancecli.errors import NoMatchError, UsageError
from stancecli.learned.model import StanceModel
from stancecli.match.matcher import DEFAULT_THRESHOLD, Matcher
from stancecli.models import (
    Article,
    ArticleInfo,
    Judgement,
    Mention,
    Sentence,
    Skipped,
    Stance,
    Topic,
    TopicPack,
)
from stancecli.pipeline import ArticleAnalysis, Engine, sentences_of
from stancecli.serialize import SCHEMA_VERSION, skipped_to_dict
from stancecli.text.tokens import TOKEN_RE, fold, phrase_tokens, tokenize

#: Per-word rapidfuzz ratio at which a misspelt name is read as the topic ("minks").
RESOLVE_CUTOFF = 75.0
#: Per-word ratio at which a query with no hit earns a "did you mean".
SUGGEST_CUTOFF = 60.0
#: Words this short (NATO, EU, ISIL) are never read as misspellings of one another.
SHORT_WORD = 4
MAX_SUGGESTIONS = 3
AUTHOR = "author"

# How a query was understood; shown to the user so a surprising result can be explained.
BY_ID = "id"
BY_LABEL = "label"
BY_KEYWORD = "keyword"
BY_NEAR = "near"  # a misspelling or a plural of an id or label
BY_WORDS = "words"


@dataclass(frozen=True)
class Resolution:
    """What a query was read as: topics (found by id, label, keyword or misspelling), or
    free words when `topics` is empty. `via` is the id, label or keyword it matched;
    `keywords` (canonical phrases) narrows a keyword query to the mentions made with them."""

    query: str
    topics: tuple[Topic, ...]
    how: str
    via: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A topic a query with no hit is close to, and the name of it the query resembles."""

    topic: Topic
    phrase: str
    score: float


@dataclass(frozen=True)
class Span:
    """Matched text, `start:end` slicing the article's body."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SentenceStance:
    """The stance one sentence carries on one topic, and who holds it (author or an actor)."""

    stance: Stance
    pole: str
    holder: str
    conditional: bool = False
    weight: float = 0.0


@dataclass(frozen=True)
class LookupHit:
    """One sentence that matches the query, for one topic (or none, for free words)."""

    article: ArticleInfo
    topic: Topic | None
    sentence: Sentence
    matches: tuple[Span, ...]
    stance: SentenceStance | None
    before: tuple[Sentence, ...] = ()
    after: tuple[Sentence, ...] = ()

    @property
    def matched(self) -> str:
        return self.matches[0].text


@dataclass(frozen=True)
class LookupResult:
    """Every hit (up to a limit) in article order, then position, and what was searched."""

    query: str
    resolution: Resolution
    hits: tuple[LookupHit, ...]
    total: int
    articles: tuple[ArticleInfo, ...]
    suggestions: tuple[Suggestion, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    restricted_to: tuple[str, ...] = ()
    matched_articles: tuple[str, ...] = ()  # ids of the articles with a hit, limit or not


# --------------------------------------------------------------------------- resolving


def resolve_query(
    query: str,
    pack: TopicPack,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    matcher: Matcher | None = None,
) -> Resolution:
    """Read a query as topics of the pack if it names one, else as free words."""
    words = query_words(query)
    solid = _solid(query)
    for topic in pack.topics:
        if solid & _solid(topic.id):
            return Resolution(query, (topic,), BY_ID, topic.id)
    for topic in pack.topics:
        if solid & _solid(topic.label):
            return Resolution(query, (topic,), BY_LABEL, topic.label)
    close = _best(_closest(words, pack, cutoff=RESOLVE_CUTOFF, loose=False, keywords=False))
    if close:
        return Resolution(query, tuple(s.topic for s in close), BY_NEAR, close[0].phrase)
    found = _keyword_topics(query, pack, matcher or Matcher(pack, threshold))
    if found:
        phrases = tuple(dict.fromkeys(phrase for _, phrase in found))
        return Resolution(
            query, tuple(t for t, _ in found), BY_KEYWORD, found[0][1], keywords=phrases
        )
    close = _best(_closest(words, pack, cutoff=RESOLVE_CUTOFF, loose=False, names=False))
    if close:
        phrases = tuple(dict.fromkeys(s.phrase for s in close))
        return Resolution(
            query, tuple(s.topic for s in close), BY_KEYWORD, close[0].phrase, keywords=phrases
        )
    return Resolution(query, (), BY_WORDS)


def _solid(phrase: str) -> set[str]:
    """A name written solid, so "Minsk-II", "Minsk 2", "MinskII" and "minsk2" are one name."""
    raw = "".join(fold(word) for word in TOKEN_RE.findall(phrase))
    forms = {"".join(phrase_tokens(phrase)), raw}
    if raw.endswith("ii"):
        forms.add(raw.removesuffix("ii") + "2")
    return forms - {""}


def _best(found: list[Suggestion]) -> list[Suggestion]:
    return [s for s in found if s.score == found[0].score] if found else []


def query_words(query: str) -> tuple[str, ...]:
    """The folded words of a query; a query without any is a usage error, not "no hit"."""
    words = phrase_tokens(query)
    if not words:
        raise UsageError(f"query '{query}' has no words to look up")
    return words


def suggest(query: str, pack: TopicPack) -> tuple[Suggestion, ...]:
    """Topics whose id, label or keyword the query resembles, best first, for "did you mean"."""
    words = phrase_tokens(query)
    found = _closest(words, pack, cutoff=SUGGEST_CUTOFF, loose=True)
    if len(words) > 1:  # "minsk sanctons": each word may name a topic of its own
        for word in words:
            found += _closest((word,), pack, cutoff=SUGGEST_CUTOFF, loose=True)
    found.sort(key=lambda s: -s.score)
    seen: set[str] = set()
    out: list[Suggestion] = []
    for suggestion in found:
        if suggestion.topic.id not in seen:
            seen.add(suggestion.topic.id)
            out.append(suggestion)
    return tuple(out[:MAX_SUGGESTIONS])


def _keyword_topics(query: str, pack: TopicPack, matcher: Matcher) -> list[tuple[Topic, str]]:
    """Topics with a keyword that covers the whole query, read by the text's own rules
    (Minsk-II, MinskII, sanction, sanctons), in pack order."""
    tokens = tokenize(query)
    hits = [
        hit
        for hit in matcher.find(tokens)
        if hit.entry.kind == "keyword" and hit.first == 0 and hit.last == len(tokens) - 1
    ]
    found: dict[str, str] = {}
    for hit in sorted(hits, key=lambda h: -h.score):
        found.setdefault(hit.entry.topic, hit.entry.phrase)
    return [(topic, found[topic.id]) for topic in pack.topics if topic.id in found]


def _names(
    topic: Topic, *, names: bool = True, keywords: bool = True
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """What a user may type for a topic: its id and label (`names`), and its keyword
    variants (`keywords`), each given as its canonical phrase with the variant's words."""
    if names:
        yield topic.id, phrase_tokens(topic.id)
        yield topic.label, phrase_tokens(topic.label)
    if keywords:
        for variants in topic.keywords:
            for variant in variants:
                yield variants[0], phrase_tokens(variant)


def _closest(
    words: Sequence[str],
    pack: TopicPack,
    *,
    cutoff: float,
    loose: bool,
    names: bool = True,
    keywords: bool = True,
) -> list[Suggestion]:
    """Names of the pack as long as the query whose every word is a plausible misspelling
    of the query's, best first (one per topic)."""
    best: dict[str, Suggestion] = {}
    for topic in pack.topics:
        for phrase, name in _names(topic, names=names, keywords=keywords):
            if len(name) != len(words):
                continue
            score = min(
                (_word_score(q, n, loose=loose) for q, n in zip(words, name, strict=True)),
                default=0.0,
            )
            if score >= cutoff and (topic.id not in best or score > best[topic.id].score):
                best[topic.id] = Suggestion(topic, phrase, score)
    return sorted(best.values(), key=lambda s: -s.score)


def _word_score(word: str, name: str, *, loose: bool) -> float:
    if word == name:
        return 100.0
    if min(len(word), len(name)) <= SHORT_WORD or word.isdigit() or name.isdigit():
        return 0.0  # "nation" is not "NATO", "2" is not "3"
    if word[0] != name[0] or abs(len(word) - len(name)) > (3 if loose else 2):
        return 0.0
    if word.startswith(name) or name.startswith(word):
        if (word[len(name) :] or name[len(word) :]) in ("s", "es"):
            return 97.0  # a plural: "sanction" names the topic "Sanctions"
        if not loose:
            return 0.0  # "crime" is not "Crimea"
    return float(fuzz.ratio(word, name))


# --------------------------------------------------------------------------- searching


def lookup(
    query: str,
    articles: Sequence[Article],
    pack: TopicPack,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    topics: Sequence[str] = (),
    context: int = 0,
    limit: int | None = None,
    words: bool = False,
    skipped: Sequence[Skipped] = (),
    model: StanceModel | None = None,
) -> LookupResult:
    """Every sentence of the articles that matches the query, with its topic and stance.

    `topics` restricts hits to those topic ids; `context` adds that many sentences on
    each side; `limit` keeps the first hits (`total` still counts all); `words` skips
    reading the query as a topic and searches its words alone.
    """
    if context < 0:
        raise UsageError("--context must be 0 or more")
    if limit is not None and limit < 1:
        raise UsageError("--limit must be 1 or more")
    only = _restriction(topics, pack)
    engine = Engine(pack, threshold=threshold, model=model)
    if words:
        query_words(query)
        resolution = Resolution(query, (), BY_WORDS)
    else:
        resolution = resolve_query(query, pack, threshold=threshold, matcher=engine.matcher)
    finder = None if resolution.topics else _phrase_matcher(query, threshold)
    wanted = {t.id for t in resolution.topics}
    if only is not None:
        wanted &= only
    screen = _screen(pack, wanted, threshold) if finder is None else None
    hits: list[LookupHit] = []
    for article in articles:
        if screen is not None and not _mentioned(article, screen):
            continue  # judging is half the cost: skip articles the topic is never in
        hits.extend(_article_hits(article, engine, resolution, finder, only, context))
    shown = hits if limit is None else hits[:limit]
    return LookupResult(
        query=query,
        resolution=resolution,
        hits=tuple(shown),
        total=len(hits),
        articles=tuple(a.info for a in articles),
        suggestions=() if hits or resolution.topics else suggest(query, pack),
        skipped=tuple(skipped),
        restricted_to=tuple(topics),
        matched_articles=tuple(dict.fromkeys(hit.article.id for hit in hits)),
    )


def _restriction(topics: Sequence[str], pack: TopicPack) -> frozenset[str] | None:
    if not topics:
        return None
    for topic_id in topics:
        if topic_id not in pack.ids:
            hint = suggest(topic_id, pack)
            close = f"; did you mean '{hint[0].topic.id}'?" if hint else ""
            raise UsageError(
                f"--topic '{topic_id}' is not a topic of pack '{pack.name}' "
                f"(its topics: {', '.join(pack.ids)}){close}"
            )
    return frozenset(topics)


def _screen(pack: TopicPack, wanted: set[str], threshold: float) -> Matcher | None:
    """A matcher of the wanted topics alone: smaller, so cheap to run over a whole text."""
    topics = tuple(t for t in pack.topics if t.id in wanted)
    if not topics:
        return None
    return Matcher(TopicPack(name=pack.name, source=pack.source, topics=topics), threshold)


def _mentioned(article: Article, screen: Matcher) -> bool:
    """Could the engine find a wanted topic in the article? Matching the whole text at once
    finds every phrase that sentence-by-sentence matching finds (and perhaps one spanning
    two sentences), so a False here is safe to skip on."""
    return any(hit.entry.standalone for hit in screen.find(tokenize(article.text)))


def _phrase_matcher(query: str, threshold: float) -> Matcher:
    """The query's words as a one-topic pack, so they match as forgivingly as keywords do."""
    topic = Topic(
        id="query", label=query, question="", pro="", con="", keywords=((query.strip(),),)
    )
    return Matcher(TopicPack(name="query", source="<query>", topics=(topic,)), threshold)


def _article_hits(
    article: Article,
    engine: Engine,
    resolution: Resolution,
    finder: Matcher | None,
    only: frozenset[str] | None,
    context: int,
) -> list[LookupHit]:
    sentences = sentences_of(article)
    if finder is None:
        wanted = {t.id for t in resolution.topics}
        if only is not None:
            wanted &= only
        if not wanted:
            return []
        analysis = engine.analyze(article)
        mentions: Iterable[Mention] = analysis.mentions
        if resolution.keywords:
            keywords = set(resolution.keywords)
            mentions = [m for m in mentions if m.kind == "keyword" and m.keyword in keywords]
        spans = _topic_spans(mentions, wanted, sentences)
    else:
        found = _word_spans(article.text, sentences, finder)
        if not found:
            return []  # no need to judge an article the words are not in
        analysis = engine.analyze(article)
        spans = _assign_topics(found, analysis.mentions, engine.pack, only)
    return _hits(article, analysis, engine.pack, sentences, spans, context)


_SpanKey = tuple[int, str | None]  # (sentence index, topic id or None)


def _topic_spans(
    mentions: Iterable[Mention], wanted: set[str], sentences: Sequence[Sentence]
) -> dict[_SpanKey, list[Span]]:
    starts = [s.start for s in sentences]
    spans: dict[_SpanKey, list[Span]] = defaultdict(list)
    for mention in mentions:
        if mention.topic in wanted:
            index = bisect_right(starts, mention.start) - 1
            spans[(index, mention.topic)].append(Span(mention.start, mention.end, mention.matched))
    return spans


def _word_spans(
    text: str, sentences: Sequence[Sentence], finder: Matcher
) -> list[tuple[int, Span]]:
    found: list[tuple[int, Span]] = []
    for sentence in sentences:
        tokens = tokenize(text, sentence.start, sentence.end)
        for hit in finder.find(tokens):
            if hit.entry.kind == "keyword":
                start, end = tokens[hit.first].start, tokens[hit.last].end
                found.append((sentence.index, Span(start, end, text[start:end])))
    return found


def _assign_topics(
    found: Sequence[tuple[int, Span]],
    mentions: Sequence[Mention],
    pack: TopicPack,
    only: frozenset[str] | None,
) -> dict[_SpanKey, list[Span]]:
    """A free-word hit belongs to the first topic (in pack order) whose mention it overlaps."""
    order = {topic_id: i for i, topic_id in enumerate(pack.ids)}
    spans: dict[_SpanKey, list[Span]] = defaultdict(list)
    for index, span in found:
        overlapping = sorted(
            (m.topic for m in mentions if m.start < span.end and span.start < m.end),
            key=lambda topic_id: order.get(topic_id, len(order)),
        )
        topic_id = overlapping[0] if overlapping else None
        if only is None or topic_id in only:
            spans[(index, topic_id)].append(span)
    return spans


def _hits(
    article: Article,
    analysis: ArticleAnalysis,
    pack: TopicPack,
    sentences: Sequence[Sentence],
    spans: dict[_SpanKey, list[Span]],
    context: int,
) -> list[LookupHit]:
    order = {topic_id: i for i, topic_id in enumerate(pack.ids)}
    judged: dict[tuple[int, str], list[Judgement]] = defaultdict(list)
    for judgement in analysis.judgements:
        judged[(judgement.sentence.index, judgement.topic)].append(judgement)
    hits: list[LookupHit] = []
    for index, topic_id in sorted(spans, key=lambda k: (k[0], order.get(k[1] or "", -1))):
        topic = pack.get(topic_id) if topic_id is not None else None
        stance = (
            sentence_stance(judged.get((index, topic.id), []), topic) if topic is not None else None
        )
        hits.append(
            LookupHit(
                article=article.info,
                topic=topic,
                sentence=sentences[index],
                matches=_merged(spans[(index, topic_id)], article.text),
                stance=stance,
                before=tuple(sentences[max(0, index - context) : index]),
                after=tuple(sentences[index + 1 : index + 1 + context]),
            )
        )
    return hits


def _merged(spans: Iterable[Span], text: str) -> tuple[Span, ...]:
    """Sorted spans with overlaps joined, so a keyword inside a cue is highlighted once."""
    out: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], span.end))
        else:
            out.append((span.start, span.end))
    return tuple(Span(start, end, text[start:end]) for start, end in out)


def sentence_stance(judgements: Sequence[Judgement], topic: Topic) -> SentenceStance | None:
    """The stance a sentence carries on a topic: the author's when the author takes a side,
    else the side an actor it reports takes, else no side (neutral)."""
    if not judgements:
        return None
    holders: dict[str, list[Judgement]] = defaultdict(list)
    for judgement in judgements:
        holders[judgement.holder].append(judgement)

    def rank(holder: str) -> tuple[bool, bool, float]:
        own = holders[holder]
        return (
            any(j.polarity for j in own),
            holder == AUTHOR,
            sum(j.weight for j in own),
        )

    holder = max(holders, key=rank)
    own = holders[holder]
    sides = {j.polarity for j in own if j.polarity}
    if len(sides) > 1:
        stance = Stance.MIXED
    elif sides == {1}:
        stance = Stance.PRO
    elif sides == {-1}:
        stance = Stance.CON
    else:
        stance = Stance.NEUTRAL
    return SentenceStance(
        stance=stance,
        pole=topic.pole_label(stance),
        holder=holder,
        conditional=any(j.conditional for j in own),
        weight=max(j.weight for j in own),
    )


# --------------------------------------------------------------------------- data


def describe_resolution(resolution: Resolution) -> str:
    """How the query was read, in words, for the table's caption and the no-hit message."""
    names = ", ".join(f"{t.label} ({t.id})" for t in resolution.topics)
    if resolution.how == BY_ID:
        return f"topic {names}"
    if resolution.how == BY_LABEL:
        return f"topic {names}"
    if resolution.how == BY_KEYWORD:
        keywords = ", ".join(f"'{k}'" for k in resolution.keywords)
        return f"keyword {keywords} of topic {names}"
    if resolution.how == BY_NEAR:
        return f"topic {names}, read as '{resolution.via}'"
    return "free words"


def no_hit_message(result: LookupResult) -> str:
    """One line for stderr: what was not found where, and what the user may have meant."""
    count = len(result.articles)
    where = f"{count} article{'s' * (count != 1)}"
    if result.resolution.keywords:
        keywords = " or ".join(f"'{k}'" for k in result.resolution.keywords)
        message = f"no sentence of {where} says {keywords} (query '{result.query}')"
    elif result.resolution.topics:
        names = " or ".join(t.label for t in result.resolution.topics)
        message = f"no sentence of {where} mentions {names} (query '{result.query}')"
    else:
        message = f"no match for '{result.query}' in {where}"
    if result.restricted_to:
        message += f" within --topic {', '.join(result.restricted_to)}"
    if result.suggestions:
        message += f"; did you mean {' or '.join(map(describe_suggestion, result.suggestions))}?"
    return message


def describe_suggestion(suggestion: Suggestion) -> str:
    """ "'Minsk II' (topic minsk)", or "'embargo' (a keyword of topic sanctions)"."""
    topic = suggestion.topic
    if suggestion.phrase in (topic.id, topic.label):
        return f"'{topic.label}' (topic {topic.id})"
    return f"'{suggestion.phrase}' (a keyword of topic {topic.id})"


def hit_to_dict(hit: LookupHit) -> dict[str, object]:
    """One hit as JSON-ready data; `start:end` slices the article's body to the sentence,
    as in compare's evidence, and `matches` locates each matched phrase."""
    stance = hit.stance
    return {
        "article": hit.article.id,
        "title": hit.article.title,
        "topic": hit.topic.id if hit.topic else None,
        "label": hit.topic.label if hit.topic else None,
        "matched": hit.matched,
        "sentence": hit.sentence.text,
        "start": hit.sentence.start,
        "end": hit.sentence.end,
        "matches": [{"text": m.text, "start": m.start, "end": m.end} for m in hit.matches],
        "stance": stance.stance.value if stance else None,
        "pole": stance.pole if stance else None,
        "holder": stance.holder if stance else None,
        "conditional": stance.conditional if stance else False,
        "before": [s.text for s in hit.before],
        "after": [s.text for s in hit.after],
    }


def lookup_to_dict(result: LookupResult) -> dict[str, object]:
    """The whole lookup as JSON-ready data (schema_version 1)."""
    resolution = result.resolution
    return {
        "schema_version": SCHEMA_VERSION,
        "query": result.query,
        "resolved": {
            "as": resolution.how,
            "topics": [t.id for t in resolution.topics],
            "via": resolution.via or None,
            "keywords": list(resolution.keywords),
        },
        "total": result.total,
        "hits": [hit_to_dict(hit) for hit in result.hits],
        "suggestions": [
            {"topic": s.topic.id, "label": s.topic.label, "phrase": s.phrase}
            for s in result.suggestions
        ],
        "articles": [a.id for a in result.articles],
        "skipped": [skipped_to_dict(s) for s in result.skipped],
    }


def find_topics(pack: TopicPack, name: str) -> tuple[Topic, ...]:
    """The topics a name means (id, label, keyword or a misspelling of one), for
    `stance topics ID`; NoMatchError, with a "did you mean", when there is none."""
    if name in pack.ids:
        return (pack.get(name),)
    resolution = resolve_query(name, pack)
    if resolution.topics:
        return resolution.topics
    hints = suggest(name, pack)
    hint = f"; did you mean {' or '.join(map(describe_suggestion, hints))}?" if hints else ""
    raise NoMatchError(
        f"no topic '{name}' in pack '{pack.name}' (topics: {', '.join(pack.ids)}){hint}"
    )
