"""A fitted stance model: its weights, how they are read from disk, and inference.

The file is gzipped JSON: small, diffable once unzipped, and readable with no numerical
library, so a cold `stance compare` pays only for `json` and `gzip`. It records the seed,
the data's hash and the trainer's settings, so the shipped weights can be reproduced and a
test can tell when they no longer match their data.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import json
import math
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from stancecli.errors import ModelError
from stancecli.learned.document import (
    PRESENCE_FEATURES,
    SIDE_FEATURES,
    SIDES,
    dot,
    presence_features,
    side_features,
    sigmoid,
    softmax,
)
from stancecli.learned.features import instance_blocks, sentence_features
from stancecli.learned.vocabulary import CLASSES, DOC_CLASSES, FORMAT_VERSION, SHARED
from stancecli.match.reading import SentenceReading

DEFAULT_MODEL = "default.json.gz"
ADDRESSED = 0.5  # a sentence counts as being about a topic from this probability on


@dataclass(frozen=True)
class SentenceVerdict:
    """The model's reading of one sentence on one topic."""

    topic: str
    probabilities: tuple[float, ...]  # over CLASSES
    reasons: tuple[str, ...] = ()

    @property
    def addressed(self) -> float:
        return 1.0 - self.probabilities[0]

    @property
    def polarity(self) -> int:
        """+1, -1 or 0: the side the sentence takes, if any side beats 'no side'."""
        _, neutral, pro, con = self.probabilities
        if pro > con and pro > neutral:
            return 1
        if con > pro and con > neutral:
            return -1
        return 0


