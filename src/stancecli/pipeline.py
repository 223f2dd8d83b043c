"""The one-way flow: load -> segment -> match -> judge -> aggregate.

`Engine` compiles a pack once; `analyze` turns one article into its cells and judgements,
and keeps nothing of the text but the evidence sentences, so many articles can stream
through. `compare` runs a set of articles into a `Comparison` for the renderers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TextIO

from stancecli.aggregate import aggregate, learned_cell
from stancecli.analysis_cache import analysis_cache
from stancecli.collector import collector_paused
from stancecli.errors import NoArticlesError
from stancecli.io.loading import DEFAULT_MAX_BYTES, bundled_corpus_inputs, load_articles
from stancecli.judge.lexicon import default_lexicon
from stancecli.judge.rules import Judge
from stancecli.learned.judge import ArticleJudgements, judge_readings
from stancecli.learned.model import StanceModel, default_model
from stancecli.match.matcher import DEFAULT_THRESHOLD, Matcher
from stancecli.match.reading import Reader, SentenceReading
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
from stancecli.text.segment import split_sentences
from stancecli.text.tokens import TextWords
from stancecli.topics import default_pack

if TYPE_CHECKING:  # multiprocessing itself is imported only for a run with workers
    from multiprocessing.context import BaseContext
    from multiprocessing.pool import AsyncResult


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything `stance` concluded about one article."""

    info: ArticleInfo
    cells: tuple[TopicStance, ...]
    judgements: tuple[Judgement, ...]
    mentions: tuple[Mention, ...]


EXPLAINED = 4  # features named per evidence sentence: JSON's "why", `stance show --explain`


class Engine:
    """A pack compiled for matching and judging; build once, analyze many articles."""

    def __init__(
        self,
        pack: TopicPack | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        evidence: int = 3,
        model: StanceModel | None = None,
        explain: int = EXPLAINED,
    ) -> None:
        with collector_paused():
            self.pack = pack or default_pack()
            self.matcher = Matcher(self.pack, threshold)
            self.judge = Judge(self.matcher, default_lexicon())
            self.model = model or default_model()
            self.reader = Reader(self.matcher, self.judge, self.model.trigger_stems)
            self.matcher.recall_words()  # what earlier runs compared, word by word
        self.evidence = evidence
        self.explain = explain

    def read(self, text: str) -> tuple[list[SentenceReading], int]:
        """The readings of the sentences that may bear on a topic, and how many there are.

        A text with no word that could start a mention is not even segmented: with no
        reading, every cell is absent whatever its length.
        """
        words = TextWords(text)  # the one scan for words: triggers and tokens share it
        triggers = self.reader.triggers(text, words)
        if not self.model.read_every and not triggers:
            return [], 0
        sentences = split_sentences(text)
        every = self.model.read_every
        readings = self.reader.read(text, sentences, every=every, triggers=triggers, words=words)
        return [_as_own_sentence(r) for r in readings], len(sentences)

    def analyze(self, article: Article) -> ArticleAnalysis:
        """Cells, judgements and mentions of one article."""
        text = article.text
        readings, count = self.read(text)
        judged = judge_readings(
            self.model, text, readings, self.pack.ids, count, explain=self.explain
        )
        cells = tuple(self._cell(article.id, topic, judged) for topic in self.pack.ids)
        mentions = tuple(m for r in readings for m in r.mentions)
        return ArticleAnalysis(article.info, cells, tuple(judged.judgements), mentions)

    def _cell(self, article: str, topic: str, judged: ArticleJudgements) -> TopicStance:
        """The model's cell on a topic it was fitted for; the rule reading's vote on others."""
        found = judged.topics[topic]
        if topic in self.model.topics:
            return learned_cell(article, topic, judged, self.model, evidence=self.evidence)
        own = [j for j in judged.judgements if j.topic == topic]
        return aggregate(article, topic, own, len(found.mention_spans), evidence=self.evidence)


def _as_own_sentence(reading: SentenceReading) -> SentenceReading:
    """A piece of a sentence cut at the segmenter's bound is read as a sentence of its own.

    The topics of "the sentence just before" are, for such a piece, topics named earlier
    in the same sentence; read as a sentence before it, they would make each piece of a
    run-on "sanctions sanctions ..." lean the way a follow-up sentence leans.
    """
    if reading.sentence.continued and reading.previous:
        return replace(reading, previous=frozenset())
    return reading


