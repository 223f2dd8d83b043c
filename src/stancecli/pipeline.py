"""The one-way flow: load -> segment -> match -> judge -> aggregate.

`Engine` compiles a pack once; `analyze` turns one article into its cells and judgements,
and keeps nothing of the text but the evidence sentences, so many articles can stream
through. `compare` runs a set of articles into a `Comparison` for the renderers.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from stancecli.aggregate import aggregate
from stancecli.errors import NoArticlesError
from stancecli.judge import ArticleContext, Judge
from stancecli.lexicon import default_lexicon
from stancecli.loading import DEFAULT_MAX_BYTES, bundled_corpus_inputs, load_articles
from stancecli.matcher import DEFAULT_THRESHOLD, Hit, Matcher, PhraseEntry
from stancecli.models import (
    Article,
    ArticleInfo,
    Comparison,
    Judgement,
    Mention,
    Sentence,
    Skipped,
    TopicPack,
    TopicStance,
)
from stancecli.segment import split_sentences
from stancecli.text import Token, tokenize
from stancecli.topics import default_pack

ANAPHORA_REACH = 2  # "the agreement" may point back this many sentences
_DETERMINERS = frozenset({"the", "this", "that"})


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything `stance` concluded about one article."""

    info: ArticleInfo
    cells: tuple[TopicStance, ...]
    judgements: tuple[Judgement, ...]
    mentions: tuple[Mention, ...]


class Engine:
    """A pack compiled for matching and judging; build once, analyze many articles."""

    def __init__(
        self,
        pack: TopicPack | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        evidence: int = 3,
    ) -> None:
        self.pack = pack or default_pack()
        self.matcher = Matcher(self.pack, threshold)
        self.judge = Judge(self.matcher, default_lexicon())
        self.evidence = evidence

    def analyze(self, article: Article) -> ArticleAnalysis:
        text = article.text
        sentences = split_sentences(text)
        tokens = tokenize(text)
        starts = [t.start for t in tokens]
        context = ArticleContext()
        recent: list[tuple[int, set[str]]] = []  # (sentence index, topics) for anaphora
        judgements: list[Judgement] = []
        mentions: list[Mention] = []
        for sentence in sentences:
            first = bisect_left(starts, sentence.start)
            last = bisect_left(starts, sentence.end)
            own = tokens[first:last]
            if not own:
                continue
            hits = self.matcher.find(own)
            hits += self._anaphora(own, hits, recent, sentence.index)
            found = self.matcher.mentions(text, own, hits)
            if not found:
                self.judge.note_holder(text, own, context)
                continue
            mentions.extend(found)
            recent.append((sentence.index, {m.topic for m in found if m.kind == "keyword"}))
            upcoming = [s.text for s in sentences[sentence.index + 1 : sentence.index + 6]]
            judgements.extend(
                self.judge.judge_sentence(text, sentence, own, hits, found, context, upcoming)
            )
        cells = tuple(
            aggregate(
                article.id,
                topic.id,
                [j for j in judgements if j.topic == topic.id],
                len({(m.start, m.end) for m in mentions if m.topic == topic.id}),
                evidence=self.evidence,
            )
            for topic in self.pack.topics
        )
        return ArticleAnalysis(article.info, cells, tuple(judgements), tuple(mentions))

    def _anaphora(
        self,
        tokens: Sequence[Token],
        hits: Sequence[Hit],
        recent: Sequence[tuple[int, set[str]]],
        index: int,
    ) -> list[Hit]:
        """'The agreement' right after 'the Minsk II agreement' still mentions Minsk."""
        heads = self.matcher.heads
        if not any(token.norm in heads for token in tokens[1:]):
            return []
        present = {h.entry.topic for h in hits if h.entry.kind == "keyword"}
        nearby: set[str] = set()
        for i, topics in reversed(recent):
            if index - i > ANAPHORA_REACH:
                break
            nearby |= topics
        extra: list[Hit] = []
        for i in range(1, len(tokens)):
            topic = self.matcher.heads.get(tokens[i].norm)
            if (
                topic
                and topic in nearby
                and topic not in present
                and (tokens[i - 1].norm in _DETERMINERS)
            ):
                extra.append(Hit(i - 1, i, PhraseEntry(topic, "keyword", 0, tokens[i].norm), 80.0))
                present.add(topic)
        return extra


def compare(
    articles: Iterable[Article],
    pack: TopicPack | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    skipped: Sequence[Skipped] = (),
) -> Comparison:
    """Compare articles on a pack (the default pack when none is given)."""
    engine = Engine(pack, threshold=threshold, evidence=evidence)
    analyses = [engine.analyze(article) for article in articles]
    if not analyses:
        raise NoArticlesError("no articles to compare")
    return Comparison(
        pack=engine.pack,
        articles=tuple(a.info for a in analyses),
        cells=tuple(cell for a in analyses for cell in a.cells),
        skipped=tuple(skipped),
        judgements=tuple((a.info.id, j) for a in analyses for j in a.judgements),
    )


def compare_inputs(
    inputs: Sequence[str],
    pack: TopicPack | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    stdin: TextIO | None = None,
    text_field: str | None = None,
    id_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    hidden: bool = False,
) -> Comparison:
    """Load files, folders, globs or '-' (the bundled corpus when none) and compare them.

    The loading options are `load_articles`'s: JSON field names, a size cap, hidden files.
    """
    loaded = load_articles(
        list(inputs) or bundled_corpus_inputs(),
        stdin=stdin,
        text_field=text_field,
        id_field=id_field,
        max_bytes=max_bytes,
        hidden=hidden,
    )
    if not loaded.articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in loaded.skipped[:3])
        raise NoArticlesError(f"nothing to compare{': ' + reasons if reasons else ''}")
    return compare(
        loaded.articles, pack, threshold=threshold, evidence=evidence, skipped=loaded.skipped
    )


def sentences_of(article: Article) -> list[Sentence]:
    """Sentences of an article, for commands that show context around evidence."""
    return split_sentences(article.text)
