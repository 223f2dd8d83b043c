"""From sentence judgements to one cell per article and topic.

Only the author's judgements count toward the cell; reported views are kept apart. With a
model (`learned_cell`) the document classifier decides the cell from every sentence's
probabilities. The weighted vote (`aggregate`) serves the actor view, whose holders no
model was fitted for: weights add up per side; a cell is mixed when both sides carry real
weight, neutral when the topic is there but no side is taken, absent when it is never found.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from stancecli.judge.attribution import AUTHOR
from stancecli.learned.judge import FAINT, ArticleJudgements
from stancecli.learned.model import StanceModel
from stancecli.models import Evidence, Judgement, Stance, TopicStance

MIN_EVIDENCE = 0.3  # total weight below which a present topic is neutral
MIXED_RATIO = 0.4  # the smaller side must reach this share of the larger for "mixed"
SMOOTHING = 0.5  # keeps one weak sentence from reading as a strong stance


def aggregate(
    article: str,
    topic: str,
    judgements: Sequence[Judgement],
    mentions: int,
    *,
    evidence: int = 3,
    holder: str = AUTHOR,
) -> TopicStance:
    """The cell for one article and topic from all of that article's judgements on it.

    Only `holder`'s judgements count: the author's for the comparison, an actor's for the
    actor view.
    """
    if mentions == 0 and not judgements:
        return TopicStance(article, topic, Stance.ABSENT, 0.0, 0.0, 0)
    own = [j for j in judgements if j.holder == holder and j.topic == topic]
    pro = sum(j.weight for j in own if j.polarity > 0)
    con = sum(j.weight for j in own if j.polarity < 0)
    total = pro + con
    score = (pro - con) / (total + SMOOTHING)
    agreement = abs(pro - con) / total if total else 0.0
    certainty = 1 - math.exp(-total)
    if total < MIN_EVIDENCE:
        stance = Stance.NEUTRAL
        confidence = 1 - certainty
    elif min(pro, con) >= MIXED_RATIO * max(pro, con):
        stance = Stance.MIXED
        confidence = certainty * (1 - agreement)
    else:
        stance = Stance.PRO if pro > con else Stance.CON
        confidence = certainty * agreement
    shown = _evidence(own, judgements, stance, evidence)
    return _cell(article, topic, stance, score, confidence, mentions, own, shown)


def learned_cell(
    article: str,
    topic: str,
    judged: ArticleJudgements,
    model: StanceModel,
    *,
    evidence: int = 3,
) -> TopicStance:
    """The cell the document classifier gives, with the sentences that back it."""
    found = judged.topics[topic]
    judgements = judged.judgements
    mentions = max(len(found.mention_spans), found.addressed_sentences)
    if not found.probabilities:
        return TopicStance(article, topic, Stance.ABSENT, 0.0, 0.0, mentions)
    decided, probs = model.cell(
        topic,
        found.probabilities,
        found.keyword_sentences,
        judged.sentences,
        judged.subject_sentences,
        judged.leans,
    )
    # Not one sentence mentions the topic or gives it a fair chance: faint probabilities
    # summed over a very long text (20 MB of one other keyword) are no sign it is there.
    noticed = mentions or any(1.0 - p[0] >= FAINT for p in found.probabilities)
    stance = Stance(decided) if noticed else Stance.ABSENT
    score = probs["pro"] - probs["con"]
    own = [j for j in judgements if j.holder == AUTHOR and j.topic == topic]
    sides = {j.polarity for j in own}
    wanted = {1, -1} if stance is Stance.MIXED else {_SIDE_OF.get(stance, 0)} - {0}
    for side in sorted(wanted - sides):
        leaning = found.leaning.get(side)
        if leaning is not None:  # the sentence that leans hardest to the side backs it
            own.append(leaning)
            sides.add(side)
    stance = _backed(stance, sides)
    shown = () if stance is Stance.ABSENT else _evidence(own, own, stance, evidence)
    # A sentence shown as evidence is a place the author addresses the topic, keyword or not.
    mentions = max(mentions, len(shown))
    return _cell(article, topic, stance, score, probs[stance.value], mentions, own, shown)


_SIDE_OF = {Stance.PRO: 1, Stance.CON: -1}


def _backed(stance: Stance, sides: set[int]) -> Stance:
    """A side no sentence of the author's takes is not shown as the author's side.

    The document classifier weighs probabilities, and faint ones can add up to a side that
    not one sentence takes; a cell must be able to quote the sentence that shows it.
    """
    if stance is Stance.MIXED and not {1, -1} <= sides:
        stance = Stance.PRO if 1 in sides else Stance.CON if -1 in sides else Stance.NEUTRAL
    if (stance is Stance.PRO and 1 not in sides) or (stance is Stance.CON and -1 not in sides):
        return Stance.NEUTRAL
    return stance


def _cell(
    article: str,
    topic: str,
    stance: Stance,
    score: float,
    confidence: float,
    mentions: int,
    own: Sequence[Judgement],
    shown: tuple[Evidence, ...],
) -> TopicStance:
    """A cell, conditional when most of the weight on its side was conditional."""
    leaning = [j for j in own if j.polarity == (1 if stance is Stance.PRO else -1)]
    conditional = bool(leaning) and sum(j.weight for j in leaning if j.conditional) > 0.5 * sum(
        j.weight for j in leaning
    )
    return TopicStance(
        article=article,
        topic=topic,
        stance=stance,
        score=round(max(-1.0, min(1.0, score)), 3),
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        mentions=mentions,
        evidence=shown,
        conditional=conditional and stance in (Stance.PRO, Stance.CON),
    )


def _evidence(
    own: Sequence[Judgement], everything: Sequence[Judgement], stance: Stance, limit: int
) -> tuple[Evidence, ...]:
    """The sentences that best show the cell: strongest first, both sides for mixed."""
    if stance is Stance.PRO:
        pool = sorted((j for j in own if j.polarity > 0), key=_strength)
    elif stance is Stance.CON:
        pool = sorted((j for j in own if j.polarity < 0), key=_strength)
    elif stance is Stance.MIXED:
        pros = sorted((j for j in own if j.polarity > 0), key=_strength)
        cons = sorted((j for j in own if j.polarity < 0), key=_strength)
        pool = [j for pair in zip(pros, cons, strict=False) for j in pair]
        longer = pros if len(pros) > len(cons) else cons
        pool += longer[min(len(pros), len(cons)) :]
    else:
        pool = sorted(own or everything, key=lambda j: j.sentence.start)
    seen: set[int] = set()
    shown: list[Evidence] = []
    for judgement in pool:
        sentence = judgement.sentence
        if sentence.start in seen:
            continue
        seen.add(sentence.start)
        shown.append(
            Evidence(
                sentence.text,
                sentence.start,
                sentence.end,
                judgement.polarity,
                judgement.weight,
                reasons=judgement.reasons,
            )
        )
        if len(shown) == limit:
            break
    return tuple(shown)


def _strength(judgement: Judgement) -> tuple[float, bool, int]:
    """Strongest first; among equals a full sentence before a heading, then the shortest,
    since a short sentence shows the stance with the least reading."""
    sentence = judgement.sentence
    return (-judgement.weight, sentence.heading, sentence.end - sentence.start)
