"""From sentence probabilities to a document cell, with thresholds fitted, not guessed.

A cell is decided in two steps, each a small logistic model fitted on document labels:

1. *Is the topic addressed at all?* From how much of the text is about it (the sum and
   maximum of the sentences' "addressed" probabilities, their share of the text, how many
   sentences name the topic), and how much of it is about the debate's subject at all
   (how many sentences name Russia or Ukraine, for the default pack). The cut on it is
   fitted for detection F1.
2. *Which side, if any?* From the pro, con and neutral evidence: neutral, pro, con or
   mixed. Besides the topic's own evidence, the way the text leans on each *other* topic
   counts (its camp): a text that calls for talks with Moscow is seldom for tighter
   sanctions, and on a sentence that could be read either way that decides. This step
   is fitted on mirrored data (every document also seen with its sides swapped, on every
   topic at once), so it has no prior for either side: a dovish text is judged on the
   same scale as a hawkish one, and a text with no polar evidence cannot come out polar.

The product of the two probabilities is the cell's confidence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

SIDES = ("neutral", "pro", "con", "mixed")
PRESENCE_FEATURES = (
    "bias",
    "sum_addressed",
    "max_addressed",
    "keyword_sentences",
    "share",
    "subject_sentences",
    "subject_share",
)
SIDE_FEATURES = (
    "bias",
    "sum_pro",
    "sum_con",
    "sum_neutral",
    "max_pro",
    "max_con",
    "balance",
    "minority",
)
_MIRROR = (0, 2, 1, 3, 5, 4, 6, 7)  # sum_pro<->sum_con, max_pro<->max_con; balance negated


def presence_features(
    probabilities: Sequence[Sequence[float]],
    keyword_sentences: int,
    sentences: int,
    subject_sentences: int = 0,
) -> list[float]:
    """How much of the text addresses the topic, from each sentence's (none, ...) row.

    The subject's share says whether the text is about the debate at all: "we support
    Ukraine" in a speech given over to the war is military aid, and in one line of a tour
    of the world's crises is none of the questions. A sentence alone cannot tell which.
    """
    addressed = [1 - p[0] for p in probabilities]
    return [
        1.0,
        math.log1p(sum(addressed)),
        max(addressed, default=0.0),
        math.log1p(keyword_sentences),
        sum(addressed) / max(1, sentences),
        math.log1p(subject_sentences),
        subject_sentences / max(1, sentences),
    ]


def side_features(probabilities: Sequence[Sequence[float]]) -> list[float]:
    """The polar evidence: log-damped sums (ten repeats are not ten times as sure), maxima,
    the balance between sides and the smaller side's share (what tells mixed apart)."""
    pro = sum(p[2] for p in probabilities)
    con = sum(p[3] for p in probabilities)
    neutral = sum(p[1] for p in probabilities)
    polar = pro + con
    return [
        1.0,
        math.log1p(pro),
        math.log1p(con),
        math.log1p(neutral),
        max((p[2] for p in probabilities), default=0.0),
        max((p[3] for p in probabilities), default=0.0),
        _balance(pro, con),
        min(pro, con) / (polar + 0.5),
    ]


def lean(probabilities: Sequence[Sequence[float]]) -> float:
    """Which way a text leans on a topic, from -1 (con) to 1 (pro): its "balance" side
    feature, damped so that one faint sentence hardly leans at all."""
    return _balance(sum(p[2] for p in probabilities), sum(p[3] for p in probabilities))


def _balance(pro: float, con: float) -> float:
    return (pro - con) / (pro + con + 0.5)


def camp_scores(weights: Mapping[str, Sequence[float]], leans: Mapping[str, float]) -> list[float]:
    """What the text's leans on other topics add to each side's score (`weights` holds a
    row per other topic, one weight per side)."""
    scores = [0.0] * len(SIDES)
    for other, row in weights.items():
        x = leans.get(other, 0.0)
        if x:
            scores = [s + w * x for s, w in zip(scores, row, strict=True)]
    return scores


def mirrored(features: Sequence[float]) -> list[float]:
    """The same side features with pro and con swapped."""
    swapped = [features[i] for i in _MIRROR]
    swapped[SIDE_FEATURES.index("balance")] *= -1
    return swapped


def sigmoid(score: float) -> float:
    if score >= 0:
        return 1 / (1 + math.exp(-score))
    e = math.exp(score)
    return e / (1 + e)


def softmax(scores: Sequence[float]) -> list[float]:
    """Probabilities from scores; shifted by the maximum so no score overflows."""
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def dot(weights: Sequence[float], features: Sequence[float]) -> float:
    return sum(w * x for w, x in zip(weights, features, strict=True))
