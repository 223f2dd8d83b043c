"""Cross-validation: the folds' models can be kept and reused, and only where they still fit.

Measuring a change to how a fitted model judges must not cost the fits' hour again, and a
kept model must never stand in for one fitted on other data or with other settings.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from stancecli.evaluation import Figures
from stancecli.train.builtin import builtin_corpora, default_trainer
from stancecli.train.crossval import cross_validate
from stancecli.train.fit import Trainer

TRAINING = Path(__file__).resolve().parent.parent / "training"


def _counting(trainer: Trainer, fits: list[int]) -> Trainer:
    fit = trainer.fit

    def counted(*args: Any, **kwargs: Any) -> Any:
        fits.append(1)
        return fit(*args, **kwargs)

    trainer.fit = counted  # type: ignore[method-assign]
    return trainer


def test_kept_fold_models_are_reused_only_for_the_same_data_and_settings(tmp_path: Path) -> None:
    _, synthetic = builtin_corpora(TRAINING)
    docs = random.Random(3).sample(synthetic, 8)
    kept = tmp_path / "runs" / "oped"
    fits: list[int] = []
    first = cross_validate(_counting(default_trainer(), fits), docs, folds=2, models=kept)
    assert sorted(p.name for p in kept.parent.iterdir()) == [
        "oped-fold1.json.gz",
        "oped-fold2.json.gz",
    ]
    assert len(fits) == 2
    again = cross_validate(_counting(default_trainer(), fits), docs, folds=2, models=kept)
    assert len(fits) == 2, "the kept models were fitted on this data: reused"
    assert Figures.of(again.outcomes) == Figures.of(first.outcomes)
    other = default_trainer()
    other.settings = replace(other.settings, sentence_c=1.0)
    cross_validate(_counting(other, fits), docs, folds=2, models=kept)
    assert len(fits) == 4, "other settings: refitted"
    cross_validate(_counting(default_trainer(), fits), docs[:7], folds=2, models=kept)
    assert len(fits) == 6, "other data: refitted"
