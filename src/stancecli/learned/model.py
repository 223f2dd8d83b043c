"""A fitted stance model: its weights, how they are read from disk, and inference.

The file is gzipped JSON: small, diffable once unzipped, and readable with no numerical
library, so a cold `stance compare` pays only for `json` and `gzip`. It records the seed,
the data's hash and the trainer's settings, so the shipped weights can be reproduced and a
test can tell when they no longer match their data.
"""

from __future__ import annotations

import json
import marshal
import math
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from stancecli.bundled import data_file
from stancecli.cache import load_mapped, source_key, store_mapped
from stancecli.errors import ModelError
from stancecli.learned.document import (
    PRESENCE_FEATURES,
    SIDE_FEATURES,
    SIDES,
    camp_scores,
    dot,
    presence_features,
    side_features,
    sigmoid,
    softmax,
)
from stancecli.learned.features import instance_blocks, sentence_features
from stancecli.learned.holder import HolderModel, holder_from_json
from stancecli.learned.vocabulary import CLASSES, DOC_CLASSES, FORMAT_VERSION, SHARED
from stancecli.learned.word_classes import NO_CLASSES, WordClasses
from stancecli.match.reading import SentenceReading

DEFAULT_MODEL = "default.json.gz"
BIAS = "bias"  # the feature every (sentence, topic) pair has
_new_verdict = tuple.__new__  # SentenceVerdict(...) without its Python-level __new__
ADDRESSED = 0.5  # a sentence counts as being about a topic from this probability on
_OLDEST_PRESENCE_WIDTH = 5  # the presence features of the first models, still read


class SentenceVerdict(NamedTuple):
    """The model's reading of one sentence on one topic.

    A NamedTuple, not a frozen dataclass: nine are made for every sentence read, and a
    tuple is built in C (see `verdicts`) where a frozen dataclass's __init__ is a Python
    call with a setattr per field.
    """

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


def _reasons(
    rows: TopicRows, j: int, keys: Sequence[str], best: int, limit: int
) -> tuple[str, ...]:
    """The features that pushed topic `j` hardest toward class `best` over the others."""
    pushes = rows.pushes(j, keys, best)
    top = sorted(pushes.items(), key=lambda kv: -kv[1])[:limit]
    return tuple(f"{key} ({push:+.2f} for {CLASSES[best]})" for key, push in top if push > 0)


def class_probabilities(scores: Sequence[float]) -> tuple[float, float, float, float]:
    """`document.softmax` of four class scores, unrolled (it runs per sentence per topic):
    the same operations in the same order, so the same floats (a test holds them equal)."""
    a, b, c, d = scores
    top = max(scores)
    ea, eb, ec, ed = math.exp(a - top), math.exp(b - top), math.exp(c - top), math.exp(d - top)
    total = ea + eb + ec + ed
    return ea / total, eb / total, ec / total, ed / total


_NO_INDEX: dict[str, int] = {}
Buffer = bytes | memoryview  # a blob of the model's run cache entry (see `load_model`)