class SentenceWeights(Mapping[str, tuple[float, ...]]):
    """Feature -> one weight per class, held as one float32 array.

    A dictionary of tuples for a few hundred thousand features costs a cold start more
    than all the rest of `stance`; an index of names and one flat array load in a few
    milliseconds and are all the hot loop needs.
    """

    def __init__(self, names: Sequence[str], flat: array[float]) -> None:
        if len(flat) != len(names) * len(CLASSES):
            raise ValueError(f"{len(flat)} weights for {len(names)} features")
        self.names = list(names)
        self.flat = flat
        # Per block ("topic|" or "*|"), so a sentence's features are looked up for each
        # topic without building a key string per topic and feature.
        self.blocks: dict[str, dict[str, int]] = {}
        for i, name in enumerate(self.names):
            block, _, feature = name.partition("|")
            self.blocks.setdefault(block, {})[feature] = i
        # ... and per feature, the blocks that weigh it, so a sentence's words are looked
        # up once for all topics, not once per topic. Filled per feature as features are
        # met (building it for all at load was a third of a cold start); `_weighed` says
        # which features have any weight, so the many that have none cost one lookup.
        self._by_feature: dict[str, tuple[tuple[str, float, float, float, float], ...]] = {}
        self._weighed: frozenset[str] | None = None

    def weighing(self, feature: str) -> tuple[tuple[str, float, float, float, float], ...]:
        """The blocks that weigh a feature, each with its four weights, in row order.

        Cached per weighed feature (at most one entry per feature of the model), the
        floats read out of the array once, not per sentence.
        """
        found = self._by_feature.get(feature)
        if found is None:
            if self._weighed is None:
                self._weighed = frozenset().union(*self.blocks.values())
            if feature not in self._weighed:
                return ()
            flat = self.flat
            rows = sorted(
                (index[feature], block) for block, index in self.blocks.items() if feature in index
            )
            found = tuple((block, *flat[4 * i : 4 * i + 4]) for i, block in rows)  # type: ignore[misc]
            self._by_feature[feature] = found
        return found

    @classmethod
    def of(cls, rows: Mapping[str, Sequence[float]]) -> SentenceWeights:
        names = sorted(rows)
        flat = array("f", (float(x) for name in names for x in rows[name]))
        return cls(names, flat)

    def __getitem__(self, key: str) -> tuple[float, ...]:
        block, _, feature = key.partition("|")
        start = self.blocks.get(block, {})[feature] * len(CLASSES)
        return tuple(self.flat[start : start + len(CLASSES)])

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def add(self, scores: list[float], block: str, features: Iterable[str]) -> None:
        """Add the weights a block gives the features to the class scores, in place."""
        index, flat = self.blocks.get(block), self.flat
        if index is None:
            return
        for key in features:
            i = index.get(key)
            if i is not None:
                b = 4 * i
                scores[0] += flat[b]
                scores[1] += flat[b + 1]
                scores[2] += flat[b + 2]
                scores[3] += flat[b + 3]

    def add_words(self, scores: Mapping[str, list[float]], words: Iterable[str]) -> None:
        """Add each topic's weights for the words to that topic's scores, in place."""
        cached, weighing = self._by_feature, self.weighing
        weighed = self._weighed
        for word in words:
            pairs = cached.get(word)
            if pairs is None:
                if weighed is not None and word not in weighed:
                    continue
                pairs = weighing(word)
                weighed = self._weighed
            for block, w0, w1, w2, w3 in pairs:
                row = scores.get(block)
                if row is not None:
                    row[0] += w0
                    row[1] += w1
                    row[2] += w2
                    row[3] += w3

    def to_json(self) -> dict[str, Any]:
        flat = self.flat
        if sys.byteorder != "little":
            flat = array("f", flat)
            flat.byteswap()
        return {"names": self.names, "float32le": base64.b64encode(flat.tobytes()).decode()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SentenceWeights:
        flat = array("f")
        flat.frombytes(base64.b64decode(data["float32le"]))
        if sys.byteorder != "little":
            flat.byteswap()
        return cls([str(n) for n in data["names"]], flat)


@dataclass(frozen=True)
class StanceModel:
    """Sentence weights per feature and class, and the document classifier."""

    weights: SentenceWeights
    intercept: Sequence[float]
    presence: Mapping[str, Sequence[float]]  # SHARED weights, plus a topic's own offsets
    side: Sequence[Sequence[float]]  # a row per side (SIDES)
    absent_cut: float = 0.5  # a cell is absent from this probability of "absent" on
    trigger_stems: frozenset[str] = frozenset()
    read_every: bool = False  # judge every sentence, not only those naming the pack's words
    meta: Mapping[str, Any] = field(default_factory=dict)
    subject_stems: frozenset[str] = frozenset()  # what the debate is about; see features

    @property
    def topics(self) -> frozenset[str]:
        """The topics the model was fitted on; it judges only these."""
        return frozenset(self.meta.get("topics", ()))

    def verdicts(
        self, text: str, reading: SentenceReading, topics: Sequence[str], *, explain: int = 0
    ) -> list[SentenceVerdict]:
        """One verdict per topic; `explain` names that many features behind each side."""
        own = frozenset(sentence_features(text, reading, self.subject_stems))
        scores = {topic: list(self.intercept) for topic in topics}
        self.weights.add_words(scores, own)
        verdicts: list[SentenceVerdict] = []
        for topic in topics:
            blocks = instance_blocks(text, reading, topic, own)
            self.weights.add(scores[topic], topic, blocks.local)
            self.weights.add(scores[topic], SHARED, blocks.shared)
            probs = tuple(softmax(scores[topic]))
            reasons: tuple[str, ...] = ()
            if explain and probs[0] < ADDRESSED:
                reasons = self._reasons(blocks.keys(topic), probs, explain)
            verdicts.append(SentenceVerdict(topic, probs, reasons))
        return verdicts

    def _reasons(self, keys: Sequence[str], probs: Sequence[float], limit: int) -> tuple[str, ...]:
        """The features that pushed hardest toward the winning class over the others."""
        best = max(range(len(CLASSES)), key=lambda k: probs[k])
        pushes: dict[str, float] = {}
        for key in dict.fromkeys(keys):
            if key not in self.weights:
                continue
            row = self.weights[key]
            others = [row[k] for k in range(len(CLASSES)) if k != best]
            pushes[key] = row[best] - max(others)
        top = sorted(pushes.items(), key=lambda kv: -kv[1])[:limit]
        return tuple(f"{key} ({push:+.2f} for {CLASSES[best]})" for key, push in top if push > 0)

    def cell(
        self,
        topic: str,
        probabilities: Sequence[Sequence[float]],
        keyword_sentences: int,
        sentences: int,
    ) -> tuple[str, dict[str, float]]:
        """The document class and every class's probability, from the sentences' ones.

        The absent cut is fitted for detection F1, so a topic is called present on less
        than even odds when that finds more of the cells readers find.
        """
        presence = presence_features(probabilities, keyword_sentences, sentences)
        score = dot(self.presence[SHARED], presence)
        own = self.presence.get(topic)
        if own is not None:
            score += dot(own, presence)
        present = sigmoid(score)
        side = side_features(probabilities)
        sides = softmax([dot(row, side) for row in self.side])
        probs = {"absent": 1 - present} | {
            name: present * p for name, p in zip(SIDES, sides, strict=True)
        }
        if probs["absent"] >= self.absent_cut:
            return "absent", probs
        return max(SIDES, key=lambda c: probs[c]), probs

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "classes": list(CLASSES),
            "doc_classes": list(DOC_CLASSES),
            "meta": dict(self.meta),
            "intercept": list(self.intercept),
            "read_every": self.read_every,
            "presence": {k: list(v) for k, v in self.presence.items()},
            "side": [list(row) for row in self.side],
            "absent_cut": self.absent_cut,
            "trigger_stems": sorted(self.trigger_stems),
            "subject_stems": sorted(self.subject_stems),
            "weights": self.weights.to_json(),
        }

    def save(self, path: Path) -> None:
        """Written deterministically (sorted keys, no timestamp): equal models, equal files."""
        data = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")).encode()
        with open(path, "wb") as raw:
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
                out.write(data)


