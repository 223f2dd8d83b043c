"""What the learned judge sees of a sentence: the engine's structure, as named features.

Hand-written rules fit the texts they were written against; their *readings* generalize
better as evidence a model weighs. So the rule judge's verdict, the lexicon's cues (marked
when a negator governs them), the holder, and the words around a mention all become
features, and a model learned from labelled real text decides how much each counts.

Features come in two kinds. A sentence's own features (its words and cues) are the same
for every topic, and a topic's features (its hits, the rule verdict on it, the words next to
its mention) belong to one topic. The model weighs each feature twice: once for the topic
at hand and once shared by all topics, so a user's pack with no training data still gets
the shared, topic-agnostic weights ("a pole cue under negation", "a modal before a con
cue"). Nothing here sees a file name, a document id or a speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from stancecli.learned.vocabulary import SHARED
from stancecli.learned.word_classes import NO_CLASSES, WordClasses
from stancecli.learned.word_classes import PREFIXES as CLASS_PREFIXES
from stancecli.match.reading import SentenceReading
from stancecli.text.tokens import Token, stem

WINDOW = 4  # words either side of a mention that are read as its context
_NEGATORS = frozenset(
    {"not", "no", "never", "without", "nor", "cannot", "neither", "none", "nothing", "nobody"}
)
_SCOPE_BREAKS = frozenset(',;:.!?()—–"“”')
_MODALS = frozenset({"should", "must", "need", "needs", "ought", "will", "would", "shall", "can"})
SUBJECT_BIAS = "@bias"  # the feature of every sentence that names the debate's subject
REPORTED = "holder:other"  # the feature of a sentence that reports another's view


# The last sentence's negation marks: a sentence's own features and each of its topics'
# cue hits ask for the same marks, up to a dozen times in a row. Keyed by identity (the
# entry holds both objects, so neither id can be reused while it is remembered).
_last_negated: tuple[str, Sequence[Token], list[bool]] | None = None


def _negated(text: str, tokens: Sequence[Token]) -> list[bool]:
    """Which tokens stand in a negator's scope: up to the next punctuation mark."""
    global _last_negated
    last = _last_negated
    if last is not None and last[1] is tokens and last[0] is text:
        return last[2]
    marks = _negation_marks(text, tokens)
    _last_negated = (text, tokens, marks)
    return marks


def _negation_marks(text: str, tokens: Sequence[Token]) -> list[bool]:
    norms = [t.norm for t in tokens]
    # Most sentences hold no negator: sorted out by set and substring tests in C (a norm
    # ends in "n't" where "n't" meets the separator, which no word holds).
    if _NEGATORS.isdisjoint(norms) and "n't\0" not in "\0".join(norms) + "\0":
        return [False] * len(norms)
    marks: list[bool] = []
    open_scope = False
    previous_end = tokens[0].start if tokens else 0
    for token in tokens:
        gap = text[previous_end : token.start]
        if open_scope and any(ch in _SCOPE_BREAKS for ch in gap):
            open_scope = False
        marks.append(open_scope)
        norm = token.norm
        if norm in _NEGATORS or norm.endswith("n't"):
            open_scope = True
        elif norm == "but":
            open_scope = False
        previous_end = token.end
    return marks


def sentence_features(
    text: str,
    reading: SentenceReading,
    subject: frozenset[str] = frozenset(),
    classes: WordClasses = NO_CLASSES,
) -> list[str]:
    """The features a sentence has whatever the topic: its words, their classes, cues and
    holder.

    `subject` holds the stems that name what the whole debate is about (Russia, Ukraine).
    In a sentence that names it, its words are also seen conjoined with it ("@peac"): "a
    peaceful settlement" for Ukraine is a stance on talks with Moscow, while the same words
    about another conflict, which long speeches hold many of, are no stance at all. A
    linear model cannot tell the two apart from the words alone.
    """
    tokens = reading.tokens
    negated = _negated(text, tokens)
    stems = [stem(t.norm) for t in tokens]
    feats = [("~" if neg else "") + s for s, neg in zip(stems, negated, strict=True)]
    if classes:
        for s, neg in zip(stems, negated, strict=True):
            feats += [("~" if neg else "") + name for name in classes.of(s)]
    feats += [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]
    for hit in reading.lex:
        neg = negated[hit.first]
        feats.append(f"lex:{hit.category}{'~' if neg else ''}")
    if reading.reported:
        feats.append(REPORTED)
    if reading.sentence.text.rstrip().endswith("?"):
        feats.append("question")
    if reading.sentence.heading:
        feats.append("heading")
    if subject and not subject.isdisjoint(stems):
        # Words, their classes and the one-word flags (question, heading) are conjoined;
        # bigrams and the lexicon's categories are not.
        feats += ["@" + f for f in feats if _conjoined(f)]
        feats.append(SUBJECT_BIAS)
    return feats


