"""The fuzzy keyword matcher: where a text mentions a topic, and where it only looks like it.

Golden cases live in tests/data/matcher_cases.json (flashtext style: text, topic,
should_match, the surface text expected, and why). Every sentence there is new, written in
the style of op-eds and news copy; none comes from the bundled corpus.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stancecli.match.matcher import DEFAULT_THRESHOLD, Matcher
from stancecli.models import Mention, TopicPack
from stancecli.text.tokens import tokenize
from stancecli.topics import default_pack, parse_pack

CASES_FILE = Path(__file__).parent / "data" / "matcher_cases.json"

# The default pack has no Donbas, no counter-terrorism and no bare four-letter keyword, so
# these checks run on a tiny pack of their own.
CUSTOM_PACK_TOML = """
name = "matcher-checks"
description = "Keywords the default pack lacks, for matcher tests."

[[topic]]
id = "donbas"
label = "Donbas"
question = "Keep the Donbas in Ukraine?"
pro = "keep"
con = "let go"
keywords = ["Donbas", "separatist republics"]

[[topic]]
id = "terror"
label = "Counter-terrorism"
question = "Cooperate with Moscow on counter-terrorism?"
pro = "cooperate"
con = "refuse"
keywords = ["counterterrorism", "ISIL", "ceasefire"]

