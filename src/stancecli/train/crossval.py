"""Measuring a way of training by cross-validation on groups it was not trained on.

Each fold fits a whole model (sentence weights and document classifier) on the other
folds plus any extra training data, then reads the held-out documents exactly as
`stance compare` reads an unseen article: the full text, segmented, only sentences that
may bear on a topic. Document figures come from `stancecli.evaluation`, the same code
`stance eval` reports with; sentence figures score the author's pro/con/neutral on the
labelled sentences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from stancecli.evaluation import CellOutcome, Figures, evaluate
from stancecli.io.loading import load_text
from stancecli.learned.model import StanceModel
from stancecli.learned.scoring import gold_of, macro_f1, score_sentences
from stancecli.models import Comparison, TopicPack
from stancecli.pipeline import Engine, compare
from stancecli.train.corpora import LabelledDocument
from stancecli.train.fit import Trainer, group_folds


@dataclass
class FoldResult:
    outcomes: list[CellOutcome] = field(default_factory=list)
    sentence_gold: list[int] = field(default_factory=list)
    sentence_predicted: list[int] = field(default_factory=list)


def score_documents(
    model: StanceModel, pack: TopicPack, docs: Sequence[LabelledDocument]
) -> tuple[Comparison, list[CellOutcome]]:
    """Compare the documents' full texts with the model and score them on their labels."""
    articles = [load_text(d.text, article_id=d.doc, path=d.doc) for d in docs]
    comparison = compare(articles, pack, model=model, keep_judgements=False)
    report = evaluate(comparison, gold_of(docs, "cross-validation"))
    return comparison, list(report.outcomes)


def cross_validate(
    trainer: Trainer,
    docs: Sequence[LabelledDocument],
    *,
    extra: Sequence[LabelledDocument] = (),
    folds: int = 5,
    progress: Callable[[str], None] = lambda _: None,
) -> FoldResult:
    """Outcomes over every document of `docs`, each scored by a model that never saw its group.

    The trainer is the one that fits the shipped model (its pack, settings, trigger and
    subject words), so what is measured is what ships. One trainer serves all folds: it
    keeps what it read.
    """
    pack = trainer.pack
    used = trainer.settings
    result = FoldResult()
    for k, held in enumerate(group_folds(docs, folds, used.seed)):
        held_ids = {d.doc for d in held}
        train = [d for d in docs if d.doc not in held_ids] + list(extra)
        model = trainer.fit(train, progress=_prefixed(progress, f"fold {k + 1}: "))
        _, outcomes = score_documents(model, pack, held)
        result.outcomes += outcomes
        scores = score_sentences(Engine(pack, model=model), held)
        result.sentence_gold += scores.gold
        result.sentence_predicted += scores.predicted
        progress(f"fold {k + 1}: {summary(result)}")
    return result


def _prefixed(say: Callable[[str], None], prefix: str) -> Callable[[str], None]:
    return lambda message: say(prefix + message)


def summary(result: FoldResult) -> str:
    figures = Figures.of(result.outcomes)
    polar = figures.polar_accuracy or 0.0
    f1 = figures.detection_f1 or 0.0
    return (
        f"polar {figures.polar_correct}/{figures.polar_cells} ({polar:.0%}), "
        f"sign errors {figures.sign_errors}, detection F1 {f1:.2f}, "
        f"sentence macro-F1 {macro_f1(result.sentence_gold, result.sentence_predicted):.2f}"
    )