class SentenceWeights(Mapping[str, tuple[float, ...]]):
    """Feature -> one weight per class, held as one float32 array.

    A dictionary of tuples for a few hundred thousand features costs a cold start more
    than all the rest of `stance`; an index of names and one flat array load in a few
    milliseconds and are all the hot loop needs.
    """

    def __init__(
        self,
        names: Sequence[str] | None,
        flat: Sequence[float],
        blocks: dict[str, dict[str, int]] | None = None,
        unpack: Callable[[], dict[str, dict[str, int]]] | None = None,
    ) -> None:
        """`blocks`, when given, is the index by block an earlier run built (see
        `load_model`). With it, `names` may be None: the names are a third of the run
        cache's entry and inference never reads them (`names` rebuilds them when asked).

        `unpack`, when given, returns the blocks `blocks` lacks, on the first read of one
        of them: the run cache keeps the model's own topics' blocks packed, since their
        rows (`DenseRows`) are all a run of the model's own pack reads, and unpacking
        92k index entries was a tenth of a cold start.
        """
        self._names = None if names is None else list(names)
        # Per block ("topic|" or "*|"), so a sentence's features are looked up for each
        # topic without building a key string per topic and feature.
        if blocks is None:
            if self._names is None:
                raise ValueError("weights with neither names nor an index")
            blocks = {}
            for i, name in enumerate(self._names):
                block, _, feature = name.partition("|")
                blocks.setdefault(block, {})[feature] = i
        self._blocks = blocks
        self._unpack = unpack
        if unpack is None:
            self._count = sum(len(index) for index in blocks.values())
            if len(flat) != self._count * len(CLASSES):
                raise ValueError(f"{len(flat)} weights for {self._count} features")
        else:
            self._count, left = divmod(len(flat), len(CLASSES))
            if left:
                raise ValueError(f"{len(flat)} weights are not rows of {len(CLASSES)}")
        self.flat = flat
        self._across: dict[tuple[tuple[str, ...], tuple[float, ...]], TopicRows] = {}
        # The rows of the model's own topics, read from the run cache (see `DenseRows`).
        self.dense: DenseRows | None = None

    def __getstate__(self) -> dict[str, Any]:
        """A pickled copy (a `--jobs` worker's where processes are spawned, a Dask task's)
        holds its own floats and every block: views of the mapped run cache entry and the
        function that unpacks the blocks do not pickle."""
        state = dict(self.__dict__)
        state.update(_blocks=self.blocks, _unpack=None, flat=array("f", self.flat), _across={})
        return state

    @property
    def blocks(self) -> dict[str, dict[str, int]]:
        """Each block's index of its features' rows in the flat array."""
        unpack = self._unpack
        if unpack is not None:
            self._blocks = {**self._blocks, **unpack()}  # `unpack` checks them
            self._unpack = None
        return self._blocks

    def index(self, block: str) -> dict[str, int] | None:
        """One block's index, unpacking the others only if it is one of them."""
        index = self._blocks.get(block)
        if index is None and self._unpack is not None:
            index = self.blocks.get(block)
        return index

    @property
    def names(self) -> list[str]:
        """Every feature's `block|feature` name, in the order of the flat array."""
        if self._names is None:
            names = [""] * self._count
            for block, index in self.blocks.items():
                for feature, i in index.items():
                    names[i] = f"{block}|{feature}"
            self._names = names
        return self._names

    def across(self, topics: tuple[str, ...], intercept: Sequence[float]) -> TopicRows:
        """Dense rows of the features over these topics, for scoring all topics at once."""
        key = (topics, tuple(intercept))
        rows = self._across.get(key)
        if rows is None:
            rows = self._across[key] = TopicRows(self, topics, intercept)
        return rows

    @classmethod
    def of(cls, rows: Mapping[str, Sequence[float]]) -> SentenceWeights:
        names = sorted(rows)
        flat = array("f", (float(x) for name in names for x in rows[name]))
        return cls(names, flat)

    def __getitem__(self, key: str) -> tuple[float, ...]:
        row = self.get_row(key)
        if row is None:
            raise KeyError(key)
        return row

    def get_row(self, key: str) -> tuple[float, ...] | None:
        """A key's weights, or None: most keys a sentence has are not weighed, and a
        KeyError per key (as `in` on a Mapping costs) is the slow way to learn that."""
        block, _, feature = key.partition("|")
        i = (self.index(block) or _NO_INDEX).get(feature)
        if i is None:
            return None
        return tuple(self.flat[i * len(CLASSES) : (i + 1) * len(CLASSES)])

    def margins(self, keys: Iterable[str], best: int) -> dict[str, float]:
        """Each weighed key's weight for class `best` less its highest for another class
        (how hard it pushes toward `best`), in the order of the keys, each once.

        `get_row` per key made a tuple per key and a list of the others; the reasons of
        a cold compare (5,000 keys) spent about 10 ms there.
        """
        others = itemgetter(*(k for k in range(len(CLASSES)) if k != best))
        flat, blocks, width = self.flat, self.blocks, len(CLASSES)
        pushes: dict[str, float] = {}
        for key in dict.fromkeys(keys):
            block, _, feature = key.partition("|")
            i = blocks.get(block, _NO_INDEX).get(feature)
            if i is not None:
                row = flat[width * i : width * (i + 1)]
                pushes[key] = row[best] - max(others(row))
        return pushes

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get_row(key) is not None

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def add(self, scores: list[float], block: str, features: Iterable[str]) -> None:
        """Add the weights a block gives the features to the class scores, in place."""
        index, flat = self.index(block), self.flat
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

    def to_json(self) -> dict[str, Any]:
        import base64  # saving and training only

        float32le = base64.b64encode(_little_endian(self.flat)).decode()
        return {"names": self.names, "float32le": float32le}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SentenceWeights:
        import base64

        flat = _from_little_endian(base64.b64decode(data["float32le"]))
        return cls([str(n) for n in data["names"]], flat)


