"""Fitting a stance model: sentence weights, then the document classifier on top.

scikit-learn does the fitting (the `train` extra); what it fits is exported to the plain
weights `stancecli.learned.model` reads, so judging never imports it.

The document classifier must learn from sentence probabilities like those it will see on
unseen text, not from a model's readings of its own training sentences, which are too
sure. So its inputs are cross-fitted: the training documents are split into folds (by
group), a sentence model fitted on the others reads each fold, through the same path
`stance compare` takes on a new article.
"""

from __future__ import annotations

import bisect
import hashlib
import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from stancecli.judge.attribution import AUTHOR
from stancecli.judge.lexicon import default_lexicon
from stancecli.judge.rules import Judge
from stancecli.learned.document import (
    PRESENCE_FEATURES,
    SIDE_FEATURES,
    SIDES,
    mirrored,
    presence_features,
    side_features,
)
from stancecli.learned.features import REPORTED, instance_features, sentence_features
from stancecli.learned.holder import HolderModel, with_holder
from stancecli.learned.judge import judge_readings
from stancecli.learned.model import SentenceWeights, StanceModel
from stancecli.learned.vocabulary import CLASSES, SHARED
from stancecli.learned.word_classes import NO_CLASSES, WordClasses
from stancecli.match.matcher import Matcher
from stancecli.match.reading import Reader, SentenceReading
from stancecli.models import TopicPack
from stancecli.text.segment import split_sentences
from stancecli.text.tokens import normalize_token, stem
from stancecli.train.corpora import LabelledDocument, LabelledSentence, sentence_class


@dataclass(frozen=True)
class Settings:
    """The trainer's choices; recorded in the model so a run can be repeated."""

    seed: int = 13
    sentence_c: float = 0.5  # inverse L2 strength of the sentence model
    document_c: float = 1.0
    side_c: float = 0.3  # the side step's: its camp weights are many for few documents
    min_count: int = 3  # a feature seen fewer times is dropped
    inner_folds: int = 3  # cross-fitting folds for the document classifier's inputs
    prune: float = 0.05  # a feature whose weights are all smaller is not shipped
    read_every: bool = False
    balanced: bool = False  # weigh classes inversely to their frequency
    # The share of a text's unlabelled sentences (those no label line covers, where the
    # labels leave gaps) taught as "addresses no topic"; see `Trainer.unlabelled`.
    unlabelled: float = 0.2
    learn_holder: bool = True  # learn the holder step (else the attribution rules decide)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def stems_of(words: Iterable[str]) -> list[str]:
    """Words as the features compare them: folded and stemmed."""
    return sorted({stem(normalize_token(word)) for word in words})


def only_reported(item: LabelledSentence, topic: str) -> bool:
    """Do the labels give this topic to someone else, and not to the author?"""
    holders = {label.holder for label in item.labels if label.topic == topic}
    return bool(holders) and AUTHOR not in holders


