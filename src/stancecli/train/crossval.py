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
from pathlib import Path

from stancecli.evaluation import CellOutcome, Figures, evaluate
from stancecli.io.loading import load_text
from stancecli.learned.model import StanceModel, load_model
from stancecli.learned.scoring import gold_of, macro_f1, score_sentences
from stancecli.models import Comparison, TopicPack
from stancecli.pipeline import Engine, compare
from stancecli.train.corpora import LabelledDocument
from stancecli.train.fit import Trainer, data_hash, group_folds


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
    models: Path | None = None,
) -> FoldResult:
    """Outcomes over every document of `docs`, each scored by a model that never saw its group.

    The trainer is the one that fits the shipped model (its pack, settings, trigger and
    subject words), so what is measured is what ships. One trainer serves all folds: it
    keeps what it read.

    `models`, a file name stem ("runs/un"), keeps each fold's model beside it
    ("runs/un-fold1.json.gz") and reuses it on the next run, so a change to how a fitted
    model judges (aggregation, evidence) is measured in minutes instead of the fits' hour.
    A kept model is reused only if it records the fold's training data and the trainer's
    settings; a change to the features or the fitting needs the files deleted.
    """
    pack = trainer.pack
    used = trainer.settings
    result = FoldResult()
    for k, held in enumerate(group_folds(docs, folds, used.seed)):
        held_ids = {d.doc for d in held}
        train = [d for d in docs if d.doc not in held_ids] + list(extra)
        say = _prefixed(progress, f"fold {k + 1}: ")
        kept = None if models is None else models.with_name(f"{models.name}-fold{k + 1}.json.gz")
        model = _fold_model(trainer, train, kept, say)
        _, outcomes = score_documents(model, pack, held)
        result.outcomes += outcomes
        scores = score_sentences(Engine(pack, model=model), held)
        result.sentence_gold += scores.gold
        result.sentence_predicted += scores.predicted
        progress(f"fold {k + 1}: {summary(result)}")
    return result


def _fold_model(
    trainer: Trainer,
    train: Sequence[LabelledDocument],
    kept: Path | None,
    say: Callable[[str], None],
) -> StanceModel:
    """The fold's model: the kept one if it was fitted on this data with these settings."""
    if kept is not None and kept.exists():
        model = load_model(kept)
        meta = model.meta
        same = (
            meta.get("data_sha256") == data_hash(train)
            and meta.get("settings") == trainer.settings.to_dict()
            and meta.get("topics") == list(trainer.pack.ids)
            and model.word_classes == trainer.word_classes
            and model.trigger_stems == trainer.trigger_stems
            and model.subject_stems == trainer.subject_stems
        )
        if same:
            say(f"reusing {kept}")
            return model
    model = trainer.fit(train, progress=say)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        model.save(kept)
    return model


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
