"""`stance topics`: list the pack, show a topic, validate a user's pack, write a starter."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from stancecli.cli import app
from stancecli.exit_codes import ExitCode
from stancecli.topics import default_pack, parse_pack, starter_pack_text

runner = CliRunner()
PACK = default_pack()

BAD_PACK = """\
name = "broken"

[[topic]]
id = "charge"
label = "Congestion charge"
question = "Introduce a charge?"
con = "scrap"
keywords = []

[[topic]]
id = "charge"
label = "Again"
question = "Again?"
pro = "yes"
con = "no"
keywords = ["toll"]
"""


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input)


def as_json(*args: str | Path, code: ExitCode = ExitCode.OK) -> dict[str, Any]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


# --------------------------------------------------------------------------- listing


def test_bare_topics_lists_the_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = invoke("topics")
    assert result.exit_code == ExitCode.OK, result.output
    for topic in PACK.topics:
        assert topic.id in result.stdout
        assert topic.label in result.stdout
        assert topic.question in result.stdout
        assert topic.pro in result.stdout and topic.con in result.stdout
    assert PACK.name in result.stdout


def test_list_is_the_same_as_bare_topics() -> None:
    assert invoke("topics", "list").stdout == invoke("topics").stdout


def test_topics_json_has_every_topic_in_full() -> None:
    data = as_json("topics")
    assert data["schema_version"] == 1
    assert data["pack"]["name"] == PACK.name
    assert [t["id"] for t in data["topics"]] == list(PACK.ids)
    minsk = data["topics"][1]
    assert minsk["keywords"][0][:2] == ["Minsk II", "Minsk 2"]
    assert minsk["pro_cues"] and minsk["con_cues"]


@pytest.mark.parametrize("name", ["minsk", "Minsk II", "minks", "MINSK-2"])
def test_one_topic_by_id_label_or_misspelling(name: str) -> None:
    result = invoke("topics", name)
    assert result.exit_code == ExitCode.OK, result.output
    topic = PACK.get("minsk")
    assert topic.label in result.stdout and topic.question in result.stdout
    for cue in topic.pro_cues + topic.con_cues:
        assert cue in result.stdout
    assert [t["id"] for t in as_json("topics", name)["topics"]] == ["minsk"]


def test_one_topic_as_jsonl() -> None:
    result = invoke("topics", "list", "sanctions", "-f", "jsonl")
    assert result.exit_code == ExitCode.OK
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["id"] == "sanctions"


def test_an_unknown_topic_exits_4_with_a_suggestion() -> None:
    result = invoke("topics", "crime")  # too far from Crimea to be read as it
    assert result.exit_code == ExitCode.NO_MATCH, result.output
    assert result.stdout == ""
    assert "no topic 'crime'" in result.stderr
    assert "did you mean 'Crimea' (topic crimea)" in result.stderr


def test_topics_lists_a_users_pack(tmp_path: Path) -> None:
    pack = tmp_path / "starter.toml"
    pack.write_text(starter_pack_text(), encoding="utf-8")
    data = as_json("topics", "--topics", pack)
    assert [t["id"] for t in data["topics"]] == list(
        parse_pack(starter_pack_text(), source="s").ids
    )


def test_topics_rejects_formats_it_cannot_print() -> None:
    result = invoke("topics", "--format", "csv")
    assert result.exit_code == ExitCode.USAGE
    assert "table, json or jsonl" in result.stderr


# --------------------------------------------------------------------------- validate


def test_validate_a_good_pack(tmp_path: Path) -> None:
    pack = tmp_path / "good.toml"
    pack.write_text(starter_pack_text(), encoding="utf-8")
    result = invoke("topics", "validate", pack)
    assert result.exit_code == ExitCode.OK, result.output
    assert "valid" in result.stdout and str(pack) in result.stdout.replace("\n", "")
    data = as_json("topics", "validate", pack)
    assert data["valid"] is True and data["problems"] == []


def test_validate_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text(BAD_PACK, encoding="utf-8")
    result = invoke("topics", "validate", pack)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert all(line.startswith(f"Error: {pack}: ") for line in lines)
    expected = [
        "topic 'charge': key 'pro': missing",
        "topic 'charge': key 'keywords': must be a non-empty list",
        "topic 'charge': key 'id': duplicate id 'charge'",
    ]
    for problem in expected:
        assert any(problem in line for line in lines), (problem, lines)
    assert len(lines) == len(expected)
    data = as_json("topics", "validate", pack, code=ExitCode.USAGE)
    assert data["valid"] is False and len(data["problems"]) == len(expected)


def test_validate_bad_toml_names_the_line(tmp_path: Path) -> None:
    pack = tmp_path / "bad.toml"
    pack.write_text('name = "x"\n\n[[topic]\nid = "a"\n', encoding="utf-8")
    result = invoke("topics", "validate", pack)
    assert result.exit_code == ExitCode.USAGE
    (line,) = result.stderr.splitlines()
    assert str(pack) in line and "invalid TOML" in line and "line 3" in line


def test_validate_a_missing_file(tmp_path: Path) -> None:
    result = invoke("topics", "validate", tmp_path / "nope.toml")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.toml'}: no such topic pack"


def test_validate_an_unknown_extends(tmp_path: Path) -> None:
    pack = tmp_path / "ext.toml"
    pack.write_text('extends = "defualt"\n', encoding="utf-8")
    result = invoke("topics", "validate", pack)
    assert result.exit_code == ExitCode.USAGE
    assert "key 'extends': unknown pack 'defualt'" in result.stderr


# --------------------------------------------------------------------------- init


def test_init_writes_a_commented_pack_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "my-debate.toml"
    result = invoke("topics", "init", target)
    assert result.exit_code == ExitCode.OK, result.output
    text = target.read_text(encoding="utf-8")
    assert text.count("\n#") >= 5  # explained, not just an example
    assert invoke("topics", "validate", target).exit_code == ExitCode.OK
    assert tomllib.loads(text)["topic"]
    compared = invoke("compare", "--topics", target, "-f", "json")
    assert compared.exit_code == ExitCode.OK, compared.output


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("# my own work\n", encoding="utf-8")
    result = invoke("topics", "init", target)
    assert result.exit_code == ExitCode.USAGE
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "# my own work\n"
    assert invoke("topics", "init", target, "--force").exit_code == ExitCode.OK
    assert target.read_text(encoding="utf-8") == starter_pack_text()


def test_init_to_stdout() -> None:
    result = invoke("topics", "init", "-")
    assert result.exit_code == ExitCode.OK
    assert result.stdout == starter_pack_text()


def test_init_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("topics", "init", tmp_path / "no" / "such" / "pack.toml")
    assert result.exit_code == ExitCode.USAGE
    assert "cannot write" in result.stderr


# --------------------------------------------------------------------------- help


def test_topics_help_lists_its_subcommands() -> None:
    result = invoke("topics", "--help")
    assert result.exit_code == ExitCode.OK
    for name in ("list", "validate", "init"):
        assert name in result.stdout
    assert "stance topics" in result.stdout