def _little_endian(floats: Sequence[float]) -> bytes:
    """The float32 bytes the model file and the run cache hold, whatever this machine's order."""
    out = floats if isinstance(floats, array) else array("f", floats)
    if sys.byteorder != "little":
        out = array("f", out)
        out.byteswap()
    return out.tobytes()


def _float32_view(data: Buffer) -> Sequence[float]:
    """Little-endian float32 bytes as floats, without a copy where this machine's order is
    theirs (the dense rows are 5 MB)."""
    if sys.byteorder != "little":
        return _from_little_endian(data)
    return memoryview(data).cast("f")


def _from_little_endian(data: Buffer) -> array[float]:
    floats = array("f")
    floats.frombytes(data)
    if sys.byteorder != "little":
        floats.byteswap()
    return floats


class TopicRows:
    """Each feature's weights for a fixed list of topics, side by side in one tuple.

    A sentence's words are weighed on every topic; with one row of 4 weights per topic
    per feature (0.0 where a topic does not weigh it), the sums over a sentence's words
    for all topics and classes are column sums, done by `zip` and `sum` in C rather than
    by a Python loop per feature and topic. Adding 0.0 leaves a float as it is, and the
    terms are added in the order they were one by one (intercept, words, then the bias
    that opens a topic's own features), so the scores are the same floats.
    """

    def __init__(
        self, weights: SentenceWeights, topics: tuple[str, ...], intercept: Sequence[float]
    ) -> None:
        self.weights = weights
        self.topics = topics
        self.start = tuple(intercept) * len(topics)
        # The features any of the topics weighs: most of a sentence's words and word pairs
        # are not among them, and are dropped in C before any row is looked up, so the
        # rows kept are at most one per weighed feature, however many words a run meets.
        # For the model's own topics in its own order (every run of the default pack),
        # the run cache has both the features and their rows (`DenseRows`); building them
        # here was a fifth of a cold start.
        self._weighed: Collection[str]
        dense = weights.dense
        build: Callable[[str], tuple[float, ...] | None]
        if dense is not None and dense.topics == topics:
            self._weighed, build = dense.weighed, dense.row
        else:
            self._indexes = [weights.index(topic) or {} for topic in topics]
            self._weighed, build = frozenset().union(*self._indexes), self._row
        self.bias = build(BIAS) or (0.0,) * len(self.start)
        self._rows = _Rows(build)

    def scores(self, features: Iterable[str]) -> list[float]:
        """Every topic's class scores from the intercept, the features and the topic's bias.

        The features are in the order given; a topic's other own features (after the
        bias) are the caller's to add.
        """
        weighed = filter(self._weighed.__contains__, features)
        rows = list(map(self._rows.__getitem__, weighed))
        return list(map(sum, zip(*rows, self.bias, strict=True), self.start))

    def add(self, scores: list[float], j: int, features: Iterable[str]) -> None:
        """`SentenceWeights.add` of the features of topic `j`'s block, read from the rows.

        A feature the topic does not weigh adds its row's 0.0, which leaves a score as it
        was (but for -0.0, a score no class probability tells from 0.0). The model's own
        topics then need no index of their blocks (see `DenseRows`).
        """
        weighed, rows, b = self._weighed, self._rows, len(CLASSES) * j
        for feature in features:
            if feature in weighed:
                row = rows[feature]
                scores[0] += row[b]
                scores[1] += row[b + 1]
                scores[2] += row[b + 2]
                scores[3] += row[b + 3]

    def pushes(self, j: int, keys: Iterable[str], best: int) -> dict[str, float]:
        """`SentenceWeights.margins` of topic `j`'s keys (`topic|feature` and
        `*|feature`), the topic's read from the rows.

        A feature another of the topics weighs and this one does not has a row of 0.0
        here, so a push of 0.0 where `margins` has none: a reason is a push above 0, so
        the reasons are the same.
        """
        topic, width = self.topics[j], len(CLASSES)
        rest = [k for k in range(width) if k != best]
        own, others = width * j + best, itemgetter(*(width * j + k for k in rest))
        shared_others = itemgetter(*rest)
        weighed, rows = self._weighed, self._rows
        shared, flat = self.weights.index(SHARED) or _NO_INDEX, self.weights.flat
        pushes: dict[str, float] = {}
        for key in dict.fromkeys(keys):
            block, _, feature = key.partition("|")
            if block == topic:
                if feature in weighed:
                    row = rows[feature]
                    pushes[key] = row[own] - max(others(row))
            elif block == SHARED:
                i = shared.get(feature)
                if i is not None:
                    weights = flat[width * i : width * (i + 1)]
                    pushes[key] = weights[best] - max(shared_others(weights))
        return pushes

    def _row(self, feature: str) -> tuple[float, ...] | None:
        """The feature's weights for every topic in turn, or None if no topic weighs it."""
        row: list[float] | None = None
        flat, width = self.weights.flat, len(CLASSES)
        for j, index in enumerate(self._indexes):
            i = index.get(feature)
            if i is not None:
                if row is None:
                    row = [0.0] * (width * len(self.topics))
                row[width * j : width * (j + 1)] = flat[width * i : width * (i + 1)]
        return None if row is None else tuple(row)


