"""A side the document classifier finds must be shown with the sentence that leans to it.

In a long speech a stance is often one sentence the sentence model does not call
"addressed" on its own (support for Ukraine's defence in a tour of the world's crises). The
cell must keep the side the document classifier gives it and quote that sentence, and a
side no sentence leans to must still not be shown as the author's.
"""

from __future__ import annotations

from stancecli.aggregate import learned_cell
from stancecli.learned.document import PRESENCE_FEATURES, SIDE_FEATURES, SIDES
from stancecli.learned.judge import ArticleJudgements, TopicEvidence
from stancecli.learned.model import SentenceWeights, StanceModel
from stancecli.learned.vocabulary import SHARED
from stancecli.models import Judgement, Sentence, Stance

TOPIC = "sanctions"
SENTENCE = Sentence(0, 0, 44, "We stand with Ukraine as it defends itself.")


def _model() -> StanceModel:
    """A document classifier that calls every topic present and takes the side with the
    larger summed probability."""
    presence = [0.0] * len(PRESENCE_FEATURES)
    presence[0] = 5.0
    rows = {name: [0.0] * len(SIDE_FEATURES) for name in SIDES}
    pro, con = SIDE_FEATURES.index("sum_pro"), SIDE_FEATURES.index("sum_con")
    rows["pro"][pro], rows["pro"][con] = 40.0, -40.0
    rows["con"][pro], rows["con"][con] = -40.0, 40.0
    rows["mixed"][0] = -20.0
    return StanceModel(
        SentenceWeights.of({}),
        (0.0, 0.0, 0.0, 0.0),
        {SHARED: presence},
        [rows[name] for name in SIDES],
        meta={"topics": [TOPIC]},
    )


def _judged(leaning: dict[int, Judgement], top: float, mentions: int = 1) -> ArticleJudgements:
    """One topic's evidence: sentences whose best chance of addressing it is `top`."""
    found = TopicEvidence(
        probabilities=[(0.95, 0.05, 0.0, 0.0), (1 - top, 0.0, 0.8 * top, 0.2 * top)],
        mention_spans={(i, i + 1) for i in range(mentions)},
        leaning=leaning,
    )
    return ArticleJudgements([], {TOPIC: found}, sentences=40)


def _leans(polarity: int) -> Judgement:
    return Judgement(TOPIC, SENTENCE, polarity, 0.2)


def test_a_side_no_sentence_wins_is_shown_with_the_sentence_that_leans_to_it() -> None:
    cell = learned_cell("speech", TOPIC, _judged({1: _leans(1)}, 0.3), _model())
    assert cell.stance is Stance.PRO
    assert [e.sentence for e in cell.evidence] == [SENTENCE.text]
    assert cell.evidence[0].polarity == 1


def test_a_side_no_sentence_leans_to_is_not_shown() -> None:
    for leaning in ({}, {-1: _leans(-1)}):
        cell = learned_cell("speech", TOPIC, _judged(leaning, 0.3), _model())
        assert cell.stance is Stance.NEUTRAL, leaning


def test_a_topic_no_sentence_names_or_gives_a_fair_chance_is_absent() -> None:
    faint = learned_cell("speech", TOPIC, _judged({1: _leans(1)}, 0.05, mentions=0), _model())
    assert faint.stance is Stance.ABSENT and not faint.evidence
    fair = learned_cell("speech", TOPIC, _judged({1: _leans(1)}, 0.3, mentions=0), _model())
    assert fair.stance is Stance.PRO


def test_a_cell_shown_with_a_sentence_counts_it_as_a_mention() -> None:
    """No keyword names the topic, but the cell quotes a sentence: it is not "0 mentions"."""
    cell = learned_cell("speech", TOPIC, _judged({1: _leans(1)}, 0.3, mentions=0), _model())
    assert cell.stance is Stance.PRO and cell.mentions == len(cell.evidence) == 1