class Trainer:
    """Reads labelled documents with one pack's engine and fits a model to them."""

    def __init__(
        self,
        pack: TopicPack,
        settings: Settings,
        trigger_stems: Iterable[str] = (),
        subject_stems: Iterable[str] = (),
        word_classes: WordClasses = NO_CLASSES,
    ) -> None:
        self.pack = pack
        self.settings = settings
        self.subject_stems = frozenset(subject_stems)
        self.word_classes = word_classes
        # A sentence naming the subject is read, so that the document step can count them.
        self.trigger_stems = frozenset(trigger_stems) | self.subject_stems
        matcher = Matcher(pack)
        self.reader = Reader(matcher, Judge(matcher, default_lexicon()), self.trigger_stems)
        # What was read of each document, kept: cross-fitting and cross-validation read
        # the same documents in many folds, and reading is most of a fit's time.
        self._instances: dict[tuple[str, int, bool], tuple[list[list[str]], list[int]]] = {}
        self._pairs: dict[str, list[tuple[SentenceReading, LabelledSentence | None]]] = {}
        self._sentence_cache: dict[
            str, list[tuple[SentenceReading, LabelledSentence | None, frozenset[str]]]
        ] = {}
        self._readings: dict[str, tuple[list[Any], list[SentenceReading]]] = {}

    def instances(
        self, docs: Sequence[LabelledDocument], holders: Mapping[str, HolderModel] | None = None
    ) -> tuple[list[list[str]], list[int]]:
        """Features and class of every labelled sentence on every topic of the pack.

        `holders` gives each document (by id) the holder step that decides its sentences'
        holders: one that was not fitted on it, as on unseen text. Without one, the
        attribution rules decide.
        """
        rows: list[list[str]] = []
        classes: list[int] = []
        for doc in docs:
            holder = (holders or {}).get(doc.doc)
            for k, (reading, item, own) in enumerate(self._sentences(doc)):
                reported = reading.reported if holder is None else holder.reports(own)
                key = (doc.doc, k, reported)
                cached = self._instances.get(key)
                if cached is None:
                    cached = self._instances[key] = self._sentence_instances(
                        doc.text, reading, item, with_holder(own, reported)
                    )
                rows += cached[0]
                classes += cached[1]
        return rows, classes

    def _sentences(
        self, doc: LabelledDocument
    ) -> list[tuple[SentenceReading, LabelledSentence | None, frozenset[str]]]:
        """The labelled sentences and the unlabelled sample, read, with their own features."""
        cached = self._sentence_cache.get(doc.doc)
        if cached is None:
            pairs = self._pairs.get(doc.doc)
            if pairs is None:
                items = {item.sentence.index: item for item in doc.sentences}
                sentences = [item.sentence for item in doc.sentences]
                labelled: list[tuple[SentenceReading, LabelledSentence | None]] = [
                    (reading, items[reading.sentence.index])
                    for reading in self.reader.read(doc.text, sentences, every=True)
                ]
                pairs = labelled + [(reading, None) for reading in self.unlabelled(doc)]
                self._pairs[doc.doc] = pairs
            cached = self._sentence_cache[doc.doc] = [
                (reading, item, frozenset(self._own(doc.text, reading))) for reading, item in pairs
            ]
        return cached

    def _own(self, text: str, reading: SentenceReading) -> list[str]:
        return sentence_features(text, reading, self.subject_stems, self.word_classes)

    def _sentence_instances(
        self,
        text: str,
        reading: SentenceReading,
        item: LabelledSentence | None,
        own: frozenset[str],
    ) -> tuple[list[list[str]], list[int]]:
        rows: list[list[str]] = []
        classes: list[int] = []
        for topic in self.pack.ids:
            if item is not None and only_reported(item, topic) and REPORTED not in own:
                # The holder step missed the report: learning "author-neutral" from its
                # stance words would teach the model that stance is neutral.
                continue
            rows.append(instance_features(text, reading, topic, own, classes=self.word_classes))
            classes.append(0 if item is None else sentence_class(item, topic))
        return rows, classes

    def fit_holder(self, docs: Sequence[LabelledDocument]) -> HolderModel | None:
        """The holder step, from the labels' holders: a sentence is reported when no label
        gives its stances to the author. None if the labels name no other holder."""
        examples = [
            (own, int(AUTHOR not in holders))
            for doc in docs
            for _, item, own in self._sentences(doc)
            if item is not None and (holders := {label.holder for label in item.labels})
        ]
        if len({y for _, y in examples}) < 2:
            return None
        weights, bias = _fit_binary(
            [sorted(own) for own, _ in examples], [y for _, y in examples], self.settings
        )
        return HolderModel(weights, bias)

    def unlabelled(self, doc: LabelledDocument) -> list[SentenceReading]:
        """The sentences `stance compare` would read that no label covers, as a sample.

        Labellers of long texts label the sentences that match their search words; the
        others (almost always) address no topic. `stance compare` reads many of them all
        the same, wherever a pack word such as "dialogue" or "security" occurs, and a
        model that never saw one finds a topic in every speech that talks of peace. So a
        seeded share of them is taught as not addressed. Sampled by a hash of the
        sentence's place, so a document gives the same sample in every fold.
        """
        share = self.settings.unlabelled
        if share <= 0 or not doc.sentences or not _has_gaps(doc):
            return []
        starts = [item.sentence.start for item in doc.sentences]
        ends = [item.sentence.end for item in doc.sentences]
        chosen: list[SentenceReading] = []
        for reading in self._read(doc)[1]:
            sentence = reading.sentence
            k = bisect.bisect_left(ends, sentence.start + 1)  # first label ending inside
            if k < len(starts) and starts[k] < sentence.end:
                continue  # overlaps a labelled sentence
            draw = zlib.crc32(f"{self.settings.seed}:{doc.doc}:{sentence.start}".encode())
            if draw / 2**32 < share:
                chosen.append(reading)
        return chosen

    def fit_sentences(
        self,
        docs: Sequence[LabelledDocument],
        holders: Mapping[str, HolderModel] | None = None,
        holder: HolderModel | None = None,
    ) -> StanceModel:
        """A model with sentence weights only (its document classifier a placeholder).

        `holders` decide the training sentences' holders (see `instances`); `holder` is
        the model's own holder step, for the text it will read.
        """
        rows, classes = self.instances(docs, holders)
        weights, intercept = _fit_sparse(rows, classes, self.settings)
        return StanceModel(
            SentenceWeights.of(weights),
            intercept,
            {SHARED: [0.0] * len(PRESENCE_FEATURES)},
            [[0.0] * len(SIDE_FEATURES) for _ in SIDES],
            trigger_stems=self.trigger_stems,
            read_every=self.settings.read_every,
            meta={"topics": list(self.pack.ids)},
            subject_stems=self.subject_stems,
            holder=holder,
            word_classes=self.word_classes,
        )

    def document_rows(
        self, model: StanceModel, docs: Sequence[LabelledDocument]
    ) -> list[DocumentRow]:
        """Document features as `stance compare` would compute them, and the gold class."""
        rows: list[DocumentRow] = []
        topics = self.pack.ids
        for doc in docs:
            sentences, readings = self._read(doc)
            judged = judge_readings(model, doc.text, readings, topics, len(sentences))
            gold = doc.author_cells()
            for topic in topics:
                found = judged.topics[topic]
                presence = presence_features(
                    found.probabilities,
                    found.keyword_sentences,
                    len(sentences),
                    judged.subject_sentences,
                )
                side = side_features(found.probabilities)
                rows.append(
                    DocumentRow(topic, presence, side, gold.get(topic, "absent"), judged.leans)
                )
        return rows

    def _read(self, doc: LabelledDocument) -> tuple[list[Any], list[SentenceReading]]:
        """A document's sentences and readings as `stance compare` has them, read once."""
        cached = self._readings.get(doc.doc)
        if cached is None:
            if self.settings.read_every and doc.sentences and not _has_gaps(doc):
                sentences = [item.sentence for item in doc.sentences]
            else:
                sentences = split_sentences(doc.text)
            readings = self.reader.read(doc.text, sentences, every=self.settings.read_every)
            cached = self._readings[doc.doc] = (sentences, readings)
        return cached

    def fit(
        self,
        docs: Sequence[LabelledDocument],
        progress: Callable[[str], None] = lambda _: None,
    ) -> StanceModel:
        """Sentence weights on every document; the holder step and the document classifier
        cross-fitted.

        The holder step decides the holders of the sentences the sentence weights learn
        from, so those decisions must be as good as on unseen text and no better: each
        fold's are made by a holder step fitted on the other folds. That step is also the
        one the fold's document inputs are read with.
        """
        folds = group_folds(docs, self.settings.inner_folds, self.settings.seed)
        held_ids = [{d.doc for d in held} for held in folds]
        trains = [[d for d in docs if d.doc not in ids] for ids in held_ids]
        fold_holders = [self._holder(train) for train in trains]
        holders = {
            d.doc: holder
            for held, holder in zip(folds, fold_holders, strict=True)
            if holder is not None
            for d in held
        }
        doc_rows: list[DocumentRow] = []
        for k, (held, train) in enumerate(zip(folds, trains, strict=True)):
            progress(f"cross-fitting document inputs, fold {k + 1} of {len(folds)}")
            inner = self.fit_sentences(train, holders, fold_holders[k])
            doc_rows += self.document_rows(inner, held)
        progress("fitting sentence weights on all documents")
        model = self.fit_sentences(docs, holders, self._holder(docs))
        presence, cut = _fit_presence(doc_rows, self.pack.ids, self.settings)
        side, camp = _fit_side(doc_rows, self.pack.ids, self.settings)
        meta = {
            "settings": self.settings.to_dict(),
            "pack": self.pack.name,
            "topics": list(self.pack.ids),
            "documents": len(docs),
            "data_sha256": data_hash(docs),
        }
        return StanceModel(
            model.weights,
            model.intercept,
            presence,
            side,
            cut,
            model.trigger_stems,
            model.read_every,
            meta,
            model.subject_stems,
            camp,
            model.holder,
            model.word_classes,
        )

    def _holder(self, docs: Sequence[LabelledDocument]) -> HolderModel | None:
        return self.fit_holder(docs) if self.settings.learn_holder else None