class DenseRows:
    """`TopicRows._row` of every feature the model's topics weigh, for its own topics in
    its own order, as one float32 array: kept in the run cache with the weights, so a
    cold start reads a row with a slice where it built one with a Python loop per topic.
    float32 to float is exact, and the zeros are the same 0.0, so the rows are the same
    floats.
    """

    def __init__(
        self, topics: tuple[str, ...], features: Sequence[str], floats: Sequence[float]
    ) -> None:
        """`features` are sorted (`plain` sorts them), so a feature's row is found by
        bisection: a set of 34k names builds in half the time a dict of them does."""
        self.topics = topics
        self.width = len(CLASSES) * len(topics)
        self.features = features
        self.weighed = frozenset(features)
        if len(self.weighed) != len(features) or len(floats) != self.width * len(features):
            raise ValueError(f"{len(floats)} row weights for {len(features)} features")
        self.floats = floats

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with its own floats, not a view of the mapped entry (see `SentenceWeights`)."""
        return {**self.__dict__, "floats": array("f", self.floats)}

    def row(self, feature: str) -> tuple[float, ...] | None:
        features = self.features
        r = bisect_left(features, feature)
        if r == len(features) or features[r] != feature:
            if feature not in self.weighed:
                return None
            r = features.index(feature)  # an entry out of order: slower, still right
        return tuple(self.floats[self.width * r : self.width * (r + 1)])

    @staticmethod
    def plain(weights: SentenceWeights, topics: tuple[str, ...]) -> tuple[tuple[str, ...], bytes]:
        """The features and the float32 (little-endian) bytes of their rows, built as
        `TopicRows` builds them."""
        rows = TopicRows(weights, topics, (0.0,) * len(CLASSES))
        features = tuple(sorted(rows._weighed))
        floats = array("f")
        for feature in features:
            floats.extend(rows._row(feature) or ())
        return features, _little_endian(floats)


class _Rows(dict[str, tuple[float, ...]]):
    """A weighed feature's row, built the first time it is asked for (lookups stay in C)."""

    def __init__(self, build: Callable[[str], tuple[float, ...] | None]) -> None:
        super().__init__()
        self.build = build

    def __missing__(self, feature: str) -> tuple[float, ...]:
        row = self.build(feature)
        if row is None:  # only weighed features are asked for
            raise KeyError(feature)
        self[feature] = row
        return row


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
    # topic -> other topic -> a weight per side: how the text's lean on the other topic
    # moves the side (see `document`); empty in models fitted before it.
    camp: Mapping[str, Mapping[str, Sequence[float]]] = field(default_factory=dict)
    # Decides whether a sentence is reported (see `holder`); None in models fitted before
    # it, which take the attribution rules' word.
    holder: HolderModel | None = None
    # Each stem's word classes (see `word_classes`); none in models fitted before them.
    word_classes: WordClasses = NO_CLASSES
    #: The run cache's key for the file the model was read from, set by `load_model` on
    #: the model it returns; None for a model made otherwise. Not a field: a model made
    #: from this one by `dataclasses.replace` is another model and does not inherit it.
    file_key: ClassVar[bytes | None] = None

    @property
    def topics(self) -> frozenset[str]:
        """The topics the model was fitted on; it judges only these."""
        return frozenset(self.meta.get("topics", ()))

    def sentence_features(self, text: str, reading: SentenceReading) -> frozenset[str]:
        """The reading's own features, as `verdicts` weighs them for every topic, with
        the holder the holder step decides on."""
        own = frozenset(sentence_features(text, reading, self.subject_stems, self.word_classes))
        return own if self.holder is None else self.holder.holds(own)

    def verdicts(
        self,
        text: str,
        reading: SentenceReading,
        topics: Sequence[str],
        *,
        explain: int = 0,
        own: frozenset[str] | None = None,
    ) -> list[SentenceVerdict]:
        """One verdict per topic; `explain` names that many features behind each side.

        `own` is the reading's `sentence_features`, when the caller has them already.
        """
        if own is None:
            own = self.sentence_features(text, reading)
        order = tuple(topics)
        width = len(CLASSES)
        rows = self.weights.across(order, self.intercept)
        totals = rows.scores(own)
        # A topic the sentence has no hit, rule reading or preceding mention of has only
        # the bias among its own features (`instance_blocks` says so; a test holds them
        # to it), so its blocks need not be built unless its reasons are asked for.
        involved = (
            {h.entry.topic for h in reading.hits}
            | {j.topic for j in reading.rules}
            | reading.previous
        )
        verdicts: list[SentenceVerdict] = []
        for j, topic in enumerate(order):
            scores = totals[width * j : width * (j + 1)]
            blocks = None
            if topic in involved:
                blocks = instance_blocks(text, reading, topic, own, self.word_classes)
                # The bias, first of a topic's own features, is in `totals` already.
                rows.add(scores, j, blocks.local[1:])
                self.weights.add(scores, SHARED, blocks.shared)
            probs = class_probabilities(scores)
            reasons: tuple[str, ...] = ()
            if explain and probs[0] < ADDRESSED:
                if blocks is None:
                    blocks = instance_blocks(text, reading, topic, own, self.word_classes)
                # Toward the side the sentence is shown with (its `polarity`), not "none".
                best = max(range(1, width), key=lambda k: probs[k])
                reasons = _reasons(rows, j, blocks.keys(topic), best, explain)
            verdicts.append(_new_verdict(SentenceVerdict, (topic, probs, reasons)))
        return verdicts

    def reasons(
        self,
        text: str,
        reading: SentenceReading,
        topic: str,
        toward: str,
        limit: int,
        own: frozenset[str],
    ) -> tuple[str, ...]:
        """The features that pushed the sentence hardest toward one class on one topic:
        for a sentence that backs a side it does not win (see `judge.TopicEvidence`).
        `own` is the reading's `sentence_features`."""
        rows = self.weights.across((topic,), self.intercept)
        keys = instance_blocks(text, reading, topic, own, self.word_classes).keys(topic)
        return _reasons(rows, 0, keys, CLASSES.index(toward), limit)

    def cell(
        self,
        topic: str,
        probabilities: Sequence[Sequence[float]],
        keyword_sentences: int,
        sentences: int,
        subject_sentences: int = 0,
        leans: Mapping[str, float] | None = None,
    ) -> tuple[str, dict[str, float]]:
        """The document class and every class's probability, from the sentences' ones.

        `leans` holds the text's `lean` on each topic, of which the others' count.
        The absent cut is fitted for detection F1, so a topic is called present on less
        than even odds when that finds more of the cells readers find.
        """
        presence = presence_features(probabilities, keyword_sentences, sentences, subject_sentences)
        score = dot(self.presence[SHARED], presence)
        own = self.presence.get(topic)
        if own is not None:
            score += dot(own, presence)
        present = sigmoid(score)
        side = side_features(probabilities)
        scores = [dot(row, side) for row in self.side]
        camp = self.camp.get(topic)
        if camp and leans:
            scores = [a + b for a, b in zip(scores, camp_scores(camp, leans), strict=True)]
        sides = softmax(scores)
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
            "camp": {t: {u: list(row) for u, row in rows.items()} for t, rows in self.camp.items()},
            "holder": None if self.holder is None else self.holder.to_json(),
            "word_classes": self.word_classes.to_json(),
            "weights": self.weights.to_json(),
        }

    def save(self, path: Path) -> None:
        """Written deterministically (sorted keys, no timestamp): equal models, equal files."""
        data = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":")).encode()
        with open(path, "wb") as raw:
            import gzip  # a cold start reads the run cache, not the file

            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
                out.write(data)


