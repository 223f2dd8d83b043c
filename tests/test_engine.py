"""The stance engine end to end: what side does an AUTHOR take on each topic of the pack?

Every article here is a new sentence or three in the style of op-eds and news copy, from
both sides of the debate (authors who want the sanctions kept and authors who want them
lifted, who would open NATO's door and who would close it, ...). None comes from the
bundled corpus. Expected values are what a careful reader would say about the author.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancecli.loading import load_text
from stancecli.models import Judgement, Stance, TopicStance
from stancecli.pipeline import ArticleAnalysis, Engine
from stancecli.topics import default_pack

PRO, CON, NEUTRAL, ABSENT, MIXED = (
    Stance.PRO,
    Stance.CON,
    Stance.NEUTRAL,
    Stance.ABSENT,
    Stance.MIXED,
)


@cache
def engine() -> Engine:
    return Engine(default_pack())


def analyze(text: str) -> ArticleAnalysis:
    return engine().analyze(load_text(text, article_id="t", path="t.txt"))


def cells(text: str) -> dict[str, TopicStance]:
    return {cell.topic: cell for cell in analyze(text).cells}


def judgements(text: str) -> list[Judgement]:
    return list(analyze(text).judgements)


def explain(text: str) -> str:
    """The engine's reading, shown when an expectation fails."""
    lines = [f"article: {text!r}"]
    for j in judgements(text):
        lines.append(
            f"  {j.topic}: polarity={j.polarity} weight={j.weight} holder={j.holder!r} "
            f"conditional={j.conditional} hedged={j.hedged} reasons={list(j.reasons)}"
        )
    return "\n".join(lines)


def author_stance(text: str, topic: str) -> Stance:
    return cells(text)[topic].stance


def the_judgement(text: str, topic: str, holder: str | None = "author") -> Judgement:
    """The one judgement on `topic` (by `holder`, or by anyone when None)."""
    found = [
        j for j in judgements(text) if j.topic == topic and (holder is None or j.holder == holder)
    ]
    assert len(found) == 1, explain(text)
    return found[0]


def check_cells(text: str, expected: dict[str, Stance]) -> None:
    got = cells(text)
    wrong = {topic: got[topic].stance for topic, stance in expected.items()}
    assert wrong == expected, explain(text)


# -- the author says it outright -----------------------------------------------------------

