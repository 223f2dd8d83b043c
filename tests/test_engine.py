"""The stance engine end to end: what side does an AUTHOR take on each topic of the pack?

Every article here is a new sentence or three in the style of op-eds and news copy, from
both sides of the debate (authors who want the sanctions kept and authors who want them
lifted, who would open NATO's door and who would close it, ...). None comes from the
bundled corpus. Expected values are what a careful reader would say about the author.

Two layers are tested. The rule reading of each sentence (negation, hedges, conditions,
concessions, who holds the view) is what the learned judge reads as features: those tests
are exact. The cells are the learned judge's: a model is right most of the time, not on
every probe, so the probes are scored as a set with a floor and a sign-error ceiling, and
a change that makes the judge worse on them fails.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancecli.io.loading import load_text
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
    """The rule reading of every sentence: the features' structure, before the model."""
    readings, _ = engine().read(text)
    return [j for reading in readings for j in reading.rules]


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


# -- the probes: cells a careful reader agrees on --------------------------------------------

NOT_CON = (PRO, MIXED, NEUTRAL, ABSENT)
NOT_PRO = (CON, MIXED, NEUTRAL, ABSENT)
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

# (text, topic, the stances a careful reader accepts)
PROBES: list[tuple[str, str, tuple[Stance, ...]]] = [
    # said outright
    (
        "The sanctions must stay until Moscow pulls its troops out of eastern Ukraine.",
        "sanctions",
        (PRO,),
    ),
    ("It is time to lift the sanctions on Russia; they have failed.", "sanctions", (CON,)),
    ("The sanctions should be lifted before another harvest is lost.", "sanctions", (CON,)),
    ("The lifting of sanctions would be a mistake.", "sanctions", (PRO,)),
    ("Easing the sanctions now would be a reward for aggression.", "sanctions", (PRO,)),
    ("Sanctions relief is the only sensible path left to Europe.", "sanctions", (CON,)),
    ("The sanctions have failed and should be scrapped.", "sanctions", (CON,)),
    (
        "Brussels imposed sanctions that hurt its own farmers more than the Kremlin, "
        "and it is time to end them.",
        "sanctions",
        (CON,),
    ),
    ("Assad must go.", "syria", (CON,)),
    (
        "Georgia deserves a clear path to membership in NATO, and the alliance must keep the "
        "door open.",
        "nato_enlargement",
        (PRO,),
    ),
    (
        "The West must stand firm against Moscow and reject any grand bargain.",
        "rapprochement",
        (CON,),
    ),
    ("NATO should deploy more troops to the Baltics to bolster deterrence.", "deterrence", (PRO,)),
    (
        "Washington should not act unilaterally; it must coordinate with allies.",
        "allied_unity",
        (PRO,),
    ),
    (
        "Washington should strike a bilateral deal with Moscow without consulting its allies.",
        "allied_unity",
        (CON,),
    ),
    (
        "Washington should strike a bilateral deal with Moscow without consulting its allies.",
        "rapprochement",
        (PRO,),
    ),
    ("Expanding student exchanges with Russia would be wise.", "exchanges", (PRO,)),
    ("Washington should curtail exchanges with Russian universities.", "exchanges", (CON,)),
    (
        "Russia's student exchanges are a propaganda tool and should be suspended.",
        "exchanges",
        (CON,),
    ),
    # negation
    ("We should not lift the sanctions.", "sanctions", (PRO,)),
    ("Washington should never recognize the annexation of Crimea.", "crimea", (CON,)),
    ("There is no reason to keep the sanctions.", "sanctions", (CON,)),
    ("Ukraine should never join NATO.", "nato_enlargement", (CON,)),
    ("Europe must not abandon the Minsk agreements.", "minsk", (PRO,)),
    # hedges keep the side
    ("Perhaps the sanctions should be eased.", "sanctions", (CON,)),
    ("Maybe it is time to ease the sanctions.", "sanctions", (CON,)),
    # conditions keep the side; what they demand is the author's
    (
        "Sanctions should remain until Russia fully implements the Minsk agreements.",
        "sanctions",
        (PRO,),
    ),
    (
        "Sanctions should not be lifted unless Russia honors the Minsk agreements.",
        "sanctions",
        (PRO,),
    ),
    ("The sanctions regime should stay in place until Moscow returns Crimea.", "sanctions", (PRO,)),
    (
        "The EU should ease the sanctions only if Moscow withdraws its heavy weapons.",
        "sanctions",
        (CON, MIXED),
    ),
    (
        "Sanctions should remain until Russia fully implements the Minsk agreements.",
        "minsk",
        (PRO,),
    ),
    ("Sanctions should not be lifted unless Russia honors the Minsk agreements.", "minsk", (PRO,)),
    ("The sanctions regime should stay in place until Moscow returns Crimea.", "crimea", (CON,)),
    # concessions warned against, or accepted
    (WARNED, "crimea", (CON,)),
    (WARNED, "nato_enlargement", (PRO,)),
    (WARNED, "rapprochement", (CON, MIXED)),
    (ACCEPTED, "crimea", NOT_CON),
    (ACCEPTED, "rapprochement", NOT_CON),
    # reported, endorsed, rejected
    ("Senator Jane Doe said the sanctions were senseless.", "sanctions", (NEUTRAL,)),
    ("According to the Kremlin, the annexation of Crimea was legitimate.", "crimea", (NEUTRAL,)),
    (
        "Ambassador John Smith told reporters that the sanctions must be lifted.",
        "sanctions",
        (NEUTRAL,),
    ),
    (
        "Senator Jane Doe spoke in Des Moines on Friday. "
        "She said the sanctions were hurting American farmers and should be lifted.",
        "sanctions",
        NOT_CON,
    ),
    (
        "If Smith and Jones join the push to scrap sanctions, it would be a disaster.",
        "sanctions",
        (PRO,),
    ),
    ("As the minister rightly said, the sanctions are working.", "sanctions", (PRO,)),
    ("As the minister rightly said, the sanctions have failed.", "sanctions", (CON,)),
    ("The minister wrongly claimed that the sanctions had failed.", "sanctions", NOT_CON),
    ("The Kremlin claims the sanctions have failed. They have not.", "sanctions", NOT_CON),
    ("Senator Jane Doe said the sanctions were senseless. She is wrong.", "sanctions", NOT_CON),
    # news takes no side
    ("The EU extended the sanctions for six months on Monday.", "sanctions", (NEUTRAL,)),
    ("Sanctions were first imposed in 2014.", "sanctions", (NEUTRAL,)),
    ("The European Council will discuss the sanctions in June.", "sanctions", (NEUTRAL,)),
    # neighbouring subjects are not the topic
    ("NATO leaders gathered for a summit in Brussels.", "nato_enlargement", (ABSENT, NEUTRAL)),
    (
        "Russian jets struck ISIL positions in a counter-terrorism operation.",
        "syria",
        (ABSENT, NEUTRAL),
    ),
    ("Violent crime fell in Kyiv last year.", "crimea", (ABSENT,)),
    ("The nation is weary of foreign wars.", "nato_enlargement", (ABSENT,)),
    (
        "Washington should act against the creeping annexation of Georgia's regions.",
        "crimea",
        (ABSENT,),
    ),
    ("Russia seized Crimea in 2014. The annexation should never be recognized.", "crimea", (CON,)),
    # the other side of the debate
    (
        "NATO enlargement has been a strategic blunder that provoked Moscow.",
        "nato_enlargement",
        (CON,),
    ),
    ("A settlement that leaves Assad in power is the least bad option.", "syria", (PRO,)),
    ("The West should seek a new détente with Moscow.", "rapprochement", (PRO,)),
    ("Cutting exchange programs with Russia would be a mistake.", "exchanges", (PRO,)),
    (
        "Europe should stop pretending and accept the annexation of Crimea as a fait accompli.",
        "crimea",
        (PRO,),
    ),
    ("Sending more troops to the Baltics would only fuel an arms race.", "deterrence", (CON,)),
    (
        "Sanctions have not worked; they have only pushed Russia closer to China.",
        "sanctions",
        (CON,),
    ),
    ("Expanding NATO to Ukraine and Georgia was a historic blunder.", "nato_enlargement", (CON,)),
    (
        "There can be no relief from sanctions until Russia withdraws its troops.",
        "sanctions",
        (PRO,),
    ),
    # both sides
    (
        "The sanctions must stay until Moscow withdraws from eastern Ukraine. "
        "Yet it is time to ease the sanctions on Russian farm goods.",
        "sanctions",
        (MIXED, PRO, CON),
    ),
]