[[topic]]
id = "alliance"
label = "Alliance"
question = "Rely on the alliance?"
pro = "rely"
con = "go alone"
keywords = ["NATO", "Kyiv"]
"""


@cache
def custom_pack() -> TopicPack:
    return parse_pack(CUSTOM_PACK_TOML, source="matcher-checks.toml")


@cache
def matcher(pack_name: str = "default", threshold: float = DEFAULT_THRESHOLD) -> Matcher:
    pack = default_pack() if pack_name == "default" else custom_pack()
    return Matcher(pack, threshold=threshold)


def mentions_of(text: str, m: Matcher | None = None) -> list[Mention]:
    m = m or matcher()
    tokens = tokenize(text)
    return m.mentions(text, tokens, m.find(tokens))


def load_cases() -> list[Any]:
    raw = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["id"]) for case in raw]


CASES = load_cases()


def test_golden_file_is_well_formed() -> None:
    raw = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    ids = [case["id"] for case in raw]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in raw:
        assert {"text", "topic", "should_match", "explanation"} <= set(case), case
        assert case["explanation"].strip()
        if "matched" in case:
            assert case["should_match"], "only matching cases name a surface text"
            assert case["matched"] in case["text"], case["id"]
    assert sum(case["should_match"] for case in raw) >= 20
    assert sum(not case["should_match"] for case in raw) >= 15


@pytest.mark.parametrize("case", CASES)
def test_golden_case(case: dict[str, Any]) -> None:
    m = matcher(case.get("pack", "default"))
    assert case["topic"] in m.pack.ids, "the case names a topic of its pack"
    found = [x for x in mentions_of(case["text"], m) if x.topic == case["topic"]]
    if not case["should_match"]:
        assert found == [], f"{case['explanation']} (found {[x.matched for x in found]})"
        return
    assert found, case["explanation"]
    if "matched" in case:
        surfaces = [x.matched for x in found]
        assert case["matched"] in surfaces, f"{case['explanation']} (found {surfaces})"


# -- what a Mention carries ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "topic", "matched", "keyword"),
    [
        pytest.param(
            "Paris wants the Minsk-2 roadmap revived.", "minsk", "Minsk-2", "Minsk II", id="minsk"
        ),
        pytest.param(
            "The sanctons bill passed the Senate.", "sanctions", "sanctons", "sanctions", id="typo"
        ),
        pytest.param(
            "A DÉTENTE is not on offer.", "rapprochement", "DÉTENTE", "detente", id="accent"
        ),
        pytest.param(
            "Asad has outlasted four envoys.", "syria", "Asad", "Assad", id="variant-list"
        ),
        pytest.param(
            "Who still believes in transatlantic unity?",
            "allied_unity",
            "transatlantic unity",
            "transatlantic unity",
            id="longest-phrase",
        ),
    ],
)
def test_mention_keeps_offsets_and_canonical_keyword(
    text: str, topic: str, matched: str, keyword: str
) -> None:
    found = [x for x in mentions_of(text) if x.topic == topic]
    assert len(found) == 1
    mention = found[0]
    assert text[mention.start : mention.end] == mention.matched == matched
    assert mention.keyword == keyword
    assert mention.kind == "keyword"


def test_exact_mention_scores_100_and_fuzzy_scores_less() -> None:
    text = "The sanctions were renewed; the sanctons bill followed."
    found = sorted((x for x in mentions_of(text) if x.topic == "sanctions"), key=lambda x: x.start)
    assert [x.matched for x in found] == ["sanctions", "sanctons"]
    exact, fuzzy = found
    assert exact.score == 100
    assert DEFAULT_THRESHOLD <= fuzzy.score < 100


def test_mentions_are_found_in_every_sentence_of_a_text() -> None:
    text = "Crimea is Ukraine. The annexation of Crimea was illegal. Sevastopol is occupied."
    found = [x for x in mentions_of(text) if x.topic == "crimea"]
    assert {x.matched for x in found} >= {"Crimea", "annexation of Crimea", "Sevastopol"}
    for mention in found:
        assert text[mention.start : mention.end] == mention.matched


def test_a_longer_keyword_swallows_the_shorter_one_inside_it() -> None:
    """'Minsk II' is one mention, not 'Minsk' and 'Minsk II' counted twice."""
    found = [
        x for x in mentions_of("Minsk II is the only text on the table.") if x.topic == "minsk"
    ]
    assert [(x.matched, x.keyword) for x in found] == [("Minsk II", "Minsk II")]


def test_a_pole_cue_without_a_keyword_is_itself_a_mention() -> None:
    """'regime change' names the Syria question even without Assad or Syria in sight."""
    text = "Nobody serious still argues for regime change."
    found = [x for x in mentions_of(text) if x.topic == "syria"]
    assert [(x.matched, x.keyword, x.kind) for x in found] == [
        ("regime change", "regime change", "con")
    ]


# -- the threshold -------------------------------------------------------------------------

VARIANTS = [
    "sanctons",
    "Sanktions",
    "sanctiuns",
    "rapproachement",
    "Sevastapol",
    "Sebastopol",
    "normalisation",
    "Damaskus",
]


def admitted(threshold: float) -> set[str]:
    m = matcher("default", threshold)
    return {word for word in VARIANTS if mentions_of(f"They wrote {word} twice.", m)}


def test_a_lower_threshold_admits_more_variants() -> None:
    loose, strict = admitted(70), admitted(95)
    assert strict < loose
    assert {"sanctons", "Sanktions", "Sevastapol", "normalisation"} <= loose
    assert "sanctons" not in strict


def test_threshold_never_turns_exact_words_away() -> None:
    for threshold in (70, 85, 95, 100):
        m = matcher("default", threshold)
        assert {x.topic for x in mentions_of("Sanctions over Crimea.", m)} >= {
            "sanctions",
            "crimea",
        }


def test_a_lower_threshold_still_refuses_look_alikes() -> None:
    m = matcher("default", 70)
    for text in ("Violent crime fell.", "Hyman Minsky was right.", "The nation is tired."):
        topics = {x.topic for x in mentions_of(text, m)}
        assert not topics & {"crimea", "minsk", "nato_enlargement"}, text


@pytest.mark.parametrize("threshold", [0, -5, 100.5, 101, 1000])
def test_threshold_out_of_range_is_rejected(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        Matcher(default_pack(), threshold=threshold)


@pytest.mark.parametrize("threshold", [0.5, 1, 50, 100])
def test_threshold_in_range_is_accepted(threshold: float) -> None:
    assert Matcher(default_pack(), threshold=threshold).threshold == threshold


# -- properties ----------------------------------------------------------------------------

PACK_WORDS = [
    "sanctions",
    "Sanctions",
    "sanctons",
    "Minsk",
    "II",
    "2",
    "Minsk-II",
    "NATO",
    "nation",
    "join",
    "enlargement",
    "Assad",
    "Asad",
    "Asia",
    "Crimea's",
    "crime",
    "annexation",
    "Détente",
    "détente",
    "the",
    "lift",
    "lifted",
    "should",
    "not",
    "cease-fire",
    "allies",
    "people-to-people",
    "exchanges",
]
SEPARATORS = [" ", "  ", "-", ", ", ". ", "\n", "—", "'", "’s ", "\t"]
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüöñçÉÜ0123456789 .,;:-'’\n"

pack_like_text = st.lists(
    st.one_of(st.sampled_from(PACK_WORDS), st.text(alphabet=LATIN, max_size=8)),
    max_size=25,
).flatmap(
    lambda words: st.lists(
        st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)
    ).map(lambda seps: "".join(w + s for w, s in zip(words, seps, strict=True)))
)


def check_offsets(text: str, found: list[Mention]) -> None:
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.matched
        assert 0 < mention.score <= 100


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), pack_like_text))
def test_find_never_raises_and_offsets_slice_the_text(text: str) -> None:
    m = matcher()
    tokens = tokenize(text)
    hits = m.find(tokens)
    for hit in hits:
        assert 0 <= hit.first <= hit.last < len(tokens)
    check_offsets(text, m.mentions(text, tokens, hits))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pack_like_text)
def test_matching_ignores_case(text: str) -> None:
    upper = text.upper()
    assert len(upper) == len(text)  # the alphabet keeps one character per character

    def key(found: list[Mention]) -> set[tuple[str, int, int, str]]:
        return {(x.topic, x.start, x.end, x.keyword) for x in found}

    found, found_upper = mentions_of(text), mentions_of(upper)
    check_offsets(upper, found_upper)
    assert key(found_upper) == key(found)
