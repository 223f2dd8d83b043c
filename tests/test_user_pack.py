"""A pack a user writes for a debate that is not in the corpus, end to end.

The pack is the README's own example (read out of README.md, so the documentation cannot
drift from what works); the articles and gold labels in tests/data/congestion are small
op-eds on a city's congestion charge. A malformed pack must be refused the same way by
every command.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from stancecli.cli import app
from stancecli.exit_codes import ExitCode
from stancecli.topics import default_pack, load_pack, parse_pack

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLES = DATA / "congestion"
GOLD = DATA / "congestion_gold.jsonl"
PACK_FILE = DATA / "packs" / "congestion.toml"


def readme_toml_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```toml\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input)


def ok_json(*args: str | Path) -> Any:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    return json.loads(result.stdout)


@pytest.fixture
def readme_pack(tmp_path: Path) -> Path:
    """The README's congestion-pricing pack, written where a user would save it."""
    path = tmp_path / "congestion.toml"
    path.write_text(readme_toml_blocks()[0], encoding="utf-8")
    return path


def gold() -> dict[str, dict[str, str]]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return {row["doc"]: row["labels"] for row in map(json.loads, lines)}


# --------------------------------------------------------------------------- the README


def test_the_readme_pack_is_complete_and_matches_the_test_data() -> None:
    blocks = readme_toml_blocks()
    assert len(blocks) >= 2  # the pack and the `extends` example
    pack = parse_pack(blocks[0], source="README.md")
    assert pack.name == "congestion-pricing"
    assert len(pack.topics) >= 2
    assert tomllib.loads(blocks[0]) == tomllib.loads(PACK_FILE.read_text(encoding="utf-8"))


def test_the_readme_extends_example_adds_to_the_default_pack() -> None:
    block = next(b for b in readme_toml_blocks() if "extends" in b)
    pack = parse_pack(block, source="README.md")
    default = default_pack()
    assert pack.ids[: len(default.ids)] == default.ids
    assert len(pack.ids) > len(default.ids)
    overridden = tomllib.loads(block)["topic"][0]
    topic = pack.get(overridden["id"])
    base = default.get(overridden["id"])
    assert topic.keywords == tuple((k,) for k in overridden["keywords"])
    assert (topic.label, topic.pro_cues) == (base.label, base.pro_cues)  # kept from the base


# --------------------------------------------------------------------------- every command


def test_compare_reads_the_gold_stances(readme_pack: Path) -> None:
    data = ok_json("compare", ARTICLES, "--topics", readme_pack)
    assert data["pack"]["name"] == "congestion-pricing"
    cells = {(c["article"], c["topic"]): c["stance"] for c in data["cells"]}
    opposite = {"pro": "con", "con": "pro"}
    for doc, labels in gold().items():
        for topic in (t["id"] for t in data["topics"]):
            got, want = cells[(doc, topic)], labels.get(topic, "absent")
            assert (got == "absent") == (want == "absent"), (doc, topic)  # found where it is
            assert got != opposite.get(want), (doc, topic)  # never the wrong side
    assert sum(cells[(d, t)] == want for d, ls in gold().items() for t, want in ls.items()) >= 4


def test_compare_table_shows_the_pole_words(readme_pack: Path) -> None:
    result = invoke("compare", ARTICLES, "--topics", readme_pack)
    assert result.exit_code == ExitCode.OK, result.output
    pack = load_pack(readme_pack)
    assert pack.get("charge").pro in result.stdout and pack.get("charge").con in result.stdout


def test_eval_scores_the_pack_against_gold(readme_pack: Path) -> None:
    data = ok_json("eval", GOLD, ARTICLES, "--topics", readme_pack)
    assert sorted(data["docs"]["scored"]) == sorted(gold())
    assert data["overall"]["sign_errors"] == 0
    assert data["overall"]["polar_cells"] == 6
    assert data["overall"]["detection"]["recall"] == 1


def test_lookup_finds_the_topic_by_label_keyword_or_misspelling(readme_pack: Path) -> None:
    by_label = ok_json("lookup", "congestion charge", ARTICLES, "--topics", readme_pack)
    assert {hit["topic"] for hit in by_label["hits"]} == {"charge"}
    gold_docs = {doc for doc, labels in gold().items() if "charge" in labels}
    assert {hit["article"] for hit in by_label["hits"]} == gold_docs
    stances = {hit["article"]: hit["stance"] for hit in by_label["hits"] if hit["stance"]}
    assert "con" in stances.values()
    for query in ("congestion pricing", "Congestion-Charge", "congestoin charge"):
        data = ok_json("lookup", query, ARTICLES, "--topics", readme_pack)
        assert data["hits"] and {hit["topic"] for hit in data["hits"]} == {"charge"}, query