# Floors under what the shipped model gives today: 51 of 66, 9 sign errors (the rule judge,
# whose cues were written against probes like these, read nearly all, and 39% of set 5).
# One-sentence texts sit near even odds, so a retrained model moves a few of them either way:
# the model before the holder step read 52 with 8, the first with it 49 with 11 ("It is time
# to lift the sanctions on Russia; they have failed" tipped to the wrong side), while grouped
# cross-validation and the blind sets, whole texts, gained (see the README's accuracy table).
PROBE_FLOOR = 51
PROBE_SIGN_ERRORS = 9


def test_the_learned_judge_reads_the_probes_from_both_sides() -> None:
    wrong: list[str] = []
    sign_errors = 0
    for text, topic, accepted in PROBES:
        got = author_stance(text, topic)
        if got not in accepted:
            wrong.append(
                f"{topic}: {got.value} (want {'/'.join(s.value for s in accepted)}): {text}"
            )
            polar = {s for s in accepted if s in (PRO, CON)}
            sign_errors += got in (PRO, CON) and bool(polar) and got not in polar
    right = len(PROBES) - len(wrong)
    report = f"{right}/{len(PROBES)} right, {sign_errors} sign errors:\n" + "\n".join(wrong)
    assert right >= PROBE_FLOOR, report
    assert sign_errors <= PROBE_SIGN_ERRORS, report


