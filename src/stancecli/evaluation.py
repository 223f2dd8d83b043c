"""Score a comparison against hand-made gold labels, for `stance eval`.

Gold is JSONL, one article a line:

    {"doc": "wrong-detente", "labels": {"sanctions": "pro", "nato": ["mixed", "pro"]},
     "kinds": {"sanctions": "clear", "nato": "implicit"}}

A list means any of those stances is right: annotators often agree an article leans
one way without agreeing it is unqualified. A topic left out of `labels` is "absent".

The figure that matters most is `polar_accuracy` and its twin `sign_errors`: calling
an article "keep" when it says "lift" misleads a reader far more than calling a
lukewarm article "mixed". Every cell outcome is kept so mistakes can be inspected,
not just counted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from stancecli.errors import GoldError
from stancecli.models import Comparison, Stance
from stancecli.serialize import grid_lookup

SCHEMA_VERSION = 1

#: The order of the confusion matrix's rows and columns, and of stances in messages.
STANCE_ORDER: tuple[Stance, ...] = (
    Stance.PRO,
    Stance.CON,
    Stance.MIXED,
    Stance.NEUTRAL,
    Stance.ABSENT,
)
KINDS: tuple[str, ...] = ("clear", "implicit")
POLAR = frozenset({Stance.PRO, Stance.CON})


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldDoc:
    """One article's gold labels; `labels` holds the acceptable stances per labelled topic."""

    doc: str
    labels: Mapping[str, tuple[Stance, ...]]
    kinds: Mapping[str, str]
    line: int = 0

    def accepted(self, topic: str) -> tuple[Stance, ...]:
        """The stances counted as right; a topic the annotator left out is absent."""
        return self.labels.get(topic, (Stance.ABSENT,))

    def kind(self, topic: str) -> str | None:
        return self.kinds.get(topic)


@dataclass(frozen=True)
class Gold:
    """A gold file: its docs in file order, and where it came from for messages."""

    path: str
    docs: tuple[GoldDoc, ...]

    def get(self, doc: str) -> GoldDoc | None:
        for item in self.docs:
            if item.doc == doc:
                return item
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.doc for item in self.docs)


def _stance_list() -> str:
    return ", ".join(stance.value for stance in STANCE_ORDER)


def _parse_stance(value: object, where: str, topic: str) -> Stance:
    if not isinstance(value, str):
        raise GoldError(
            f'{where}: stance for topic "{topic}" must be a string or a list of strings, '
            f"got {json.dumps(value, ensure_ascii=False)}"
        )
    try:
        return Stance(value.strip().lower())
    except ValueError:
        raise GoldError(
            f'{where}: unknown stance "{value}" for topic "{topic}" '
            f"(expected one of: {_stance_list()})"
        ) from None


def _parse_labels(raw: object, where: str) -> dict[str, tuple[Stance, ...]]:
    if not isinstance(raw, dict):
        raise GoldError(f'{where}: "labels" must be an object mapping topic ids to stances')
    labels: dict[str, tuple[Stance, ...]] = {}
    for topic, value in raw.items():
        values = value if isinstance(value, list) else [value]
        if not values:
            raise GoldError(f'{where}: empty list of stances for topic "{topic}"')
        stances: list[Stance] = []
        for item in values:
            stance = _parse_stance(item, where, topic)
            if stance not in stances:
                stances.append(stance)
        labels[topic] = tuple(stances)
    return labels