EXPLICIT = [
    pytest.param(
        "The sanctions must stay until Moscow pulls its troops out of eastern Ukraine.",
        {"sanctions": PRO},
        id="keep-must-stay",
    ),
    pytest.param(
        "It is time to lift the sanctions on Russia; they have failed.",
        {"sanctions": CON},
        id="lift-time-to",
    ),
    pytest.param(
        "The sanctions should be lifted before another harvest is lost.",
        {"sanctions": CON},
        id="lift-passive",
    ),
    pytest.param(
        "The lifting of sanctions would be a mistake.",
        {"sanctions": PRO},
        id="keep-nominal-lifting-mistake",
    ),
    pytest.param(
        "Easing the sanctions now would be a reward for aggression.",
        {"sanctions": PRO},
        id="keep-easing-rewards-aggression",
    ),
    pytest.param(
        "Sanctions relief is the only sensible path left to Europe.",
        {"sanctions": CON},
        id="lift-relief-sensible",
    ),
    pytest.param(
        "The sanctions have failed and should be scrapped.",
        {"sanctions": CON},
        id="lift-failed-scrapped",
    ),
    pytest.param(
        "Brussels imposed sanctions that hurt its own farmers more than the Kremlin, "
        "and it is time to end them.",
        {"sanctions": CON},
        id="lift-farmers-hurt",
    ),
    pytest.param("Assad must go.", {"syria": CON}, id="reject-assad-must-go"),
    pytest.param(
        "Georgia deserves a clear path to membership in NATO, and the alliance must keep the "
        "door open.",
        {"nato_enlargement": PRO},
        id="open-door",
    ),
    pytest.param(
        "The West must stand firm against Moscow and reject any grand bargain.",
        {"rapprochement": CON},
        id="stand-firm",
    ),
    pytest.param(
        "NATO should deploy more troops to the Baltics to bolster deterrence.",
        {"deterrence": PRO},
        id="strengthen-deterrence",
    ),
    pytest.param(
        "Washington should not act unilaterally; it must coordinate with allies.",
        {"allied_unity": PRO},
        id="coordinate-allies",
    ),
    pytest.param(
        "Washington should strike a bilateral deal with Moscow without consulting its allies.",
        {"allied_unity": CON, "rapprochement": PRO},
        id="go-it-alone-bilateral-deal",
    ),
    pytest.param(
        "Expanding student exchanges with Russia would be wise.",
        {"exchanges": PRO},
        id="expand-exchanges",
    ),
    pytest.param(
        "Washington should curtail exchanges with Russian universities.",
        {"exchanges": CON},
        id="curtail-exchanges",
    ),
    pytest.param(
        "Russia's student exchanges are a propaganda tool and should be suspended.",
        {"exchanges": CON},
        id="curtail-exchanges-passive",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EXPLICIT)
def test_explicit_stance(text: str, expected: dict[str, Stance]) -> None:
    check_cells(text, expected)


# -- negation ------------------------------------------------------------------------------

NEGATION = [
    pytest.param("We should not lift the sanctions.", {"sanctions": PRO}, id="should-not-lift"),
    pytest.param(
        "Washington should never recognize the annexation of Crimea.",
        {"crimea": CON},
        id="never-recognize",
    ),
    pytest.param(
        "There is no reason to keep the sanctions.",
        {"sanctions": CON},
        id="no-reason-to-keep",
    ),
    pytest.param(
        "Ukraine should never join NATO.", {"nato_enlargement": CON}, id="never-join-nato"
    ),
    pytest.param(
        "Europe must not abandon the Minsk agreements.", {"minsk": PRO}, id="must-not-abandon"
    ),
]


@pytest.mark.parametrize(("text", "expected"), NEGATION)
def test_negation_reverses_the_cue(text: str, expected: dict[str, Stance]) -> None:
    check_cells(text, expected)


# -- hedges --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hedged_text", "plain_text"),
    [
        pytest.param(
            "Perhaps the sanctions should be eased.",
            "The sanctions should be eased.",
            id="perhaps",
        ),
        pytest.param(
            "Maybe it is time to ease the sanctions.",
            "It is time to ease the sanctions.",
            id="maybe",
        ),
    ],
)
def test_a_hedge_keeps_the_side_but_weighs_less(hedged_text: str, plain_text: str) -> None:
    hedged = the_judgement(hedged_text, "sanctions")
    plain = the_judgement(plain_text, "sanctions")
    assert (hedged.polarity, plain.polarity) == (-1, -1), explain(hedged_text)
    assert hedged.hedged and not plain.hedged
    assert 0 < hedged.weight < plain.weight
    assert author_stance(hedged_text, "sanctions") is CON
    assert abs(cells(hedged_text)["sanctions"].score) < abs(cells(plain_text)["sanctions"].score)


# -- conditions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "topic", "stance"),
    [
        pytest.param(
            "Sanctions should remain until Russia fully implements the Minsk agreements.",
            "sanctions",
            PRO,
            id="until",
        ),
        pytest.param(
            "Sanctions should not be lifted unless Russia honors the Minsk agreements.",
            "sanctions",
            PRO,
            id="unless",
        ),
        pytest.param(
            "The sanctions regime should stay in place until Moscow returns Crimea.",
            "sanctions",
            PRO,
            id="until-crimea",
        ),
        pytest.param(
            "The EU should ease the sanctions only if Moscow withdraws its heavy weapons.",
            "sanctions",
            CON,
            id="only-if",
        ),
    ],
)
def test_a_condition_marks_the_stance_without_reversing_it(
    text: str, topic: str, stance: Stance
) -> None:
    judgement = the_judgement(text, topic)
    assert judgement.polarity == (1 if stance is PRO else -1), explain(text)
    assert judgement.conditional, explain(text)
    cell = cells(text)[topic]
    assert cell.stance is stance
    assert cell.conditional


@pytest.mark.parametrize(
    ("text", "topic", "stance"),
    [
        pytest.param(
            "Sanctions should remain until Russia fully implements the Minsk agreements.",
            "minsk",
            PRO,
            id="until-minsk",
        ),
        pytest.param(
            "Sanctions should not be lifted unless Russia honors the Minsk agreements.",
            "minsk",
            PRO,
            id="unless-minsk",
        ),
        pytest.param(
            "The sanctions regime should stay in place until Moscow returns Crimea.",
            "crimea",
            CON,
            id="until-return-crimea",
        ),
    ],
)
def test_what_a_condition_demands_is_the_authors_stance(
    text: str, topic: str, stance: Stance
) -> None:
    """Demanding that Russia implement Minsk is insisting on Minsk."""
    assert author_stance(text, topic) is stance, explain(text)