def model_from_json(
    data: Mapping[str, Any], where: str, weights: SentenceWeights | None = None
) -> StanceModel:
    """Checks what inference relies on, so a bad file fails at load, not mid-run.

    `weights`, when given, stand for `data["weights"]` (read from the run cache).
    """
    if not isinstance(data, Mapping) or data.get("format") != FORMAT_VERSION:
        raise ModelError(f"{where}: not a stance model of format {FORMAT_VERSION}")
    if (
        tuple(data.get("classes", ())) != CLASSES
        or tuple(data.get("doc_classes", ())) != DOC_CLASSES
    ):
        raise ModelError(f"{where}: the model's classes are not {CLASSES}")
    try:
        if weights is None:
            weights = SentenceWeights.from_json(data["weights"])
        intercept = tuple(float(x) for x in data["intercept"])
        presence = {str(k): _padded(v, len(PRESENCE_FEATURES)) for k, v in data["presence"].items()}
        side = tuple(tuple(float(x) for x in row) for row in data["side"])
        absent_cut = float(data.get("absent_cut", 0.5))
        triggers = frozenset(str(s) for s in data.get("trigger_stems", ()))
        subject = frozenset(str(s) for s in data.get("subject_stems", ()))
        camp = {
            str(t): {str(u): tuple(float(x) for x in row) for u, row in rows.items()}
            for t, rows in data.get("camp", {}).items()
        }
        holder = holder_from_json(data.get("holder"), where)
        classes = WordClasses.from_json(data.get("word_classes"), where)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # binascii.Error too
        raise ModelError(f"{where}: malformed model ({exc})") from None
    width = len(CLASSES)
    if len(intercept) != width:
        raise ModelError(f"{where}: a weight row does not have {width} classes")
    if SHARED not in presence or any(len(v) != len(PRESENCE_FEATURES) for v in presence.values()):
        raise ModelError(f"{where}: the presence weights are not {len(PRESENCE_FEATURES)} wide")
    if len(side) != len(SIDES) or any(len(row) != len(SIDE_FEATURES) for row in side):
        raise ModelError(f"{where}: the side weights are not {len(SIDES)}x{len(SIDE_FEATURES)}")
    if any(len(row) != len(SIDES) for rows in camp.values() for row in rows.values()):
        raise ModelError(f"{where}: a camp weight row is not {len(SIDES)} wide")
    document = [x for v in presence.values() for x in v] + [x for row in side for x in row]
    document += [x for rows in camp.values() for row in rows.values() for x in row]
    if not all(math.isfinite(x) for x in document):
        raise ModelError(f"{where}: the document classifier has a non-finite weight")
    every = bool(data.get("read_every", False))
    meta = dict(data.get("meta", {}))
    return StanceModel(
        weights,
        intercept,
        presence,
        side,
        absent_cut,
        triggers,
        every,
        meta,
        subject,
        camp,
        holder,
        classes,
    )


