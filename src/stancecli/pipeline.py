"""The one-way flow: load -> segment -> match -> judge -> aggregate.

`Engine` compiles a pack once; `analyze` turns one article into its cells and judgements,
and keeps nothing of the text but the evidence sentences, so many articles can stream
through. `compare` runs a set of articles into a `Comparison` for the renderers.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
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
from stancecli.text import TOKEN_RE, Token, normalize_token, tokenize
from stancecli.topics import default_pack

ANAPHORA_REACH = 2  # "the agreement" may point back this many sentences
_DETERMINERS = frozenset({"the", "this", "that"})
_SUBJECT_PRONOUNS = frozenset({"they", "these"})
_OBJECT_PRONOUNS = frozenset({"it", "them"})


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
        self._trigger_words: dict[str, bool] = {}
        # Reporting verbs as they may be written, for the cheap test on sentences with no
        # mention ("Le Pen said ...", "According to ...").
        self._speech = frozenset(
            form
            for word in self.judge.speech_words
            for form in (word, word.capitalize(), word.upper())
        )

    def analyze(self, article: Article) -> ArticleAnalysis:
        """Cells, judgements and mentions of one article.

        Most sentences of real news mention no topic. A word can only start a mention if
        the matcher has a candidate for it, so the article's distinct words are checked
        once (one C-level findall, then the matcher's per-word cache), and only sentences
        holding such a word are tokenized, matched and judged; the rest are only looked
        at for a reporting verb, so "he" and "she" still find their holder.
        """
        text = article.text
        triggers = self._triggers(text)
        if not triggers:
            return self._summarize(article, [], [])
        sentences = split_sentences(text)
        context = ArticleContext()
        recent: list[tuple[int, set[str]]] = []  # (sentence index, topics) for anaphora
        judgements: list[Judgement] = []
        mentions: list[Mention] = []
        for sentence in sentences:
            words = TOKEN_RE.findall(text, sentence.start, sentence.end)
            continues = bool(
                words
                and words[0].lower() in _SUBJECT_PRONOUNS
                and recent
                and recent[-1][0] == sentence.index - 1
            )  # "They must stay": may carry the previous sentence's topic
            if triggers.isdisjoint(words) and not continues:
                if not self._speech.isdisjoint(words):
                    own = tokenize(text, sentence.start, sentence.end)
                    self.judge.note_holder(text, own, context)
                continue
            own = tokenize(text, sentence.start, sentence.end)
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
        return self._summarize(article, judgements, mentions)

    def _summarize(
        self, article: Article, judgements: list[Judgement], mentions: list[Mention]
    ) -> ArticleAnalysis:
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

    def _triggers(self, text: str) -> set[str]:
        """The words of a text, as written, that could anchor a mention."""
        known = self._trigger_words
        triggers: set[str] = set()
        for word in set(TOKEN_RE.findall(text)):
            verdict = known.get(word)
            if verdict is None:
                verdict = known[word] = self.matcher.may_mention(normalize_token(word))
            if verdict:
                triggers.add(word)
        return triggers

    def _anaphora(
        self,
        tokens: Sequence[Token],
        hits: Sequence[Hit],
        recent: Sequence[tuple[int, set[str]]],
        index: int,
    ) -> list[Hit]:
        """'The agreement' right after 'the Minsk II agreement' still mentions Minsk."""
        heads = self.matcher.heads
        extra_pronoun = self._pronoun_subject(tokens, hits, recent, index)
        if not any(token.norm in heads for token in tokens[1:]):
            return extra_pronoun
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
        return extra + extra_pronoun

    def _pronoun_subject(
        self,
        tokens: Sequence[Token],
        hits: Sequence[Hit],
        recent: Sequence[tuple[int, set[str]]],
        index: int,
    ) -> list[Hit]:
        """'They must stay in place': a sentence opening with a pronoun continues the one
        topic the sentence before it was about (only when that was a single topic)."""
        if not recent or index - recent[-1][0] > ANAPHORA_REACH or len(recent[-1][1]) != 1:
            return []
        topic = next(iter(recent[-1][1]))
        if any(h.entry.kind == "keyword" and h.entry.topic == topic for h in hits):
            return []
        if tokens[0].norm in _SUBJECT_PRONOUNS and recent[-1][0] == index - 1:
            return [Hit(0, 0, PhraseEntry(topic, "keyword", 0, tokens[0].norm), 70.0)]
        # "... must never accept it": the object right after one of the topic's actions
        for hit in hits:
            after = hit.last + 1
            if (
                hit.entry.kind == "action"
                and hit.entry.topic == topic
                and after < len(tokens)
                and tokens[after].norm in _OBJECT_PRONOUNS
            ):
                return [
                    Hit(after, after, PhraseEntry(topic, "keyword", 0, tokens[after].norm), 70.0)
                ]
        return []


def analyze_all(
    articles: Iterable[Article],
    pack: TopicPack | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    jobs: int = 1,
    keep_judgements: bool = True,
) -> Iterator[ArticleAnalysis]:
    """Analyses in the order of `articles`, in this process or in `jobs` worker processes.

    Input is read lazily and at most a few batches are in flight, so a corpus larger than
    memory streams through; judgements are dropped unless asked for (the actor view needs
    them, the comparison does not), which keeps both memory and inter-process traffic low.
    """
    if jobs <= 1:
        engine = Engine(pack, threshold=threshold, evidence=evidence)
        for article in articles:
            yield _trim(engine.analyze(article), keep_judgements)
        return
    context = multiprocessing.get_context("fork" if "fork" in _START_METHODS else None)
    with context.Pool(jobs, _start_worker, (pack, threshold, evidence, keep_judgements)) as pool:
        pending: deque[AsyncResult[list[ArticleAnalysis]]] = deque()
        for batch in _batches(articles, BATCH_SIZE):
            pending.append(pool.apply_async(_analyze_batch, (batch,)))
            if len(pending) >= jobs * BATCHES_IN_FLIGHT:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def compare(
    articles: Iterable[Article],
    pack: TopicPack | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    skipped: Sequence[Skipped] = (),
    jobs: int = 1,
    keep_judgements: bool = True,
    on_analysis: Callable[[ArticleAnalysis], None] | None = None,
) -> Comparison:
    """Compare articles on a pack (the default pack when none is given).

    `on_analysis` sees each article's analysis as soon as it is ready, in input order:
    that is how `--format jsonl` prints cells while the rest is still being read.
    """
    infos: list[ArticleInfo] = []
    cells: list[TopicStance] = []
    judgements: list[tuple[str, Judgement]] = []
    used = pack or default_pack()
    for analysis in analyze_all(
        articles,
        used,
        threshold=threshold,
        evidence=evidence,
        jobs=jobs,
        keep_judgements=keep_judgements,
    ):
        infos.append(analysis.info)
        cells.extend(analysis.cells)
        judgements.extend((analysis.info.id, j) for j in analysis.judgements)
        if on_analysis is not None:
            on_analysis(analysis)
    if not infos:
        raise NoArticlesError("no articles to compare")
    return Comparison(
        pack=used,
        articles=tuple(infos),
        cells=tuple(cells),
        skipped=tuple(skipped),
        judgements=tuple(judgements),
    )


BATCH_SIZE = 16  # articles per task: enough to amortize pickling, small enough to stream
BATCHES_IN_FLIGHT = 3  # per worker: keeps workers busy without reading ahead unboundedly
_START_METHODS = multiprocessing.get_all_start_methods()
_worker: tuple[Engine, bool] | None = None


def _start_worker(
    pack: TopicPack | None, threshold: float, evidence: int, keep_judgements: bool
) -> None:
    """Each worker compiles the pack once, then analyzes batch after batch."""
    global _worker
    _worker = (Engine(pack, threshold=threshold, evidence=evidence), keep_judgements)


def _analyze_batch(batch: list[Article]) -> list[ArticleAnalysis]:
    assert _worker is not None, "worker not started"
    engine, keep = _worker
    return [_trim(engine.analyze(article), keep) for article in batch]


def _trim(analysis: ArticleAnalysis, keep_judgements: bool) -> ArticleAnalysis:
    if keep_judgements:
        return analysis
    return ArticleAnalysis(analysis.info, analysis.cells, (), ())


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


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
