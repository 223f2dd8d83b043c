"""The judge stage with a model: each reading's verdict per topic, as judgements.

The author's judgements come from the model; reported holders keep the rule judge's
reading, since the actor view is about who says what, which attribution already decides.
A topic the model was not fitted on (a user's own pack, before `stance train`) keeps the
rule reading throughout: weights learned for other questions are no judge of it.
Besides the judgements shown as evidence, the stage hands aggregation every sentence's
probabilities, which the document classifier weighs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from stancecli.judge.attribution import AUTHOR
from stancecli.learned.document import lean
from stancecli.learned.features import SUBJECT_BIAS
from stancecli.learned.model import ADDRESSED, SentenceVerdict, StanceModel
from stancecli.match.reading import SentenceReading
from stancecli.models import Judgement

# A sentence that gives a side at least this probability, and more than the other side,
# can back that side when the document classifier decides on it (see `TopicEvidence`).
LEANING = 0.3
# A topic no sentence names and none gives this chance of addressing is absent, whatever
# the document classifier makes of faint probabilities summed over a long text.
FAINT = 0.2


@dataclass
class TopicEvidence:
    """What aggregation needs of one topic in one article.

    `leaning` holds, per side (+1, -1), the author's sentence that leans to it hardest,
    addressed or not. The document classifier weighs every sentence's probabilities, so
    it can find a side in a long speech where no single sentence passes the "addressed"
    mark: support for Ukraine's defence in one sentence of a tour of the world's crises.
    Such a cell is shown with that sentence as its evidence, and not demoted to neutral
    for want of a sentence the model calls addressed (in cross-validation by country the
    demotion cost about a tenth of the UN speeches' polar cells).
    """

    probabilities: list[tuple[float, ...]] = field(default_factory=list)
    keyword_sentences: int = 0
    mention_spans: set[tuple[int, int]] = field(default_factory=set)
    addressed_sentences: int = 0
    leaning: dict[int, Judgement] = field(default_factory=dict)


@dataclass
class ArticleJudgements:
    judgements: list[Judgement]
    topics: dict[str, TopicEvidence]
    sentences: int  # in the whole article, read or not
    subject_sentences: int = 0  # of those read, how many name the debate's subject

    @cached_property
    def leans(self) -> dict[str, float]:
        """The article's `lean` on every topic, which each topic's side step reads."""
        return {topic: lean(found.probabilities) for topic, found in self.topics.items()}


def judge_readings(
    model: StanceModel,
    text: str,
    readings: Sequence[SentenceReading],
    topics: Sequence[str],
    sentences: int,
    *,
    explain: int = 0,
) -> ArticleJudgements:
    """Verdicts for every reading on every topic; judgements where a topic is addressed."""
    evidence = {topic: TopicEvidence() for topic in topics}
    fitted = [t for t in topics if t in model.topics]
    unfitted = frozenset(topics) - model.topics
    judgements: list[Judgement] = []
    subject = 0
    for reading in readings:
        own = model.sentence_features(text, reading)
        subject += SUBJECT_BIAS in own
        reported = _surely_reported(model, reading, own)
        named = {m.topic for m in reading.mentions if m.kind == "keyword"}
        for mention in reading.mentions:
            evidence[mention.topic].mention_spans.add((mention.start, mention.end))
        rules = {j.topic: j for j in reading.rules if j.holder == AUTHOR}
        # A topic the model was not fitted on keeps the rule reading, the author's included.
        judgements.extend(j for j in reading.rules if j.holder == AUTHOR and j.topic in unfitted)
        for verdict in model.verdicts(text, reading, fitted, explain=explain, own=own):
            topic = verdict.topic
            found = evidence[topic]
            if topic in named and _only_mentions(reading, topic):
                verdict = _sideless(verdict)
            probs = verdict.probabilities
            found.probabilities.append(probs)
            if topic in named:
                found.keyword_sentences += 1
            _, neutral, pro, con = probs
            if not reported and pro != con:
                side, weight = (1, pro) if pro > con else (-1, con)
                best = found.leaning.get(side)
                if weight >= LEANING and (best is None or weight > best.weight):
                    leaning = verdict
                    if explain and (verdict.polarity != side or not verdict.reasons):
                        toward = "pro" if side > 0 else "con"
                        why = model.reasons(text, reading, topic, toward, explain, own)
                        leaning = verdict._replace(reasons=why)
                    found.leaning[side] = _judgement(reading, leaning, side, weight, rules)
            if verdict.addressed < ADDRESSED:
                continue
            found.addressed_sentences += 1
            polarity = 0 if reported else verdict.polarity
            weight = pro if polarity > 0 else con if polarity < 0 else neutral
            judgements.append(_judgement(reading, verdict, polarity, weight, rules))
        judgements.extend(j for j in reading.rules if j.holder != AUTHOR)
    return ArticleJudgements(judgements, evidence, sentences, subject)


def _judgement(
    reading: SentenceReading,
    verdict: SentenceVerdict,
    polarity: int,
    weight: float,
    rules: dict[str, Judgement],
) -> Judgement:
    """The author's judgement of one sentence on the verdict's topic."""
    topic = verdict.topic
    rule = rules.get(topic)
    return Judgement(
        topic=topic,
        sentence=reading.sentence,
        polarity=polarity,
        weight=round(weight, 3),
        holder=AUTHOR,
        conditional=bool(rule and rule.conditional),
        hedged=bool(rule and rule.hedged),
        reasons=verdict.reasons,
        mentions=tuple(m for m in reading.mentions if m.topic == topic),
    )


def _surely_reported(model: StanceModel, reading: SentenceReading, own: frozenset[str]) -> bool:
    """Do the attribution rules and the holder step both hand the sentence to someone else?

    Then its side is that speaker's (the rules' reading, for `stance actors`), and it backs
    no side of the author's: reported views never make the author's cell. Either alone is
    too often wrong to overrule the sentence model (the rules' "reported" is wrong about
    half the time on the op-ed register). On grouped cross-validation the op-ed
    register's sign errors fell from 131 to 127, at a cost of 4 right polar cells of
    1,521; the UN speeches' figures did not move.
    """
    holder = model.holder
    return reading.reported and holder is not None and holder.says_reported(own)


def _only_mentions(reading: SentenceReading, topic: str) -> bool:
    """Is every word of the sentence part of a mention of the topic ("Sanctions",
    "Minsk II" as a heading, "sanctions sanctions ...")? Naming a topic takes no side,
    whatever the words' lean in the training data (most UN speakers who name sanctions
    oppose them)."""
    spans = sorted((m.start, m.end) for m in reading.mentions if m.topic == topic)
    i = 0
    for token in reading.tokens:
        while i < len(spans) and spans[i][1] <= token.start:
            i += 1
        if i == len(spans) or not spans[i][0] <= token.start < token.end <= spans[i][1]:
            return False
    return bool(spans)


def _sideless(verdict: SentenceVerdict) -> SentenceVerdict:
    """The same verdict with its polar probability moved to neutral."""
    none, neutral, pro, con = verdict.probabilities
    return verdict._replace(probabilities=(none, neutral + pro + con, 0.0, 0.0))