# -- concessions ---------------------------------------------------------------------------

WARNED = (
    "A grand bargain with Moscow would require painful concessions. "
    "Perhaps recognition of the annexation of Crimea. "
    "Perhaps a promise that Georgia will never join NATO."
)
ACCEPTED = (
    "A grand bargain with Moscow would require painful concessions. "
    "Perhaps recognition of Crimea's annexation. "
    "That is a price worth paying for peace."
)


@pytest.mark.parametrize(
    ("topic", "stance"),
    [
        pytest.param("crimea", CON, id="crimea"),
        pytest.param("nato_enlargement", PRO, id="nato"),
        pytest.param("rapprochement", CON, id="bargain"),
    ],
)
def test_concessions_the_author_warns_against_read_against_their_items(
    topic: str, stance: Stance
) -> None:
    assert author_stance(WARNED, topic) is stance, explain(WARNED)


def test_concession_list_ending_in_a_verdict_keeps_its_reading() -> None:
    text = WARNED + " The price is too high."
    check_cells(text, {"crimea": CON, "nato_enlargement": PRO, "rapprochement": CON})


def test_a_concession_the_author_accepts_is_not_read_against_crimea() -> None:
    """'That is a price worth paying': the author would recognize the annexation."""
    assert author_stance(ACCEPTED, "crimea") is not CON, explain(ACCEPTED)
    assert the_judgement(ACCEPTED, "crimea").polarity >= 0, explain(ACCEPTED)


def test_a_concession_the_author_accepts_is_not_read_against_the_bargain() -> None:
    assert author_stance(ACCEPTED, "rapprochement") is not CON, explain(ACCEPTED)


# -- whose stance is it? -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "topic", "holder_has", "polarity"),
    [
        pytest.param(
            "Senator Jane Doe said the sanctions were senseless.",
            "sanctions",
            "Jane Doe",
            -1,
            id="senator-said",
        ),
        pytest.param(
            "According to the Kremlin, the annexation of Crimea was legitimate.",
            "crimea",
            "Kremlin",
            1,
            id="according-to",
        ),
        pytest.param(
            "Heinz Bauer, the leader of the Farmers' Alliance, has long argued for lifting "
            "sanctions.",
            "sanctions",
            "Heinz Bauer",
            -1,
            id="apposition-argued",
        ),
        pytest.param(
            "Dmitry Peskov, the Kremlin spokesman, has repeatedly called for lifting sanctions.",
            "sanctions",
            "Dmitry Peskov",
            -1,
            id="apposition-called-for",
        ),
        pytest.param(
            "Germany's foreign minister argued on Tuesday that the sanctions should be eased.",
            "sanctions",
            "minister",
            -1,
            id="office-argued",
        ),
        pytest.param(
            "Ambassador John Smith told reporters that the sanctions must be lifted.",
            "sanctions",
            "John Smith",
            -1,
            id="told-reporters",
        ),
    ],
)
def test_a_reported_view_is_the_speakers_not_the_authors(
    text: str, topic: str, holder_has: str, polarity: int
) -> None:
    assert author_stance(text, topic) is NEUTRAL, explain(text)
    reported = [j for j in judgements(text) if j.topic == topic and j.holder != "author"]
    assert len(reported) == 1, explain(text)
    assert holder_has in reported[0].holder
    assert reported[0].polarity == polarity, explain(text)


def test_names_without_a_speech_verb_leave_the_sentence_to_the_author() -> None:
    text = "If Smith and Jones join the push to scrap sanctions, it would be a disaster."
    judgement = the_judgement(text, "sanctions", holder=None)
    assert judgement.holder == "author"
    assert judgement.polarity == 1
    assert author_stance(text, "sanctions") is PRO


def test_a_pronoun_after_a_report_still_points_to_the_speaker() -> None:
    text = (
        "Senator Jane Doe spoke in Des Moines on Friday. "
        "She said the sanctions were hurting American farmers and should be lifted."
    )
    assert author_stance(text, "sanctions") is not CON, explain(text)