@dataclass(frozen=True)
class DocumentRow:
    """One document and topic as the document classifier learns from it."""

    topic: str
    presence: list[float]
    side: list[float]
    gold: str  # absent, neutral, pro, con or mixed
    leans: Mapping[str, float] = field(default_factory=dict)  # the document's, every topic


def _has_gaps(doc: LabelledDocument) -> bool:
    """Are there stretches of text between the labelled sentences (unlabelled sentences)?"""
    end = 0
    for item in doc.sentences:
        if doc.text[end : item.sentence.start].strip():
            return True
        end = item.sentence.end
    return bool(doc.text[end:].strip())


def group_folds(
    docs: Sequence[LabelledDocument], k: int, seed: int
) -> list[list[LabelledDocument]]:
    """k folds with no group in two of them, groups dealt out at random (seeded)."""
    groups = sorted({d.group for d in docs})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    folds: list[list[LabelledDocument]] = [[] for _ in range(k)]
    for doc in docs:
        folds[fold_of[doc.group]].append(doc)
    return [f for f in folds if f]


def data_hash(docs: Sequence[LabelledDocument]) -> str:
    """A hash of exactly what training read: texts, sentence spans and labels."""
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.doc):
        digest.update(doc.doc.encode() + b"\0" + doc.text.encode() + b"\0")
        for item in doc.sentences:
            s = item.sentence
            digest.update(f"{s.start}:{s.end}".encode())
            for label in item.labels:
                digest.update(f"{label.topic}/{label.holder}/{label.stance};".encode())
        digest.update(repr(sorted((doc.labels or {}).items())).encode())
    return digest.hexdigest()


