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

from stancecli.evaluation import CellOutcome, Figures, Gold, GoldDoc, evaluate
from stancecli.learned.model import StanceModel
from stancecli.learned.vocabulary import CLASSES
from stancecli.loading import load_text
from stancecli.models import Comparison, Stance, TopicPack
from stancecli.pipeline import compare
from stancecli.train.corpora import LabelledDocument
from stancecli.train.fit import Settings, Trainer, group_folds, sentence_class


@dataclass
class FoldResult:
    outcomes: list[CellOutcome] = field(default_factory=list)
    sentence_gold: list[int] = field(default_factory=list)
    sentence_predicted: list[int] = field(default_factory=list)


def gold_of(docs: Sequence[LabelledDocument], where: str) -> Gold:
    """Document labels as `stance eval` gold: a topic left out is absent."""
    return Gold(
        where,
        tuple(
            GoldDoc(d.doc, {t: (Stance(s),) for t, s in d.author_cells().items()}, {}) for d in docs
        ),
    )


def score_documents(
    model: StanceModel, pack: TopicPack, docs: Sequence[LabelledDocument]
) -> tuple[Comparison, list[CellOutcome]]:
    """Compare the documents' full texts with the model and score them on their labels."""
    articles = [load_text(d.text, article_id=d.doc, path=d.doc) for d in docs]
    comparison = compare(articles, pack, model=model, keep_judgements=False)
    report = evaluate(comparison, gold_of(docs, "cross-validation"))
    return comparison, list(report.outcomes)


def score_sentences(
    trainer: Trainer, model: StanceModel, docs: Sequence[LabelledDocument]
) -> tuple[list[int], list[int]]:
    """Gold and predicted class of every labelled sentence on every topic."""
    gold: list[int] = []
    predicted: list[int] = []
    topics = trainer.pack.ids
    for doc in docs:
        items = {item.sentence.index: item for item in doc.sentences}
        for reading in trainer.reader.read(
            doc.text, [item.sentence for item in doc.sentences], every=True
        ):
            for verdict in model.verdicts(doc.text, reading, topics):
                gold.append(sentence_class(items[reading.sentence.index], verdict.topic))
                probs = verdict.probabilities
                predicted.append(max(range(len(CLASSES)), key=lambda k: probs[k]))
    return gold, predicted


def cross_validate(
    pack: TopicPack,
    docs: Sequence[LabelledDocument],
    *,
    extra: Sequence[LabelledDocument] = (),
    folds: int = 5,
    settings: Settings | None = None,
    trigger_stems: Sequence[str] = (),
    progress: Callable[[str], None] = lambda _: None,
) -> FoldResult:
    """Outcomes over every document of `docs`, each scored by a model that never saw its group."""
    used = settings or Settings()
    result = FoldResult()
    for k, held in enumerate(group_folds(docs, folds, used.seed)):
        held_ids = {d.doc for d in held}
        train = [d for d in docs if d.doc not in held_ids] + list(extra)
        trainer = Trainer(pack, used, trigger_stems)
        model = trainer.fit(train, progress=_prefixed(progress, f"fold {k + 1}: "))
        _, outcomes = score_documents(model, pack, held)
        result.outcomes += outcomes
        gold, predicted = score_sentences(trainer, model, held)
        result.sentence_gold += gold
        result.sentence_predicted += predicted
        progress(f"fold {k + 1}: {summary(result)}")
    return result


def _prefixed(say: Callable[[str], None], prefix: str) -> Callable[[str], None]:
    return lambda message: say(prefix + message)


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> float:
    """F1 averaged over the author's pro, con and neutral (not over 'not addressed')."""
    scores: list[float] = []
    for cls in (CLASSES.index("pro"), CLASSES.index("con"), CLASSES.index("neutral")):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == cls and p == cls)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != cls and p == cls)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == cls and p != cls)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def summary(result: FoldResult) -> str:
    figures = Figures.of(result.outcomes)
    polar = figures.polar_accuracy or 0.0
    f1 = figures.detection_f1 or 0.0
    return (
        f"polar {figures.polar_correct}/{figures.polar_cells} ({polar:.0%}), "
        f"sign errors {figures.sign_errors}, detection F1 {f1:.2f}, "
        f"sentence macro-F1 {macro_f1(result.sentence_gold, result.sentence_predicted):.2f}"
    )