# -- the rule reading the model reads --------------------------------------------------------

NEGATION = [
    pytest.param("We should not lift the sanctions.", "sanctions", 1, id="should-not-lift"),
    pytest.param(
        "Washington should never recognize the annexation of Crimea.", "crimea", -1, id="never"
    ),
    pytest.param("There is no reason to keep the sanctions.", "sanctions", -1, id="no-reason"),
    pytest.param("Ukraine should never join NATO.", "nato_enlargement", -1, id="never-join"),
    pytest.param("Europe must not abandon the Minsk agreements.", "minsk", 1, id="not-abandon"),
]


@pytest.mark.parametrize(("text", "topic", "polarity"), NEGATION)
def test_negation_reverses_the_cue_in_the_rule_reading(
    text: str, topic: str, polarity: int
) -> None:
    assert the_judgement(text, topic).polarity == polarity, explain(text)


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


@pytest.mark.parametrize(
    ("text", "topic", "polarity"),
    [
        pytest.param(
            "Sanctions should remain until Russia fully implements the Minsk agreements.",
            "sanctions",
            1,
            id="until",
        ),
        pytest.param(
            "Sanctions should not be lifted unless Russia honors the Minsk agreements.",
            "sanctions",
            1,
            id="unless",
        ),
        pytest.param(
            "The sanctions regime should stay in place until Moscow returns Crimea.",
            "sanctions",
            1,
            id="until-crimea",
        ),
        pytest.param(
            "The EU should ease the sanctions only if Moscow withdraws its heavy weapons.",
            "sanctions",
            -1,
            id="only-if",
        ),
    ],
)
def test_a_condition_marks_the_stance_without_reversing_it(
    text: str, topic: str, polarity: int
) -> None:
    judgement = the_judgement(text, topic)
    assert judgement.polarity == polarity, explain(text)
    assert judgement.conditional, explain(text)


def test_a_concession_the_author_accepts_is_not_read_against_crimea() -> None:
    """'That is a price worth paying': the author would recognize the annexation."""
    assert the_judgement(ACCEPTED, "crimea").polarity >= 0, explain(ACCEPTED)


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
    reported = [j for j in judgements(text) if j.topic == topic and j.holder != "author"]
    assert len(reported) == 1, explain(text)
    assert holder_has in reported[0].holder
    assert reported[0].polarity == polarity, explain(text)


def test_names_without_a_speech_verb_leave_the_sentence_to_the_author() -> None:
    text = "If Smith and Jones join the push to scrap sanctions, it would be a disaster."
    judgement = the_judgement(text, "sanctions", holder=None)
    assert judgement.holder == "author"
    assert judgement.polarity == 1


# -- cells ---------------------------------------------------------------------------------


def test_an_article_about_farming_is_absent_on_every_topic() -> None:
    text = (
        "Wheat prices rose again this spring. Farmers in Iowa planted more corn and fewer "
        "soybeans, betting on a wet summer. The county fair opens in August."
    )
    got = cells(text)
    assert set(got) == set(default_pack().ids)
    assert {cell.stance for cell in got.values()} == {ABSENT}
    assert all(cell.mentions == 0 and not cell.evidence for cell in got.values())


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
            assert not cell.evidence  # a keyword may be there, the question is not
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
    assert cells(text)[topic].stance not in (PRO, CON), explain(text)