def _sparse(rows: Sequence[Sequence[str]], min_count: int) -> tuple[Any, dict[str, int]]:
    """Rows of feature names as a 0/1 sparse matrix over the features seen `min_count` times."""
    import numpy as np
    from scipy.sparse import csr_matrix

    counts: Counter[str] = Counter(f for row in rows for f in set(row))
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    indptr = [0]
    indices: list[int] = []
    for row in rows:
        cols = sorted({vocab[f] for f in row if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    matrix = csr_matrix(
        (np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(len(rows), len(vocab)),
    )
    return matrix, vocab


def _fit_sparse(
    rows: Sequence[Sequence[str]], classes: Sequence[int], settings: Settings
) -> tuple[dict[str, tuple[float, ...]], tuple[float, ...]]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix, vocab = _sparse(rows, settings.min_count)
    fitted = LogisticRegression(
        C=settings.sentence_c,
        max_iter=2000,
        random_state=settings.seed,
        class_weight="balanced" if settings.balanced else None,
    ).fit(matrix, np.array(classes))
    coef = np.zeros((len(CLASSES), len(vocab)))
    intercept = np.full(len(CLASSES), -20.0)  # a class never seen is never predicted
    for cls, row, bias in _class_rows(fitted):
        coef[cls], intercept[cls] = row, bias
    weights: dict[str, tuple[float, ...]] = {}
    for feature, col in vocab.items():
        column = coef[:, col]
        if float(np.abs(column).max()) >= settings.prune:
            weights[feature] = tuple(round(float(x), 4) for x in column)
    return weights, tuple(round(float(x), 4) for x in intercept)


def _fit_binary(
    rows: Sequence[Sequence[str]], classes: Sequence[int], settings: Settings
) -> tuple[dict[str, float], float]:
    """A sparse logistic regression for one yes/no question: weights per feature, bias."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    matrix, vocab = _sparse(rows, settings.min_count)
    fitted = LogisticRegression(
        C=settings.sentence_c, max_iter=2000, random_state=settings.seed
    ).fit(matrix, np.array(classes))
    coef = fitted.coef_[0]
    weights = {
        f: round(float(coef[col]), 4)
        for f, col in vocab.items()
        if abs(float(coef[col])) >= settings.prune
    }
    return weights, round(float(fitted.intercept_[0]), 4)


def _fit_presence(
    rows: Sequence[DocumentRow], topics: Sequence[str], settings: Settings
) -> tuple[dict[str, list[float]], float]:
    """Shared presence weights plus each topic's own offsets, and the fitted absent cut.

    Each row is its features twice: once in the shared block and once in its topic's
    block, so L2 keeps a topic's offsets small unless its documents need them, and a topic
    the model never saw is judged by the shared block alone.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    width = len(PRESENCE_FEATURES)
    blocks = [SHARED, *topics]
    x = np.zeros((len(rows), width * len(blocks)))
    for i, row in enumerate(rows):
        x[i, :width] = row.presence
        if row.topic in topics:
            b = blocks.index(row.topic)
            x[i, b * width : (b + 1) * width] = row.presence
    present = np.array([row.gold != "absent" for row in rows])
    fitted = LogisticRegression(C=settings.document_c, max_iter=5000).fit(x, present)
    coef = fitted.coef_[0]
    weights = {
        block: [round(float(c), 5) for c in coef[k * width : (k + 1) * width]]
        for k, block in enumerate(blocks)
    }
    weights[SHARED][0] = round(weights[SHARED][0] + float(fitted.intercept_[0]), 5)
    p_absent = 1 - fitted.predict_proba(x)[:, 1]
    return weights, _best_cut(p_absent, present)


def _fit_side(
    rows: Sequence[DocumentRow], topics: Sequence[str], settings: Settings
) -> tuple[list[list[float]], dict[str, dict[str, list[float]]]]:
    """The side classifier and its camp weights, on the documents that address the topic.

    Each document is also seen mirrored: its sides swapped on its own topic and its leans
    negated on all the others, so the camp weights learn which topics go together, not
    which side is the more common.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    present = [row for row in rows if row.gold != "absent"]
    swap = {"pro": "con", "con": "pro"}
    width = len(SIDE_FEATURES) - 1
    slot = {t: k for k, t in enumerate(topics)}
    camp = np.zeros((len(present), len(topics) * len(topics)))
    for i, row in enumerate(present):
        if row.topic in slot:
            base = slot[row.topic] * len(topics)
            for other, value in row.leans.items():
                if other != row.topic and other in slot:
                    camp[i, base + slot[other]] = value
    own = np.array([r.side[1:] for r in present] + [mirrored(r.side)[1:] for r in present])
    x = np.hstack([own, np.vstack([camp, -camp])])
    y = np.array(
        [SIDES.index(r.gold) for r in present]
        + [SIDES.index(swap.get(r.gold, r.gold)) for r in present]
    )
    fitted = LogisticRegression(C=settings.side_c, max_iter=5000).fit(x, y)
    weights = [[-20.0] + [0.0] * width for _ in SIDES]
    coef = np.zeros((len(SIDES), x.shape[1]))
    for cls, row, bias in _class_rows(fitted):
        weights[cls] = [round(bias, 5)] + [round(float(c), 5) for c in row[:width]]
        coef[cls] = row
    links: dict[str, dict[str, list[float]]] = {}
    for topic, t in slot.items():
        for other, u in slot.items():
            column = coef[:, width + t * len(topics) + u]
            if other != topic and float(np.abs(column).max()) >= 1e-4:
                links.setdefault(topic, {})[other] = [round(float(c), 5) for c in column]
    return weights, links


def _best_cut(p_absent: Any, present: Any) -> float:
    """The P(absent) cut that gives the best detection F1 on the cross-fitted documents."""
    best, best_f1 = 0.5, -1.0
    for cut in [i / 40 for i in range(4, 39)]:
        called = p_absent < cut
        tp = int((called & present).sum())
        fp = int((called & ~present).sum())
        fn = int((~called & present).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = cut, f1
    return best


def _class_rows(fitted: Any) -> list[tuple[int, Any, float]]:
    """(class, coefficients, intercept) per class seen, as softmax scores.

    With two classes scikit-learn fits one logistic score s; the softmax of (-s/2, s/2)
    gives the same probabilities, so both classes get a row.
    """
    if len(fitted.classes_) == 2:
        row, bias = fitted.coef_[0] / 2, float(fitted.intercept_[0]) / 2
        first, second = (int(c) for c in fitted.classes_)
        return [(first, -row, -bias), (second, row, bias)]
    return [
        (int(cls), fitted.coef_[i], float(fitted.intercept_[i]))
        for i, cls in enumerate(fitted.classes_)
    ]
