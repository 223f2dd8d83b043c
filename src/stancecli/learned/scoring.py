"""Scoring the judge on sentence labels: `stance eval` with sentence lines, and CV.

Each labelled sentence is read where it stands (in its article when the labels' offsets
slice the article's text, else on its own) and the model's class on every topic is set
against the labellers': the author's pro, con or neutral, or not addressed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from stancecli.evaluation import Gold, GoldDoc
from stancecli.learned.vocabulary import CLASSES
from stancecli.models import Stance
from stancecli.pipeline import Engine
from stancecli.train.corpora import LabelledDocument, sentence_class

SCORED = ("pro", "con", "neutral")  # the classes macro-F1 averages over


@dataclass(frozen=True)
class SentenceScores:
    gold: tuple[int, ...]
    predicted: tuple[int, ...]

    @property
    def macro_f1(self) -> float:
        """F1 averaged over the author's pro, con and neutral (not over 'not addressed')."""
        return macro_f1(self.gold, self.predicted)

    @property
    def labelled(self) -> int:
        """Sentence-topic pairs the labellers gave a stance (the rest: not addressed)."""
        return sum(1 for g in self.gold if g)

    def confusion(self) -> list[list[int]]:
        """Rows gold, columns predicted, in CLASSES order."""
        matrix = [[0] * len(CLASSES) for _ in CLASSES]
        for g, p in zip(self.gold, self.predicted, strict=True):
            matrix[g][p] += 1
        return matrix


def macro_f1(gold: Sequence[int], predicted: Sequence[int]) -> float:
    scores: list[float] = []
    for cls in (CLASSES.index(name) for name in SCORED):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == cls and p == cls)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != cls and p == cls)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == cls and p != cls)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def score_sentences(
    engine: Engine, docs: Sequence[LabelledDocument], texts: Mapping[str, str] | None = None
) -> SentenceScores:
    """Gold and predicted class of every labelled sentence on every topic the model knows.

    `texts` are articles' texts by id: a document whose labels slice its article's text is
    read there, with the sentences around it; the others as the labels give them.
    """
    gold: list[int] = []
    predicted: list[int] = []
    topics = [t for t in engine.pack.ids if t in engine.model.topics]
    for doc in docs:
        text = doc.text
        article = (texts or {}).get(doc.doc)
        if article is not None and all(
            article[s.sentence.start : s.sentence.end] == s.sentence.text for s in doc.sentences
        ):
            text = article
        items = {item.sentence.index: item for item in doc.sentences}
        sentences = [item.sentence for item in doc.sentences]
        for reading in engine.reader.read(text, sentences, every=True):
            for verdict in engine.model.verdicts(text, reading, topics):
                gold.append(sentence_class(items[reading.sentence.index], verdict.topic))
                probs = verdict.probabilities
                predicted.append(max(range(len(CLASSES)), key=lambda k: probs[k]))
    return SentenceScores(tuple(gold), tuple(predicted))


def gold_of(docs: Sequence[LabelledDocument], where: str) -> Gold:
    """Document labels as `stance eval` gold: a topic left out is absent."""
    return Gold(
        where,
        tuple(
            GoldDoc(d.doc, {t: (Stance(s),) for t, s in d.author_cells().items()}, {}) for d in docs
        ),
    )


def has_sentence_labels(path: Path) -> bool:
    """Does a label file hold sentence lines (a list of labels), not only document lines?"""
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the reader that follows names the bad line
                if isinstance(record, dict) and isinstance(record.get("labels"), list):
                    return True
    except (OSError, UnicodeDecodeError):
        return False  # the gold reader says what is wrong with the file
    return False


def sentence_scores_to_dict(scores: SentenceScores) -> dict[str, object]:
    return {
        "pairs": len(scores.gold),
        "labelled": scores.labelled,
        "macro_f1": round(scores.macro_f1, 3),
        "confusion": {
            "rows": "gold",
            "columns": "predicted",
            "labels": ["not addressed", *CLASSES[1:]],
            "matrix": scores.confusion(),
        },
    }