# -- quotes the author endorses or rejects ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        pytest.param(
            "As the minister rightly said, the sanctions are working.", PRO, id="rightly-working"
        ),
        pytest.param(
            "As the minister rightly said, the sanctions have failed.", CON, id="rightly-failed"
        ),
    ],
)
def test_a_quote_the_author_endorses_is_the_authors_stance(text: str, stance: Stance) -> None:
    assert author_stance(text, "sanctions") is stance, explain(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        pytest.param(
            "The minister wrongly claimed that the sanctions had failed.", CON, id="wrongly"
        ),
        pytest.param(
            "The Kremlin claims the sanctions have failed. They have not.", CON, id="they-have-not"
        ),
        pytest.param(
            "Senator Jane Doe said the sanctions were senseless. She is wrong.",
            CON,
            id="she-is-wrong",
        ),
    ],
)
def test_a_quote_the_author_rejects_is_not_the_authors_stance(text: str, wrong: Stance) -> None:
    assert author_stance(text, "sanctions") is not wrong, explain(text)


# -- news, neighbours and other subjects ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The EU extended the sanctions for six months on Monday.", id="extended"),
        pytest.param("Sanctions were first imposed in 2014.", id="history"),
        pytest.param("The European Council will discuss the sanctions in June.", id="agenda"),
        pytest.param(
            "Officials in Brussels say the sanctions will be extended in July.", id="officials-say"
        ),
    ],
)
def test_a_news_report_mentions_the_topic_without_taking_a_side(text: str) -> None:
    cell = cells(text)["sanctions"]
    assert cell.stance is not ABSENT
    assert cell.mentions >= 1
    assert cell.stance is NEUTRAL or abs(cell.score) < 0.4, explain(text)


def test_an_article_about_farming_is_absent_on_every_topic() -> None:
    text = (
        "Wheat prices rose again this spring. Farmers in Iowa planted more corn and fewer "
        "soybeans, betting on a wet summer. The county fair opens in August."
    )
    got = cells(text)
    assert set(got) == set(default_pack().ids)
    assert {cell.stance for cell in got.values()} == {ABSENT}
    assert all(cell.mentions == 0 and cell.score == 0 for cell in got.values())


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        pytest.param(
            "NATO leaders gathered for a summit in Brussels.", "nato_enlargement", id="summit"
        ),
        pytest.param(
            "Russian jets struck ISIL positions in a counter-terrorism operation.",
            "syria",
            id="isil",
        ),
        pytest.param("Violent crime fell in Kyiv last year.", "crimea", id="crime"),
        pytest.param("The nation is weary of foreign wars.", "nato_enlargement", id="nation"),
    ],
)
def test_a_neighbouring_subject_leaves_the_topic_absent(text: str, topic: str) -> None:
    assert author_stance(text, topic) is ABSENT, explain(text)


# -- the other side of the debate ------------------------------------------------------------

