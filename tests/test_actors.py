"""The actor view: views an article reports are found, named once, and kept from the author.

Sentences here are written for these tests (none is from the bundled articles), one per
form of attribution op-eds use, so the rules are checked on text the engine has not seen.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from stancecli.actors import actor_names, actor_view
from stancecli.cli import app
from stancecli.io.loading import load_text
from stancecli.models import ActorStance, Judgement, Stance
from stancecli.pipeline import Engine, compare_inputs
from stancecli.text.tokens import fold
from stancecli.topics import default_pack

DATA = Path(__file__).parent / "data"
SCHEMAS = Path(__file__).parents[1] / "src" / "stancecli" / "data" / "schema"


@cache
def engine() -> Engine:
    return Engine(default_pack())


def view(text: str) -> dict[tuple[str, str], ActorStance]:
    analysis = engine().analyze(load_text(text, article_id="t", path="t.txt"))
    stances = actor_view([("t", j) for j in analysis.judgements], default_pack().ids)
    return {(a.actor, a.topic): a for a in stances}


def rule_readings(text: str) -> list[Judgement]:
    """The rule reading of every sentence, holders included (what the actor view keeps)."""
    readings, _ = engine().read(text)
    return [j for reading in readings for j in reading.rules]


def author(text: str, topic: str) -> Stance:
    analysis = engine().analyze(load_text(text, article_id="t", path="t.txt"))
    return next(c.stance for c in analysis.cells if c.topic == topic)


# -- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(["Le Pen", "Marine Le Pen"], {"Le Pen": "Marine Le Pen"}, id="surname"),
        pytest.param(
            ["François Fillon", "Francois Fillon"],
            {"François Fillon": "Francois Fillon"},
            id="accents",
        ),
        pytest.param(
            ["Zelensky", "Volodymyr Zelenskyy"],
            {"Zelensky": "Volodymyr Zelenskyy"},
            id="transliteration",
        ),
        pytest.param(["Trump", "Donald Trump"], {"Trump": "Donald Trump"}, id="first-name"),
        pytest.param(["Paul Grey", "Anna Grey"], {"Paul Grey": "Paul Grey"}, id="namesakes-apart"),
    ],
)
def test_names_of_one_actor_are_merged(names: list[str], expected: dict[str, str]) -> None:
    merged = actor_names(names)
    for name, canonical in expected.items():
        assert merged[name] == canonical


def test_a_title_is_not_part_of_the_name() -> None:
    stances = view(
        "Ms. Le Pen called the sanctions senseless. Marine Le Pen has long defended the "
        "annexation of Crimea as legitimate."
    )
    assert {actor for actor, _ in stances} == {"Marine Le Pen"}


# -- attribution forms ---------------------------------------------------------------

FORMS = [
    pytest.param(
        "Senator Ruth Alder said the sanctions were senseless.",
        "Ruth Alder",
        "sanctions",
        Stance.CON,
        id="said",
    ),
    pytest.param(
        "“The sanctions are senseless,” said Senator Ruth Alder.",
        "Ruth Alder",
        "sanctions",
        Stance.CON,
        id="quote-then-said-name",
    ),
    pytest.param(
        "“The sanctions must be lifted,” Ruth Alder told reporters on Monday.",
        "Ruth Alder",
        "sanctions",
        Stance.CON,
        id="quote-then-name-told",
    ),
    pytest.param(
        "According to the Kremlin, the annexation of Crimea was legitimate.",
        "Kremlin",
        "crimea",
        Stance.PRO,
        id="according-to",
    ),
    pytest.param(
        "Hawks in Congress have urged tougher sanctions against Moscow.",
        "Congress",
        "sanctions",
        Stance.PRO,
        id="group-urged",
    ),
    pytest.param(
        "Moscow insists that any deal with the West must recognize Crimea.",
        "Moscow",
        "crimea",
        Stance.PRO,
        id="government-by-capital",
    ),
    pytest.param(
        "Olaf Brandt, a veteran of three coalitions, called for a new détente with Moscow.",
        "Olaf Brandt",
        "rapprochement",
        Stance.PRO,
        id="apposition",
    ),
    pytest.param(
        "Olaf Brandt has said little about Russia. But he has argued for lifting the sanctions.",
        "Olaf Brandt",
        "sanctions",
        Stance.CON,
        id="pronoun-he",
    ),
    pytest.param(
        "Olaf Brandt spoke in Hamburg. His position is that the sanctions should go.",
        "Olaf Brandt",
        "sanctions",
        Stance.CON,
        id="his-position",
    ),
]


@pytest.mark.parametrize(("text", "actor", "topic", "stance"), FORMS)
def test_each_attribution_form_gives_the_actor_the_view(
    text: str, actor: str, topic: str, stance: Stance
) -> None:
    stances = view(text)
    found = {a: s.stance for (a, t), s in stances.items() if t == topic}
    assert any(actor in name for name in found), found
    assert [s for name, s in found.items() if actor in name] == [stance]


def test_a_quote_the_author_agrees_with_is_also_the_authors() -> None:
    text = "As the minister rightly said, the sanctions are working."
    assert view(text)[("minister", "sanctions")].stance is Stance.PRO
    agreed = [j for j in rule_readings(text) if j.holder == "author" and j.topic == "sanctions"]
    assert [j.polarity for j in agreed] == [1]  # the author's cell is the learned judge's


def test_a_quote_the_author_rejects_gives_the_author_the_other_side() -> None:
    text = "The Kremlin claims the sanctions have failed. They have not."
    assert view(text)[("Kremlin", "sanctions")].stance is Stance.CON
    denied = [j for j in rule_readings(text) if j.holder == "author" and j.topic == "sanctions"]
    assert 1 in [j.polarity for j in denied]


def test_the_authors_own_sentence_stays_the_authors_when_it_names_people() -> None:
    text = (
        "If Ruth Alder and Olaf Brandt join the push to scrap sanctions, it would reward "
        "aggression and betray our allies."
    )
    assert view(text) == {}
    own = [j for j in rule_readings(text) if j.topic == "sanctions"]
    assert [(j.holder, j.polarity) for j in own] == [("author", 1)]


def test_scare_quotes_are_the_authors_voice() -> None:
    text = "This “reset” with Moscow would be a dangerous mistake."
    assert view(text) == {}
    assert author(text, "rapprochement") is Stance.CON


# -- the seeds' actor gold ------------------------------------------------------------


def _gold() -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / "seeds_actors.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def seed_actors() -> list[ActorStance]:
    c = compare_inputs([])
    return list(actor_view(c.judgements, c.pack.ids))


@pytest.mark.parametrize("row", _gold(), ids=lambda r: f"{r['actor']}-{r['topic']}")
def test_the_seeds_actor_gold_is_found(
    row: dict[str, object], seed_actors: list[ActorStance]
) -> None:
    surname = fold(str(row["actor"])).split()[-1]
    found = [
        a
        for a in seed_actors
        if a.article == row["doc"] and a.topic == row["topic"] and surname in fold(a.actor)
    ]
    assert found, f"no stance for {row['actor']} on {row['topic']}"
    assert {a.stance.value for a in found} <= set(row["stances"])  # type: ignore[arg-type]


# -- the command ----------------------------------------------------------------------


def test_actors_command_json_matches_its_schema() -> None:
    result = CliRunner().invoke(app, ["actors", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads((SCHEMAS / "actors.schema.json").read_text()))
    assert data["actors"] and all(a["actor"] != "author" for a in data["actors"])


def test_merged_actors_name_every_article_they_come_from(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text("Senator Ruth Alder said the sanctions were senseless.\n")
    (tmp_path / "two.md").write_text("Ruth Alder told reporters that sanctions must be lifted.\n")
    result = CliRunner().invoke(app, ["actors", str(tmp_path), "--merge", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [a for a in json.loads(result.stdout)["actors"] if a["topic"] == "sanctions"]
    assert [(a["actor"], sorted(a["articles"]), a["stance"]) for a in rows] == [
        ("Ruth Alder", ["one", "two"], "con")
    ]


def test_compare_with_actors_adds_them_to_json_and_table() -> None:
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["compare", "--with-actors", "--format", "json"]).stdout)
    jsonschema.validate(data, json.loads((SCHEMAS / "comparison.schema.json").read_text()))
    assert data["actors"]
    plain = json.loads(runner.invoke(app, ["compare", "--format", "json"]).stdout)
    assert "actors" not in plain
    table = runner.invoke(app, ["compare", "--with-actors"], env={"COLUMNS": "160"}).stdout
    assert "Actors reported in" in table


def test_show_lists_the_actors_an_article_reports(tmp_path: Path) -> None:
    article = tmp_path / "op-ed.md"
    article.write_text(
        "# Hold the line\n\nSenator Ruth Alder said the sanctions were senseless. She is wrong: "
        "we must keep the sanctions until Russia leaves Crimea.\n"
    )
    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["show", str(article), "--format", "json"]).stdout)
    assert [(a["actor"], a["topic"], a["stance"]) for a in data["actors"]] == [
        ("Ruth Alder", "sanctions", "con")
    ]
    table = runner.invoke(app, ["show", str(article)], env={"COLUMNS": "120"}).stdout
    assert "Actors reported in" in table and "Ruth Alder" in table