def model_from_json(data: Mapping[str, Any], where: str) -> StanceModel:
    """Checks what inference relies on, so a bad file fails at load, not mid-run."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT_VERSION:
        raise ModelError(f"{where}: not a stance model of format {FORMAT_VERSION}")
    if (
        tuple(data.get("classes", ())) != CLASSES
        or tuple(data.get("doc_classes", ())) != DOC_CLASSES
    ):
        raise ModelError(f"{where}: the model's classes are not {CLASSES}")
    try:
        weights = SentenceWeights.from_json(data["weights"])
        intercept = tuple(float(x) for x in data["intercept"])
        presence = {str(k): tuple(float(x) for x in v) for k, v in data["presence"].items()}
        side = tuple(tuple(float(x) for x in row) for row in data["side"])
        absent_cut = float(data.get("absent_cut", 0.5))
        triggers = frozenset(str(s) for s in data.get("trigger_stems", ()))
        subject = frozenset(str(s) for s in data.get("subject_stems", ()))
    except (KeyError, TypeError, ValueError, AttributeError, binascii.Error) as exc:
        raise ModelError(f"{where}: malformed model ({exc})") from None
    width = len(CLASSES)
    if len(intercept) != width:
        raise ModelError(f"{where}: a weight row does not have {width} classes")
    if SHARED not in presence or any(len(v) != len(PRESENCE_FEATURES) for v in presence.values()):
        raise ModelError(f"{where}: the presence weights are not {len(PRESENCE_FEATURES)} wide")
    if len(side) != len(SIDES) or any(len(row) != len(SIDE_FEATURES) for row in side):
        raise ModelError(f"{where}: the side weights are not {len(SIDES)}x{len(SIDE_FEATURES)}")
    document = [x for v in presence.values() for x in v] + [x for row in side for x in row]
    if not all(math.isfinite(x) for x in document):
        raise ModelError(f"{where}: the document classifier has a non-finite weight")
    every = bool(data.get("read_every", False))
    meta = dict(data.get("meta", {}))
    return StanceModel(
        weights, intercept, presence, side, absent_cut, triggers, every, meta, subject
    )


def load_model(path: Path) -> StanceModel:
    """A model written by `stance train` (or the shipped one)."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ModelError(f"{path}: no such model file") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a gzipped JSON model ({exc})") from None
    return model_from_json(data, str(path))


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The shipped weights, read once per process."""
    resource = resources.files("stancecli") / "data" / "model" / DEFAULT_MODEL
    with resources.as_file(resource) as path:
        return load_model(path)
