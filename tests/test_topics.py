"""Topic packs: the bundled default pack, and every mistake a user can make in their own.

A pack error must say which file, which topic and which key is wrong, because a typo that
is silently ignored makes a topic quietly absent from every article.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stancecli.errors import TopicPackError
from stancecli.io.loading import load_text
from stancecli.models import Stance
from stancecli.pipeline import Engine
from stancecli.topics import default_pack, load_pack, pack_problems, parse_pack

SOURCE = "my-pack.toml"

# The README's table of topics and poles for the default pack, in display order.
DEFAULT_POLES = [
    ("sanctions", "keep", "lift"),
    ("minsk", "insist", "set aside"),
    ("nato_enlargement", "open door", "rule out"),
    ("syria", "accept Assad", "reject Assad"),
    ("crimea", "recognize", "reject"),
    ("rapprochement", "engage", "stand firm"),
    ("deterrence", "strengthen", "restrain"),
    ("allied_unity", "coordinate", "go it alone"),
    ("exchanges", "expand", "curtail"),
]

CITY_PACK = """
name = "city-congestion"
description = "Should the city charge drivers to enter the centre?"

[[topic]]
id = "congestion_pricing"
label = "Congestion pricing"
question = "Introduce a congestion charge for the city centre?"
pro = "introduce"
con = "scrap"
keywords = [["congestion pricing", "congestion charge", "congestion fee"], "road pricing"]
pro_cues = ["introduce congestion pricing", "expand the congestion charge"]
con_cues = ["scrap congestion pricing", "a tax on commuters"]