def _padded(row: Iterable[Any], width: int) -> tuple[float, ...]:
    """A presence row with 0.0 for features added since the model was fitted (a model
    fitted before "subject_sentences" reads as it always did)."""
    values = tuple(float(x) for x in row)
    if _OLDEST_PRESENCE_WIDTH <= len(values) < width:
        return values + (0.0,) * (width - len(values))
    return values


def load_model(path: Path) -> StanceModel:
    """A model written by `stance train` (or the shipped one).

    Unzipping and parsing the JSON, decoding the weights and indexing 90k feature names
    took about a tenth of a second of every cold start; the result is kept in the run
    cache (`stancecli.cache`) as plain data keyed by the file's bytes and this module's
    code (which derives the rows of `DenseRows`), and checked again. Its float arrays
    and packed blocks are mapped from the entry's file, not read (`load_mapped`).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{path}: no such model file") from None
    except OSError as exc:
        raise ModelError(f"{path}: not a gzipped JSON model ({exc})") from None
    key = model_file_key(raw)
    model = _load_model(raw, key, str(path))
    object.__setattr__(model, "file_key", key)  # frozen, and `file_key` is not a field
    return model


def model_file_key(raw: bytes) -> bytes | None:
    """What a model file's content is, for the run cache: its bytes and the code that
    reads them. None when that code cannot be read (nothing is kept then)."""
    return source_key([sys.modules[__name__]], raw)


def _load_model(raw: bytes, key: bytes | None, where: str) -> StanceModel:
    """The model in `raw`, from the run cache's entry for `key` when it has a sound one."""

    def build() -> tuple[PlainModel, list[bytes]]:
        """The plain model, written for the next run when there is a cache."""
        plain, blobs = _plain_model(raw, where)
        if key is not None:
            store_mapped(_ENTRY, key, plain, blobs)
        return plain, blobs

    if key is None:
        return _restored(*build(), where, build)
    restored: list[StanceModel] = []

    def check(value: Any, blobs: list[memoryview]) -> bool:
        """Does the entry make a model? A damaged one is rebuilt, not an error, and the
        model made to check it is the one returned."""
        if not _is_plain_model(value, blobs):
            return False
        try:
            restored.append(_restored(value, blobs, where, build))
        except ModelError:
            return False
        return True

    if load_mapped(_ENTRY, key, check) is not None:
        return restored[0]
    return _restored(*build(), where, build)