def _parse_kinds(raw: object, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise GoldError(f'{where}: "kinds" must be an object mapping topic ids to a kind')
    kinds: dict[str, str] = {}
    for topic, value in raw.items():
        if value not in KINDS:
            raise GoldError(
                f"{where}: unknown kind {json.dumps(value, ensure_ascii=False)} for topic "
                f'"{topic}" (expected one of: {", ".join(KINDS)})'
            )
        kinds[topic] = value
    return kinds


def parse_gold_lines(lines: Iterable[str], path: str) -> Gold:
    """Parse gold JSONL already in memory; `path` is only used to name the source in errors."""
    docs: list[GoldDoc] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(
                f"{where}: not valid JSON: {error.msg} (column {error.colno})"
            ) from None
        if not isinstance(record, dict):
            raise GoldError(f'{where}: expected a JSON object with "doc" and "labels"')
        for key in ("doc", "labels"):
            if key not in record:
                raise GoldError(f'{where}: missing key "{key}"')
        doc = record["doc"]
        if not isinstance(doc, str) or not doc.strip():
            raise GoldError(f'{where}: "doc" must be a non-empty string (an article id)')
        if doc in seen:
            raise GoldError(f'{where}: doc "{doc}" is already labelled on line {seen[doc]}')
        seen[doc] = number
        labels = _parse_labels(record["labels"], where)
        kinds = _parse_kinds(record.get("kinds"), where)
        docs.append(GoldDoc(doc=doc, labels=labels, kinds=kinds, line=number))
    if not docs:
        raise GoldError(f"{path}: no gold labels found (expected one JSON object per line)")
    return Gold(path=path, docs=tuple(docs))


def load_gold(path: Path) -> Gold:
    """Read a gold JSONL file; every problem is reported as "PATH:LINE: problem"."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise GoldError(f"{path}: cannot read: {error.strerror or error}") from None
    return parse_gold_lines(text.splitlines(), str(path))


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class CellOutcome:
    """One scored cell, kept so users can see which calls were wrong and how."""

    doc: str
    topic: str
    gold: tuple[Stance, ...]
    predicted: Stance
    correct: bool
    kind: str | None = None
    confidence: float = 0.0

    @property
    def sign_error(self) -> bool:
        """Called one pole when gold says the other: the mistake that misleads most."""
        if self.predicted is Stance.PRO:
            return Stance.CON in self.gold and Stance.PRO not in self.gold
        if self.predicted is Stance.CON:
            return Stance.PRO in self.gold and Stance.CON not in self.gold
        return False

    @property
    def polar(self) -> bool:
        """Gold takes a side, so polar accuracy counts this cell."""
        return any(stance in POLAR for stance in self.gold)

    @property
    def gold_detected(self) -> bool:
        return Stance.ABSENT not in self.gold

    @property
    def predicted_detected(self) -> bool:
        return self.predicted is not Stance.ABSENT


def _ratio(numerator: int, denominator: int) -> float | None:
    """None, not 0 or NaN, when nothing was there to count: "no data" is not "all wrong"."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Figures:
    """Counts for a set of cells; the ratios are derived so they can never disagree with them."""

    cells: int = 0
    correct: int = 0
    polar_cells: int = 0
    polar_correct: int = 0
    sign_errors: int = 0
    gold_detected: int = 0
    predicted_detected: int = 0
    both_detected: int = 0

    @property
    def accuracy(self) -> float | None:
        return _ratio(self.correct, self.cells)

    @property
    def polar_accuracy(self) -> float | None:
        return _ratio(self.polar_correct, self.polar_cells)

    @property
    def detection_precision(self) -> float | None:
        return _ratio(self.both_detected, self.predicted_detected)

    @property
    def detection_recall(self) -> float | None:
        return _ratio(self.both_detected, self.gold_detected)

    @property
    def detection_f1(self) -> float | None:
        p, r = self.detection_precision, self.detection_recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    @classmethod
    def of(cls, outcomes: Iterable[CellOutcome]) -> Figures:
        items = list(outcomes)
        return cls(
            cells=len(items),
            correct=sum(o.correct for o in items),
            polar_cells=sum(o.polar for o in items),
            polar_correct=sum(o.polar and o.correct for o in items),
            sign_errors=sum(o.sign_error for o in items),
            gold_detected=sum(o.gold_detected for o in items),
            predicted_detected=sum(o.predicted_detected for o in items),
            both_detected=sum(o.gold_detected and o.predicted_detected for o in items),
        )


@dataclass(frozen=True)
class TopicFigures:
    topic: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class KindFigures:
    kind: str
    figures: Figures


@dataclass(frozen=True)
class EvalReport:
    """Everything `stance eval` shows: figures overall, per topic and per kind, and every cell."""

    pack: str
    gold_path: str
    scored_docs: tuple[str, ...]
    missing_from_comparison: tuple[str, ...]
    missing_from_gold: tuple[str, ...]
    unknown_topics: tuple[str, ...]
    overall: Figures
    topics: tuple[TopicFigures, ...]
    kinds: tuple[KindFigures, ...]
    confusion: tuple[tuple[int, ...], ...]
    outcomes: tuple[CellOutcome, ...]
    calibration: tuple[CalibrationBin, ...] = ()

    @property
    def wrong(self) -> tuple[CellOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.correct)

    @property
    def sign_error_cells(self) -> tuple[CellOutcome, ...]:
        return tuple(o for o in self.outcomes if o.sign_error)

    def confusion_count(self, gold: Stance, predicted: Stance) -> int:
        return self.confusion[STANCE_ORDER.index(gold)][STANCE_ORDER.index(predicted)]


def confusion_row(outcome: CellOutcome) -> Stance:
    """The gold row a cell is counted in: the first acceptable label, unless the prediction
    matched a later one, so that right answers always land on the diagonal."""
    return outcome.predicted if outcome.correct else outcome.gold[0]


def evaluate(c: Comparison, gold: Gold) -> EvalReport:
    """Score the cells of articles that are both labelled and compared; report the rest."""
    compared = [article.id for article in c.articles]
    compared_set = set(compared)
    cells = grid_lookup(c)
    pack_topics = set(c.pack.ids)

    outcomes: list[CellOutcome] = []
    scored: list[str] = []
    for doc_id in compared:
        gold_doc = gold.get(doc_id)
        if gold_doc is None:
            continue
        scored.append(doc_id)
        for topic in c.pack.topics:
            accepted = gold_doc.accepted(topic.id)
            cell = cells[(doc_id, topic.id)]
            predicted = cell.stance
            outcomes.append(
                CellOutcome(
                    doc=doc_id,
                    topic=topic.id,
                    gold=accepted,
                    predicted=predicted,
                    correct=predicted in accepted,
                    kind=gold_doc.kind(topic.id),
                    confidence=cell.confidence,
                )
            )

    unknown: list[str] = []
    for gold_doc in gold.docs:
        for topic_id in list(gold_doc.labels) + list(gold_doc.kinds):
            if topic_id not in pack_topics and topic_id not in unknown:
                unknown.append(topic_id)

    matrix = [[0] * len(STANCE_ORDER) for _ in STANCE_ORDER]
    for outcome in outcomes:
        row = STANCE_ORDER.index(confusion_row(outcome))
        matrix[row][STANCE_ORDER.index(outcome.predicted)] += 1

    kinds_seen: list[str] = []
    for outcome in outcomes:
        if outcome.kind is not None and outcome.kind not in kinds_seen:
            kinds_seen.append(outcome.kind)
    kinds_seen.sort(key=lambda k: (KINDS.index(k) if k in KINDS else len(KINDS), k))

    return EvalReport(
        pack=c.pack.name,
        gold_path=gold.path,
        scored_docs=tuple(scored),
        missing_from_comparison=tuple(d for d in gold.ids if d not in compared_set),
        missing_from_gold=tuple(d for d in compared if gold.get(d) is None),
        unknown_topics=tuple(unknown),
        overall=Figures.of(outcomes),
        topics=tuple(
            TopicFigures(
                topic=topic.id,
                label=topic.label,
                figures=Figures.of(o for o in outcomes if o.topic == topic.id),
            )
            for topic in c.pack.topics
        ),
        kinds=tuple(
            KindFigures(kind=kind, figures=Figures.of(o for o in outcomes if o.kind == kind))
            for kind in kinds_seen
        ),
        confusion=tuple(tuple(row) for row in matrix),
        outcomes=tuple(outcomes),
        calibration=calibration(outcomes),
    )


@dataclass(frozen=True)
class CalibrationBin:
    """Cells whose confidence fell in [low, high): how sure they were, how often right."""

    low: float
    high: float
    cells: int
    mean_confidence: float
    accuracy: float


CALIBRATION_BINS = 5


def calibration(outcomes: Iterable[CellOutcome]) -> tuple[CalibrationBin, ...]:
    """Confidence against accuracy in equal-width bins; empty bins are left out."""
    grouped: list[list[CellOutcome]] = [[] for _ in range(CALIBRATION_BINS)]
    for outcome in outcomes:
        k = min(CALIBRATION_BINS - 1, int(outcome.confidence * CALIBRATION_BINS))
        grouped[k].append(outcome)
    return tuple(
        CalibrationBin(
            k / CALIBRATION_BINS,
            (k + 1) / CALIBRATION_BINS,
            len(items),
            sum(o.confidence for o in items) / len(items),
            sum(o.correct for o in items) / len(items),
        )
        for k, items in enumerate(grouped)
        if items
    )


def expected_calibration_error(bins: Iterable[CalibrationBin]) -> float | None:
    """The cell-weighted mean gap between confidence and accuracy (0 is perfect)."""
    items = list(bins)
    total = sum(b.cells for b in items)
    if not total:
        return None
    return sum(b.cells * abs(b.mean_confidence - b.accuracy) for b in items) / total


# --------------------------------------------------------------------------- JSON


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def figures_to_dict(f: Figures) -> dict[str, object]:
    return {
        "cells": f.cells,
        "correct": f.correct,
        "accuracy": _round(f.accuracy),
        "polar_cells": f.polar_cells,
        "polar_correct": f.polar_correct,
        "polar_accuracy": _round(f.polar_accuracy),
        "sign_errors": f.sign_errors,
        "detection": {
            "gold": f.gold_detected,
            "predicted": f.predicted_detected,
            "both": f.both_detected,
            "precision": _round(f.detection_precision),
            "recall": _round(f.detection_recall),
            "f1": _round(f.detection_f1),
        },
    }


def outcome_to_dict(o: CellOutcome) -> dict[str, object]:
    return {
        "doc": o.doc,
        "topic": o.topic,
        "gold": [stance.value for stance in o.gold],
        "predicted": o.predicted.value,
        "correct": o.correct,
        "sign_error": o.sign_error,
        "kind": o.kind,
    }


def report_to_dict(r: EvalReport) -> dict[str, object]:
    """The report as JSON-ready data; ratios are null, not 0, when there was nothing to count."""
    labels = [stance.value for stance in STANCE_ORDER]
    return {
        "schema_version": SCHEMA_VERSION,
        "pack": r.pack,
        "gold": r.gold_path,
        "docs": {
            "scored": list(r.scored_docs),
            "missing_from_comparison": list(r.missing_from_comparison),
            "missing_from_gold": list(r.missing_from_gold),
        },
        "unknown_topics": list(r.unknown_topics),
        "overall": figures_to_dict(r.overall),
        "topics": [
            {"topic": t.topic, "label": t.label, **figures_to_dict(t.figures)} for t in r.topics
        ],
        "kinds": [{"kind": k.kind, **figures_to_dict(k.figures)} for k in r.kinds],
        "confusion": {
            "rows": "gold",
            "columns": "predicted",
            "labels": labels,
            "matrix": {
                gold: dict(zip(labels, row, strict=True))
                for gold, row in zip(labels, r.confusion, strict=True)
            },
        },
        "sign_errors": [
            {
                "doc": o.doc,
                "topic": o.topic,
                "gold": [s.value for s in o.gold],
                "predicted": o.predicted.value,
            }
            for o in r.sign_error_cells
        ],
        "calibration": {
            "expected_calibration_error": _round(expected_calibration_error(r.calibration)),
            "bins": [
                {
                    "low": b.low,
                    "high": b.high,
                    "cells": b.cells,
                    "mean_confidence": _round(b.mean_confidence),
                    "accuracy": _round(b.accuracy),
                }
                for b in r.calibration
            ],
        },
        "cells": [outcome_to_dict(o) for o in r.outcomes],
    }