[[topic]]
id = "bike-lanes"
label = "Bike lanes"
question = "Build protected bike lanes downtown?"
pro = "build"
con = "remove"
keywords = ["bike lanes", "cycle lanes"]
"""


def topic_toml(**fields: object) -> str:
    """One [[topic]] table; a field set to None is left out."""
    values: dict[str, object] = {
        "id": '"sanctions"',
        "label": '"Sanctions"',
        "question": '"Keep the sanctions?"',
        "pro": '"keep"',
        "con": '"lift"',
        "keywords": '["sanctions"]',
    }
    values.update(fields)
    lines = ["[[topic]]"] + [
        f"{key} = {value}" for key, value in values.items() if value is not None
    ]
    return "\n".join(lines) + "\n"


def problems_of(text: str) -> list[str]:
    return pack_problems(text, source=SOURCE)


def error_of(text: str) -> TopicPackError:
    with pytest.raises(TopicPackError) as info:
        parse_pack(text, source=SOURCE)
    return info.value


# -- the default pack ----------------------------------------------------------------------


def test_default_pack_has_the_nine_topics_in_order() -> None:
    pack = default_pack()
    assert pack.ids == tuple(topic_id for topic_id, _, _ in DEFAULT_POLES)
    assert pack.name == "russia-rapprochement"


@pytest.mark.parametrize(
    ("topic_id", "pro", "con"), [pytest.param(*row, id=row[0]) for row in DEFAULT_POLES]
)
def test_default_pack_poles_match_the_readme(topic_id: str, pro: str, con: str) -> None:
    topic = default_pack().get(topic_id)
    assert (topic.pro, topic.con) == (pro, con)
    assert topic.pole_label(Stance.PRO) == pro
    assert topic.pole_label(Stance.CON) == con
    assert topic.pole_label(Stance.NEUTRAL) == "neutral"
    assert topic.label and topic.question.endswith("?")
    assert topic.keywords and all(variants for variants in topic.keywords)


def test_default_pack_validates_cleanly_and_load_pack_none_is_the_default() -> None:
    assert load_pack(None) == default_pack()
    assert default_pack().get("minsk").keywords[0][:2] == ("Minsk II", "Minsk 2")
    with pytest.raises(KeyError):
        default_pack().get("donbas")


# -- every mistake is named by file, topic and key -------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param('name = "x"\n[[topic]\nid = "a"\n', 2, id="unclosed-table"),
        pytest.param('name = "x"\n\n[[topic]]\nid = "a"\nlabel "A"\n', 5, id="missing-equals"),
        pytest.param('name = "x\n', 1, id="unterminated-string"),
    ],
)
def test_bad_toml_names_the_file_and_the_line(text: str, line: int) -> None:
    error = error_of(text)
    message = str(error)
    assert message.startswith(f"{SOURCE}: ")
    assert "invalid TOML" in message
    assert re.search(rf"\bline {line}\b", message), message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(topic_toml(pro=None), "topic 'sanctions': key 'pro': missing", id="no-pro"),
        pytest.param(
            topic_toml(keywords="[]"),
            "topic 'sanctions': key 'keywords': must be a non-empty list",
            id="empty-keywords",
        ),
        pytest.param(
            topic_toml(keywords='"sanctions"'),
            "topic 'sanctions': key 'keywords': must be a non-empty list",
            id="keywords-not-a-list",
        ),
        pytest.param(
            topic_toml(keywords='["sanctions", "  "]'),
            "topic 'sanctions': key 'keywords': entry 2",
            id="blank-keyword",
        ),
        pytest.param(
            topic_toml(pro="3"),
            "topic 'sanctions': key 'pro': must be a non-empty string",
            id="pro-not-a-string",
        ),
        pytest.param(
            topic_toml(con='""'),
            "topic 'sanctions': key 'con': must be a non-empty string",
            id="empty-con",
        ),
        pytest.param(
            topic_toml(con_cues='"lift sanctions"'),
            "topic 'sanctions': key 'con_cues': must be a list of phrases",
            id="cues-not-a-list",
        ),
        pytest.param(
            topic_toml() + topic_toml(label='"Again"'),
            "topic 'sanctions': key 'id': duplicate id 'sanctions'",
            id="duplicate-id",
        ),
        pytest.param(
            topic_toml(id='"Sanctions Policy"'),
            "key 'id': 'Sanctions Policy' must be lower-case",
            id="bad-id",
        ),
        pytest.param(
            topic_toml(id=None),
            "topic #1: key 'id': missing",
            id="no-id-names-the-topic-by-number",
        ),
        pytest.param('name = "empty"\n', "no topics", id="no-topics"),
        pytest.param('nmae = "typo"\n' + topic_toml(), "unknown key 'nmae'", id="unknown-pack-key"),
    ],
)
def test_a_mistake_names_file_topic_and_key(text: str, expected: str) -> None:
    error = error_of(text)
    assert str(error).startswith(f"{SOURCE}: ")
    assert any(expected in problem for problem in error.problems), error.problems
    assert all(problem.startswith(f"{SOURCE}: ") for problem in error.problems)


def test_a_typo_in_keywords_is_reported_not_ignored() -> None:
    """'keyword' for 'keywords' must not leave a topic that silently never matches."""
    error = error_of(topic_toml(keywords=None, keyword='["sanctions"]'))
    assert f"{SOURCE}: topic 'sanctions': unknown key 'keyword'" in error.problems
    assert f"{SOURCE}: topic 'sanctions': key 'keywords': missing" in error.problems


def test_pack_problems_lists_every_problem_at_once() -> None:
    text = (
        topic_toml(pro=None, keywords="[]")
        + topic_toml(id='"minsk"', cues='["x"]')
        + topic_toml(id='"minsk"', label="7")
    )
    problems = problems_of(text)
    assert problems == [
        f"{SOURCE}: topic 'sanctions': key 'pro': missing",
        f"{SOURCE}: topic 'sanctions': key 'keywords': must be a non-empty list of phrases",
        f"{SOURCE}: topic 'minsk': unknown key 'cues'",
        f"{SOURCE}: topic 'minsk': key 'label': must be a non-empty string",
        f"{SOURCE}: topic 'minsk': key 'id': duplicate id 'minsk'",
    ]
    error = error_of(text)
    assert error.problems == problems
    assert str(error) == problems[0] + " (and 4 more problems)"


def test_a_valid_pack_has_no_problems() -> None:
    assert problems_of(CITY_PACK) == []
    assert problems_of(topic_toml()) == []


# -- loading from disk ---------------------------------------------------------------------


def test_load_pack_on_a_missing_file_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-pack.toml"
    with pytest.raises(TopicPackError) as info:
        load_pack(missing)
    assert str(missing) in str(info.value)
    assert "no such" in str(info.value)


def test_load_pack_on_a_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(TopicPackError, match="folder"):
        load_pack(tmp_path)


def test_load_pack_errors_name_the_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text(topic_toml(pro=None), encoding="utf-8")
    with pytest.raises(TopicPackError) as info:
        load_pack(path)
    assert str(info.value) == f"{path}: topic 'sanctions': key 'pro': missing"


# -- a user's own debate -------------------------------------------------------------------


def test_a_pack_for_another_debate_parses(tmp_path: Path) -> None:
    path = tmp_path / "city.toml"
    path.write_text(CITY_PACK, encoding="utf-8")
    pack = load_pack(path)
    assert pack.name == "city-congestion"
    assert pack.source == str(path)
    assert pack.ids == ("congestion_pricing", "bike-lanes")
    topic = pack.get("congestion_pricing")
    assert topic.keywords[0] == ("congestion pricing", "congestion charge", "congestion fee")
    assert topic.keywords[1] == ("road pricing",)
    assert (topic.pro, topic.con) == ("introduce", "scrap")
    assert pack.get("bike-lanes").pro_cues == ()


def test_a_pack_without_a_name_is_named_after_its_file() -> None:
    pack = parse_pack(topic_toml(), source="packs/city-hall.toml")
    assert pack.name == "city-hall"


def test_a_users_pack_drives_the_engine() -> None:
    pack = parse_pack(CITY_PACK, source="city.toml")
    engine = Engine(pack)
    text = (
        "The mayor should scrap congestion pricing before the election. "
        "The council should build more cycle lanes downtown."
    )
    analysis = engine.analyze(load_text(text, article_id="op-ed", path="op-ed.txt"))
    got = {cell.topic: cell.stance for cell in analysis.cells}
    assert got == {"congestion_pricing": Stance.CON, "bike-lanes": Stance.PRO}
