"""From sentence probabilities to a document cell, with thresholds fitted, not guessed.

A document's cell on a topic is decided from a few sums and maxima of its sentences'
probabilities. A small multinomial model fitted on document labels maps them to
absent / neutral / pro / con / mixed, so where "a little con" becomes "con" is learned
from how careful readers labelled whole texts, and its probability is the cell's
confidence (calibrated on held-out documents; `stance eval` shows how well).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

DOC_FEATURES = (
    "bias",
    "sum_pro",
    "sum_con",
    "sum_neutral",
    "sum_addressed",
    "max_pro",
    "max_con",
    "max_addressed",
    "balance",
    "minority",
    "keyword_sentences",
)


def document_features(
    probabilities: Sequence[Sequence[float]], keyword_sentences: int
) -> list[float]:
    """The document-level inputs from the author's sentences' (none, neutral, pro, con).

    Sums are log-damped so a long speech that says the same thing ten times is not ten
    times as sure, and `minority` (the smaller side's share) is what tells mixed apart.
    """
    pro = sum(p[2] for p in probabilities)
    con = sum(p[3] for p in probabilities)
    neutral = sum(p[1] for p in probabilities)
    addressed = sum(1 - p[0] for p in probabilities)
    polar = pro + con
    return [
        1.0,
        math.log1p(pro),
        math.log1p(con),
        math.log1p(neutral),
        math.log1p(addressed),
        max((p[2] for p in probabilities), default=0.0),
        max((p[3] for p in probabilities), default=0.0),
        max((1 - p[0] for p in probabilities), default=0.0),
        (pro - con) / (polar + 0.5),
        min(pro, con) / (polar + 0.5),
        math.log1p(keyword_sentences),
    ]


def softmax(scores: Sequence[float]) -> list[float]:
    """Probabilities from scores; shifted by the maximum so no score overflows."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def classify(weights: Sequence[Sequence[float]], features: Sequence[float]) -> list[float]:
    """The probability of each document class under a weight row per class."""
    return softmax([sum(w * x for w, x in zip(row, features, strict=True)) for row in weights])