_ENTRY = "model-rows"  # the run cache's name for a model's entries


def _restored(
    plain: PlainModel,
    blobs: Sequence[Buffer],
    where: str,
    again: Callable[[], tuple[PlainModel, Sequence[Buffer]]],
) -> StanceModel:
    """The model of a `PlainModel` and its blobs; `again` builds them afresh if the
    packed blocks, read only when a run first needs them, turn out damaged."""
    header, blocks, count, topics, features = plain
    flat, packed, rows = blobs

    def unpack() -> dict[str, dict[str, int]]:
        rest = _unpacked(packed, count)
        if rest is None:  # damaged, though the rest of the entry was not
            fresh, (_, packed_again, _) = again()
            rest = _unpacked(packed_again, fresh[2]) or {}
        return rest

    try:
        weights = SentenceWeights(None, _float32_view(flat), blocks, unpack)
        weights.dense = DenseRows(topics, features, _float32_view(rows))
    except ValueError as exc:
        raise ModelError(f"{where}: malformed model ({exc})") from None
    return model_from_json(header, where, weights)


def _unpacked(packed: Buffer, count: int) -> dict[str, dict[str, int]] | None:
    """The packed blocks, if they read as `count` index entries."""
    try:
        blocks = marshal.loads(packed)
    except (EOFError, ValueError, TypeError):
        return None
    if not (
        type(blocks) is dict
        and all(type(index) is dict for index in blocks.values())
        and sum(map(len, blocks.values())) == count
    ):
        return None
    return blocks