def analyze_all(
    articles: Iterable[Article],
    pack: TopicPack | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    evidence: int = 3,
    jobs: int = 1,
    keep_judgements: bool = True,
    model: StanceModel | None = None,
    remember: bool = True,
) -> Iterator[ArticleAnalysis]:
    """Analyses in the order of `articles`, in this process or in `jobs` worker processes.

    Input is read lazily and at most a few batches are in flight, so a corpus larger than
    memory streams through; judgements are dropped unless asked for (the actor view needs
    them, the comparison does not), which keeps both memory and inter-process traffic low.
    In one process, an article an earlier run of a few articles analysed with the same
    settings is taken from the run cache (`stancecli.analysis_cache`; `remember=False`
    reads every one), and the Engine is built only for the first article not found there.
    """
    if jobs <= 1:
        used = pack or default_pack()
        kept = None
        if remember:
            kept = analysis_cache(
                used,
                threshold=threshold,
                evidence=evidence,
                explain=EXPLAINED,
                model=model,
                keep_judgements=keep_judgements,
            )
        engine = None
        if kept is None:  # as before: a bad setting fails before any input is read
            engine = Engine(used, threshold=threshold, evidence=evidence, model=model)
        for article in articles:
            analysis = kept.recall(article) if kept is not None else None
            if analysis is None:
                if engine is None:
                    engine = Engine(used, threshold=threshold, evidence=evidence, model=model)
                    if kept is not None and engine.model.file_key != kept.model_key:
                        kept = None  # the model file was replaced since the run was keyed
                analysis = _trim(engine.analyze(article), keep_judgements)
                if kept is not None:
                    kept.note(article, analysis)
            yield analysis
        if engine is not None:
            engine.matcher.keep_words()
        if kept is not None:
            kept.keep()
        return
    start = (pack, threshold, evidence, keep_judgements, model)
    with pool_context().Pool(jobs, start_worker, start) as pool:
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
    model: StanceModel | None = None,
    retain: bool = True,
    remember: bool = True,
) -> Comparison:
    """Compare articles on a pack (the default pack when none is given).

    `on_analysis` sees each article's analysis as soon as it is ready, in input order:
    that is how `--format jsonl` prints cells while the rest is still being read. With
    `retain=False` nothing is kept per article (the Comparison has no articles or cells):
    a streamed run of a year of news then holds no more than one article's worth.
    `remember` as in `analyze_all`.
    """
    used = pack or default_pack()
    analyses = analyze_all(
        articles,
        used,
        threshold=threshold,
        evidence=evidence,
        jobs=jobs,
        keep_judgements=keep_judgements,
        model=model,
        remember=remember,
    )
    return gather(analyses, used, skipped=skipped, on_analysis=on_analysis, retain=retain)


def gather(
    analyses: Iterable[ArticleAnalysis],
    pack: TopicPack,
    *,
    skipped: Sequence[Skipped] = (),
    on_analysis: Callable[[ArticleAnalysis], None] | None = None,
    retain: bool = True,
) -> Comparison:
    """The Comparison of analyses made however (here, or by workers that read their own
    inputs); `on_analysis` and `retain` as in `compare`."""
    infos: list[ArticleInfo] = []
    cells: list[TopicStance] = []
    judgements: list[tuple[str, Judgement]] = []
    seen = 0
    for analysis in analyses:
        seen += 1
        if retain:
            infos.append(analysis.info)
            cells.extend(analysis.cells)
            judgements.extend((analysis.info.id, j) for j in analysis.judgements)
        if on_analysis is not None:
            on_analysis(analysis)
    if not seen:
        raise NoArticlesError("no articles to compare")
    return Comparison(
        pack=pack,
        articles=tuple(infos),
        cells=tuple(cells),
        skipped=tuple(skipped),
        judgements=tuple(judgements),
    )


BATCH_SIZE = 16  # articles per task: enough to amortize pickling, small enough to stream
BATCHES_IN_FLIGHT = 3  # per worker: keeps workers busy without reading ahead unboundedly
_worker: tuple[Engine, bool] | None = None


def pool_context() -> BaseContext:
    """Fork where the platform has it: a worker then starts from the parent's imports."""
    import multiprocessing

    fork = "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if fork else None)


def start_worker(
    pack: TopicPack | None,
    threshold: float,
    evidence: int,
    keep_judgements: bool,
    model: StanceModel | None,
) -> None:
    """Each worker compiles the pack once, then analyzes batch after batch."""
    global _worker
    engine = Engine(pack, threshold=threshold, evidence=evidence, model=model)
    _worker = (engine, keep_judgements)


def worker_engine() -> tuple[Engine, bool]:
    """This worker's engine and whether to keep judgements (`start_worker` set them)."""
    assert _worker is not None, "worker not started"
    return _worker


def _analyze_batch(batch: list[Article]) -> list[ArticleAnalysis]:
    engine, keep = worker_engine()
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
