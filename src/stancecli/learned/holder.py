"""The holder step: does a sentence give the author's view, or report someone else's?

The attribution rules find a reporting verb and its subject ("Moscow insists that ..."),
and miss the many other ways a text hands a view to someone else: "a curious idea is
gaining ground in The Hague: that relations need a reset", "for the Kremlin, the answer is
simple". On the op-ed register they mark half of the sentences whose stances are all
someone else's, and mark one author sentence in ten as reported besides. So the decision
is learned, from the labels' holders, with the rules' verdict among its inputs; its answer
sets the sentence's holder feature, which the sentence model weighs for every topic.

Grouped cross-validation on the op-ed register (5 folds by document, the UN speeches in
training): sentence macro-F1 on the author's pro/con/neutral 0.462 with the rules alone,
0.484 with this step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from stancecli.errors import ModelError
from stancecli.learned.features import REPORTED


@dataclass(frozen=True)
class HolderModel:
    """A logistic score over a sentence's own features; at `cut` or above, reported."""

    weights: Mapping[str, float]
    bias: float
    cut: float = 0.5

    def probability(self, own: Iterable[str]) -> float:
        """How likely the sentence is to report a view that is not the author's."""
        score = self.bias + sum(map(self.weights.get, own, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, score))))

    def reports(self, own: frozenset[str]) -> bool:
        """Is the sentence (its own features as the rules left them) a reported view?

        Where the rules found a reporting verb and its speaker, the sentence stays
        reported: the step adds the reports the rules miss. (Letting it also overrule
        them measured worse on grouped cross-validation.)
        """
        return REPORTED in own or self.says_reported(own)

    def says_reported(self, own: Iterable[str]) -> bool:
        """The step's own answer, whatever the rules found."""
        return self.probability(own) >= self.cut

    def holds(self, own: frozenset[str]) -> frozenset[str]:
        """The sentence's features with the holder this model decides on."""
        return with_holder(own, self.reports(own))

    def to_json(self) -> dict[str, Any]:
        return {"bias": self.bias, "cut": self.cut, "weights": dict(sorted(self.weights.items()))}


def with_holder(own: frozenset[str], reported: bool) -> frozenset[str]:
    """`own` with its holder feature set to say `reported`."""
    if (REPORTED in own) == reported:
        return own
    return own | {REPORTED} if reported else own - {REPORTED}


def holder_from_json(data: Any, where: str) -> HolderModel | None:
    """The model file's "holder" entry (absent in models fitted before it: the rules decide)."""
    if data is None:
        return None
    try:
        weights = data["weights"]
        # The model file's JSON and the run cache hold str -> float already: checked in
        # C, they need no copy (converting 12k weights one by one was 2 ms of a start).
        if not (
            type(weights) is dict
            and set(map(type, weights)) <= {str}
            and set(map(type, weights.values())) <= {float}
        ):
            weights = {str(k): float(v) for k, v in weights.items()}
        bias, cut = float(data["bias"]), float(data["cut"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelError(f"{where}: malformed holder weights ({exc})") from None
    finite = math.isfinite(bias) and math.isfinite(cut)
    if not (finite and all(map(math.isfinite, weights.values()))):
        raise ModelError(f"{where}: the holder step has a non-finite weight")
    return HolderModel(weights, bias, cut)