# All but the weights; the index by block (which holds their names) of the blocks other
# than the model's own topics'; how many entries those topics' blocks hold; and the
# topics and features of `DenseRows.plain`. Its blobs: the weights' float32 bytes, the
# marshal bytes of the own topics' blocks, and the rows of `DenseRows.plain`.
PlainModel = tuple[dict[str, Any], dict[str, dict[str, int]], int, tuple[str, ...], tuple[str, ...]]


def _plain_model(raw: bytes, where: str) -> tuple[PlainModel, list[bytes]]:
    """The model file as marshal-able data and blobs (see `PlainModel`)."""
    try:
        import gzip

        data = json.loads(gzip.decompress(raw))
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{where}: not a gzipped JSON model ({exc})") from None
    model = model_from_json(data, where)  # the whole check, weights included
    header = {k: v for k, v in data.items() if k != "weights"}
    weights = model.weights
    topics = _own_topics(header)
    features, rows = DenseRows.plain(weights, topics)
    # The model's own topics' blocks are read only by a run of another pack (or order):
    # packed, they cost a run of the bundled pack nothing.
    own = {block: index for block, index in weights.blocks.items() if block in topics}
    rest = {block: index for block, index in weights.blocks.items() if block not in own}
    count = sum(map(len, own.values()))
    plain = (header, rest, count, topics, features)
    return plain, [_little_endian(weights.flat), marshal.dumps(own), rows]


def _own_topics(header: Mapping[str, Any]) -> tuple[str, ...]:
    """The topics the model was fitted on, in its order (the bundled pack's)."""
    return tuple(str(t) for t in header.get("meta", {}).get("topics", ()))


def _is_plain_model(value: Any, blobs: Sequence[Buffer]) -> bool:
    """Is a cache entry shaped like `_plain_model`'s answer? (Its content is checked on use.)"""
    if not (isinstance(value, tuple) and len(value) == 5 and len(blobs) == 3):
        return False
    header, blocks, count, topics, features = value
    return (
        isinstance(header, dict)
        and isinstance(blocks, dict)
        and all(isinstance(index, dict) for index in blocks.values())
        and type(count) is int
        and len(blobs[0]) == 4 * len(CLASSES) * (sum(map(len, blocks.values())) + count)
        and type(topics) is tuple
        and topics == _own_topics(header)
        and type(features) is tuple
        and set(map(type, features)) <= {str}
    )


@lru_cache(maxsize=1)
def default_model() -> StanceModel:
    """The shipped weights, read once per process."""
    with data_file("model", DEFAULT_MODEL) as path:
        return load_model(path)


def default_model_key() -> bytes | None:
    """The shipped model's `file_key`, without building the model: a run whose results
    are all in the run cache needs no more of it. Read afresh each time until the model
    is built (a new model file is then a new key, as it is a new model)."""
    if default_model.cache_info().currsize:  # built already: its key is at hand
        return default_model().file_key
    with data_file("model", DEFAULT_MODEL) as path:
        try:
            return model_file_key(path.read_bytes())
        except OSError:
            return None