def test_lookup_free_words_in_a_users_pack(readme_pack: Path) -> None:
    data = ok_json("lookup", "night routes", ARTICLES, "--topics", readme_pack)
    assert [hit["article"] for hit in data["hits"]] == ["night-buses"]
    result = invoke("lookup", "sanctions", ARTICLES, "--topics", readme_pack)
    assert result.exit_code == ExitCode.NO_MATCH


def test_show_profiles_an_article_on_the_users_pack(readme_pack: Path) -> None:
    data = ok_json("show", "toll", ARTICLES, "--topics", readme_pack)
    assert data["article"]["id"] == "scrap-the-charge"
    labels = gold()["scrap-the-charge"]
    assert [item["topic"] for item in data["found"]] == list(labels)
    assert {item["topic"]: item["pole"] for item in data["found"]}["charge"] == "scrap"
    assert [item["topic"] for item in data["absent"]] == [
        t for t in load_pack(readme_pack).ids if t not in labels
    ]
    table = invoke("show", "scrap-the-charge", ARTICLES, "--topics", readme_pack)
    assert table.exit_code == ExitCode.OK
    assert "congestion-pricing" in table.stdout


def test_topics_lists_the_users_pack(readme_pack: Path) -> None:
    data = ok_json("topics", "--topics", readme_pack)
    assert [t["id"] for t in data["topics"]] == list(load_pack(readme_pack).ids)
    assert invoke("topics", "validate", readme_pack).exit_code == ExitCode.OK


def test_an_extending_pack_runs_through_compare_and_lookup(tmp_path: Path) -> None:
    pack = tmp_path / "ext.toml"
    pack.write_text(
        'extends = "default"\n\n[[topic]]\nid = "tolls"\nlabel = "Tolls"\n'
        'question = "Charge drivers?"\npro = "charge"\ncon = "free"\n'
        'keywords = ["congestion charge"]\n',
        encoding="utf-8",
    )
    data = ok_json("compare", ARTICLES, "--topics", pack)
    assert [t["id"] for t in data["topics"]] == [*default_pack().ids, "tolls"]
    hits = ok_json("lookup", "tolls", ARTICLES, "--topics", pack)["hits"]
    assert {hit["topic"] for hit in hits} == {"tolls"}


# --------------------------------------------------------------------------- malformed packs

GOOD_TOPIC = """
[[topic]]
id = "charge"
label = "Congestion charge"
question = "Introduce a charge?"
pro = "introduce"
con = "scrap"
keywords = ["congestion charge"]
"""

MALFORMED = {
    "bad-toml": ('name = "x"\n[[topic]\nid = "a"\n', ["invalid TOML", "line 2"]),
    "missing-pole": (GOOD_TOPIC.replace('con = "scrap"\n', ""), ["topic 'charge'", "key 'con'"]),
    "empty-keywords": (
        GOOD_TOPIC.replace('["congestion charge"]', "[]"),
        ["topic 'charge'", "key 'keywords'"],
    ),
    "duplicate-id": (GOOD_TOPIC + GOOD_TOPIC, ["topic 'charge'", "duplicate id"]),
    "unknown-extends": ('extends = "mine"\n' + GOOD_TOPIC, ["key 'extends'", "'mine'"]),
}

COMMANDS = {
    "compare": ["compare", str(ARTICLES)],
    "eval": ["eval", str(GOLD), str(ARTICLES)],
    "lookup": ["lookup", "charge", str(ARTICLES)],
    "show": ["show", "toll", str(ARTICLES)],
    "actors": ["actors", str(ARTICLES)],
    "topics": ["topics"],
    "topics-id": ["topics", "charge"],
}


@pytest.mark.parametrize("mistake", sorted(MALFORMED))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_a_malformed_pack_in_one_line(
    tmp_path: Path, command: str, mistake: str
) -> None:
    text, expected = MALFORMED[mistake]
    pack = tmp_path / "broken.toml"
    pack.write_text(text, encoding="utf-8")
    result = invoke(*COMMANDS[command], "--topics", pack)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {pack}: ")
    for fragment in expected:
        assert fragment in line, line
