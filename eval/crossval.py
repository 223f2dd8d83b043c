"""The accuracy table of the README: cross-validated and frozen-set figures, one run.

    python eval/crossval.py            # under an hour on two cores
    python eval/crossval.py --quick    # 2 folds each, for a rough look

- UN speeches: 5-fold cross-validation grouped by delegation (no country in both train
  and test), the op-ed-register texts added to every fold's training.
- Op-ed-register texts: 5-fold cross-validation by document, the UN speeches added.
- Frozen sets (the seeds and blind sets 2-5 under tests/data/): scored with the shipped
  model, which never saw them.

Each model reads held-out text as `stance compare` does; figures are `stance eval`'s.
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from stancecli.evaluation import (
    Figures,
    calibration,
    evaluate,
    expected_calibration_error,
    load_gold,
)
from stancecli.io.loading import load_articles
from stancecli.learned.scoring import macro_f1
from stancecli.pipeline import compare
from stancecli.topics import default_pack
from stancecli.train.builtin import builtin_corpora, default_trainer
from stancecli.train.crossval import FoldResult, cross_validate
from stancecli.train.fit import Settings
from stancecli.train.word_classes import read_word_classes

ROOT = Path(__file__).resolve().parent.parent
FROZEN = (
    ("seeds", "tests/data/seeds_gold.jsonl", "corpus"),
    ("blind set 2", "tests/data/heldout_gold.jsonl", "tests/data/heldout"),
    ("blind set 3", "tests/data/testset3_gold.jsonl", "tests/data/testset3"),
    ("blind set 4", "tests/data/testset4_gold.jsonl", "tests/data/testset4"),
    ("blind set 5", "tests/data/testset5_gold.jsonl", "tests/data/testset5"),
)


def row(
    name: str, split: str, figures: Figures, sentence_f1: float | None, ece: float | None
) -> str:
    polar = figures.polar_accuracy
    sign = figures.sign_errors / figures.polar_cells if figures.polar_cells else 0.0
    cells = [
        name,
        split,
        "–" if sentence_f1 is None else f"{sentence_f1:.2f}",
        f"{figures.polar_correct}/{figures.polar_cells} ({(polar or 0):.0%})",
        f"{figures.sign_errors} ({sign:.1%})",
        f"{(figures.detection_f1 or 0):.2f}",
        "–" if ece is None else f"{ece:.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def cv_row(name: str, split: str, result: FoldResult) -> str:
    figures = Figures.of(result.outcomes)
    f1 = macro_f1(result.sentence_gold, result.sentence_predicted)
    return row(name, split, figures, f1, expected_calibration_error(calibration(result.outcomes)))


def changed_settings(pairs: list[str], parser: argparse.ArgumentParser) -> Settings:
    """The default trainer's settings with `NAME=VALUE` changes, each parsed as its field's type."""
    defaults = Settings()
    names = [f.name for f in dataclasses.fields(Settings)]
    changes: dict[str, object] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if name not in names or not value:
            parser.error(f"--set {pair}: expected NAME=VALUE, NAME one of {', '.join(names)}")
        kind = type(getattr(defaults, name))
        try:
            changes[name] = (value.lower() in ("1", "true", "yes")) if kind is bool else kind(value)
        except ValueError:
            parser.error(f"--set {pair}: {value!r} is not a {kind.__name__}")
    return dataclasses.replace(defaults, **changes)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 folds instead of 5")
    parser.add_argument("--frozen-only", action="store_true", help="skip cross-validation")
    parser.add_argument("--cv-only", action="store_true", help="skip the frozen sets")
    parser.add_argument(
        "--word-classes",
        type=Path,
        help="measure the variant fitted with these word classes (python -m "
        "stancecli.train.word_classes); the shipped model has none",
    )
    parser.add_argument(
        "--models",
        type=Path,
        help="keep each fold's model in this folder and reuse it on the next run (for a "
        "change to how a fitted model judges; delete it after a change to the fitting)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="measure the trainer with this setting changed (a field of "
        "stancecli.train.fit.Settings, e.g. sentence_c=1.0); repeatable",
    )
    parser.add_argument(
        "--corpus",
        choices=("un", "oped"),
        action="append",
        help="cross-validate only this corpus (repeatable; default both), so that two "
        "processes can run the two side by side",
    )
    args = parser.parse_args()
    folds = 2 if args.quick else 5
    settings = changed_settings(args.set, parser)
    pack = default_pack()
    lines = [
        "| data | split | sentence macro-F1 | document polar | sign errors | detection F1 | ECE |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    started = time.time()

    def say(message: str) -> None:
        print(f"[{time.time() - started:5.0f}s] {message}", file=sys.stderr, flush=True)

    if not args.frozen_only:
        un, synthetic = builtin_corpora(ROOT / "training")
        trainer = default_trainer(settings, read_word_classes(args.word_classes))
        for docs, extra, name, split, stem in (
            (un, synthetic, "UN speeches", "by country", "un"),
            (synthetic, un, "op-ed register (written)", "by document", "oped"),
        ):
            if args.corpus and stem not in args.corpus:
                continue
            kept = None if args.models is None else args.models / f"{stem}-{folds}"
            result = cross_validate(
                trainer, docs, extra=extra, folds=folds, progress=say, models=kept
            )
            lines.append(cv_row(name, f"{folds}-fold CV {split}", result))
    for name, gold_path, folder in () if args.cv_only else FROZEN:
        loaded = load_articles([str(ROOT / folder)])
        report = evaluate(compare(loaded.articles, pack), load_gold(ROOT / gold_path))
        ece = expected_calibration_error(report.calibration)
        lines.append(row(name, "frozen, shipped model", report.overall, None, ece))
        if name == "seeds":
            kinds = {k.kind: k.figures for k in report.kinds}
            for kind, figures in kinds.items():
                say(f"seeds {kind}: {figures.correct}/{figures.cells} right")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