def _conjoined(feature: str) -> bool:
    return (" " not in feature and ":" not in feature) or feature.lstrip("~").startswith(
        CLASS_PREFIXES
    )


def topic_features(
    text: str, reading: SentenceReading, topic: str, classes: WordClasses = NO_CLASSES
) -> list[str]:
    """The features a sentence has on one topic: its hits, the rule verdict, the context
    (its words and their classes)."""
    feats: list[str] = []
    tokens = reading.tokens
    positions: list[int] = []
    for hit in reading.hits:
        if hit.entry.topic != topic:
            continue
        kind = hit.entry.kind
        if kind == "keyword":
            feats.append("kw")
            positions.append(hit.first)
        elif hit.entry.pole:
            feats.append("cue+" if hit.entry.pole > 0 else "cue-")
            first = hit.first
            negated = _negated(text, tokens)[first]
            modal = any(tokens[i].norm in _MODALS for i in range(max(0, first - 3), first))
            sign = "+" if hit.entry.pole > 0 else "-"
            if negated:
                feats.append(f"cue{sign}~")
            if modal:
                feats.append(f"modal cue{sign}")
    if len(positions) > 1:
        feats.append("kw>1")
    if topic in reading.previous:
        feats.append("after kw" if positions else "after kw, none here")
    for position in positions[:2]:
        for offset in range(1, WINDOW + 1):
            if position - offset >= 0:
                feats.append("L:" + stem(tokens[position - offset].norm))
            if position + offset < len(tokens):
                feats.append("R:" + stem(tokens[position + offset].norm))
            if classes:
                for side, at in (("L:", position - offset), ("R:", position + offset)):
                    if 0 <= at < len(tokens):
                        feats += [side + name for name in classes.of(stem(tokens[at].norm))]
    for judgement in reading.rules:
        if judgement.topic != topic:
            continue
        who = "author" if judgement.holder == "author" else "other"
        side = "+" if judgement.polarity > 0 else "-" if judgement.polarity < 0 else "0"
        feats.append(f"rule:{who}{side}")
        if judgement.polarity and judgement.weight >= 0.5:
            feats.append(f"rule:{who}{side}!")
        if judgement.conditional:
            feats.append("rule:conditional")
        if judgement.hedged:
            feats.append("rule:hedged")
    return feats


class InstanceBlocks(NamedTuple):
    """The features of one (sentence, topic) pair, by how the model weighs them.

    `words` (the sentence's own features, the same for every topic) and `local` (the
    topic's) are weighed for the topic; `shared` the same for every topic. Each feature
    counts once, present or not, as in training.
    """

    words: frozenset[str]
    local: tuple[str, ...]
    shared: tuple[str, ...]

    def keys(self, topic: str) -> list[str]:
        """The model's names for them: `topic|feature` and `*|feature`."""
        return (
            [f"{topic}|{f}" for f in sorted(self.words)]
            + [f"{topic}|{f}" for f in self.local]
            + [f"{SHARED}|{f}" for f in self.shared]
        )


def instance_blocks(
    text: str,
    reading: SentenceReading,
    topic: str,
    own: frozenset[str],
    classes: WordClasses = NO_CLASSES,
) -> InstanceBlocks:
    """The features of one (sentence, topic) pair, `own` being the sentence's features.

    Whether the view is reported is read from `own`, where the holder step (`holder`)
    has had its say, not from the attribution rules alone. Words are weighed per topic
    only: "lift" is a con word for sanctions and a pro word for a visa ban, so only
    structure (cues, their negation, the rule verdict, the holder, the lexicon's
    categories) is shared across topics.
    """
    local = topic_features(text, reading, topic, classes)
    if REPORTED in own:
        # A cue in a reported view is the speaker's: the author's side is another matter.
        local = [f if f.startswith("rule:") else f"{f}@reported" for f in local]
    marked = tuple(dict.fromkeys(f"t:{f}" for f in local))
    shared: tuple[str, ...] = ()
    if _NAMED & set(local):
        shared = tuple(f for f in marked if not f.startswith(_WINDOW_PREFIXES))
        shared += tuple(sorted(f for f in own if f.startswith(_STRUCTURE_PREFIXES)))
    return InstanceBlocks(own, ("bias", *marked), shared)


def instance_features(
    text: str,
    reading: SentenceReading,
    topic: str,
    own: frozenset[str] | None = None,
    subject: frozenset[str] = frozenset(),
    classes: WordClasses = NO_CLASSES,
) -> list[str]:
    """The same features as the model's keys, `topic|feature` and `*|feature`."""
    if own is None:
        own = frozenset(sentence_features(text, reading, subject, classes))
    return instance_blocks(text, reading, topic, own, classes).keys(topic)


_NAMED = frozenset({"kw", "kw@reported", "after kw, none here", "after kw, none here@reported"})
_WINDOW_PREFIXES = ("t:L:", "t:R:")
_STRUCTURE_PREFIXES = ("lex:", "holder:", "question", "heading")