DOVISH = [
    pytest.param(
        "NATO enlargement has been a strategic blunder that provoked Moscow.",
        {"nato_enlargement": CON},
        id="enlargement-blunder",
    ),
    pytest.param(
        "A settlement that leaves Assad in power is the least bad option.",
        {"syria": PRO},
        id="assad-least-bad",
    ),
    pytest.param(
        "The West should seek a new détente with Moscow.",
        {"rapprochement": PRO},
        id="seek-detente",
    ),
    pytest.param(
        "Cutting exchange programs with Russia would be a mistake.",
        {"exchanges": PRO},
        id="cutting-exchanges-mistake",
    ),
    pytest.param(
        "Europe should stop pretending and accept the annexation of Crimea as a fait accompli.",
        {"crimea": PRO},
        id="accept-annexation",
    ),
    pytest.param(
        "Sending more troops to the Baltics would only fuel an arms race.",
        {"deterrence": CON},
        id="troops-arms-race",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOVISH)
def test_dovish_stance(text: str, expected: dict[str, Stance]) -> None:
    check_cells(text, expected)


# -- several sentences ---------------------------------------------------------------------


def test_both_sides_with_equal_force_make_a_mixed_cell() -> None:
    text = (
        "The sanctions must stay until Moscow withdraws from eastern Ukraine. "
        "Yet it is time to ease the sanctions on Russian farm goods."
    )
    cell = cells(text)["sanctions"]
    assert cell.stance is MIXED, explain(text)
    assert len({e.polarity for e in cell.evidence}) == 2


def test_evidence_quotes_the_sentence_that_shows_the_stance() -> None:
    text = (
        "Wheat prices rose again this spring. "
        "We should not lift the sanctions. "
        "The county fair opens in August."
    )
    cell = cells(text)["sanctions"]
    assert cell.stance is PRO
    assert [e.sentence for e in cell.evidence] == ["We should not lift the sanctions."]
    evidence = cell.evidence[0]
    assert text[evidence.start : evidence.end] == evidence.sentence
    assert evidence.polarity == 1


def test_more_agreeing_sentences_make_a_surer_cell() -> None:
    one = "We should not lift the sanctions."
    two = one + " The sanctions must stay until Moscow withdraws from eastern Ukraine."
    assert cells(two)["sanctions"].confidence > cells(one)["sanctions"].confidence
    assert cells(two)["sanctions"].score > cells(one)["sanctions"].score


# -- invariants ----------------------------------------------------------------------------

WORDS = [
    "sanctions",
    "lift",
    "lifted",
    "keep",
    "should",
    "not",
    "never",
    "perhaps",
    "until",
    "unless",
    "Minsk",
    "II",
    "NATO",
    "join",
    "Crimea",
    "annexation",
    "recognize",
    "Assad",
    "must",
    "go",
    "détente",
    "allies",
    "deterrence",
    "exchanges",
    "said",
    "Senator",
    "Jane",
    "Doe",
    "according",
    "to",
    "the",
    "a",
    "mistake",
    "concessions",
    "Perhaps",
    "worth",
    "?",
    "!",
    ".",
    ",",
    ";",
    "—",
    "\n",
    "\n\n",
    "# ",
    '"',
    "(",
    ")",
]
article_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
def test_every_cell_is_well_formed_for_any_text(text: str) -> None:
    article = load_text(text, article_id="t", path="t.txt")
    analysis = engine().analyze(article)
    assert [cell.topic for cell in analysis.cells] == list(default_pack().ids)
    for cell in analysis.cells:
        assert cell.stance in set(Stance)
        assert -1 <= cell.score <= 1
        assert 0 <= cell.confidence <= 1
        assert cell.mentions >= 0
        if cell.stance is ABSENT:
            assert cell.mentions == 0 and not cell.evidence
        for evidence in cell.evidence:
            assert article.text[evidence.start : evidence.end] == evidence.sentence
    for judgement in analysis.judgements:
        assert judgement.polarity in (-1, 0, 1)
        assert 0 <= judgement.weight <= 1
        sentence = judgement.sentence
        assert article.text[sentence.start : sentence.end] == sentence.text
        for mention in judgement.mentions:
            assert article.text[mention.start : mention.end] == mention.matched


# The reporting forms op-eds use most, each on a topic of its own and with names of its own:
# the actor holds the view, the author's cell does not take it.
REPORTED_FORMS = [
    pytest.param(
        "Congressman Paul Grey described NATO enlargement as reckless and provocative.",
        "nato_enlargement",
        "Paul Grey",
        -1,
        id="described-as",
    ),
    pytest.param(
        "Chancellor Anna Weiss suggested that she will consider recognizing the annexation of "
        "Crimea.",
        "crimea",
        "Anna Weiss",
        1,
        id="suggested-will-consider",
    ),
    pytest.param(
        "Defence Secretary Tom Hale, a former banker, has expressed hesitation over the virtue "
        "of the Minsk agreements.",
        "minsk",
        "Tom Hale",
        -1,
        id="expressed-hesitation-over",
    ),
    pytest.param(
        "Mayor Lucia Ferri, the front-runner in the Italian race, has consistently opposed "
        "people-to-people exchanges with Russia.",
        "exchanges",
        "Lucia Ferri",
        -1,
        id="consistently-opposed",
    ),
    pytest.param(
        "His rival stands in contrast to Prime Minister Olav Berg, who has ardently pushed for "
        "tougher sanctions against Moscow.",
        "sanctions",
        "Olav Berg",
        1,
        id="who-pushed-for",
    ),
]


@pytest.mark.parametrize(("text", "topic", "actor", "polarity"), REPORTED_FORMS)
def test_reported_views_belong_to_the_actor_not_the_author(
    text: str, topic: str, actor: str, polarity: int
) -> None:
    held = [j for j in judgements(text) if j.topic == topic and j.holder != "author"]
    assert [(j.holder, j.polarity) for j in held] == [(actor, polarity)], explain(text)
    assert cells(text)[topic].stance is Stance.NEUTRAL, explain(text)


def test_the_annexation_refers_back_to_crimea_but_not_to_other_annexations() -> None:
    """'The annexation' right after Crimea is Crimea; 'the annexation of Georgia' is not."""
    after_crimea = "Russia seized Crimea in 2014. The annexation should never be recognized."
    assert cells(after_crimea)["crimea"].stance is Stance.CON, explain(after_crimea)
    georgia = "Washington should act against the creeping annexation of Georgia's regions."
    assert cells(georgia)["crimea"].stance is Stance.ABSENT, explain(georgia)
