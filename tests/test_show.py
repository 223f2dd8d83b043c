"""`stance show`: one article's profile, found by id, file or a few words of its title."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from stancecli.cli import app
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.topics import default_pack

runner = CliRunner()
PACK = default_pack()
BUNDLED = {a.id: a for a in load_articles(bundled_corpus_inputs()).articles}
WRONG_DETENTE = "overcoming-the-wrong-detente"


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input)


def show_json(*args: str | Path) -> dict[str, Any]:
    result = invoke("show", *args, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_clean_failure(result: Result, code: ExitCode) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ")
    return line


@pytest.mark.parametrize(
    "name",
    [
        WRONG_DETENTE,
        "Overcoming the Wrong Détente",  # the title
        "overcoming the wrong detente",  # folded
        "wrong detente",  # a few words of it
        "wrong detnte",  # misspelt
        f"{WRONG_DETENTE}.md",  # the file's name
    ],
)
def test_an_article_is_found_by_id_title_or_words(name: str) -> None:
    assert show_json(name)["article"]["id"] == WRONG_DETENTE


def test_a_file_is_shown_alone(article_dir: Path) -> None:
    data = show_json(article_dir / "keep.md", article_dir)
    assert data["article"]["id"] == "keep"


def test_stdin(sample_text: dict[str, str]) -> None:
    result = invoke("show", "-", "-f", "json", input=sample_text["lift"])
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    assert [item["stance"] for item in data["found"]] == ["con"]


def test_profile_json_splits_the_pack_into_found_and_absent(article_dir: Path) -> None:
    data = show_json("keep", article_dir)
    assert data["schema_version"] == 1
    assert data["article"]["title"] == "Hold the Line on Sanctions"
    assert data["article"]["words"] > 5 and data["article"]["sentences"] == 2
    found = [item["topic"] for item in data["found"]]
    absent = [item["topic"] for item in data["absent"]]
    assert found == ["sanctions"]
    assert found + absent == list(PACK.ids)  # every topic once, in pack order
    (sanctions,) = data["found"]
    assert (sanctions["stance"], sanctions["pole"]) == ("pro", "keep")
    assert sanctions["mentions"] >= 2 and sanctions["evidence"]


def test_profile_agrees_with_compare() -> None:
    compared = json.loads(invoke("compare", "-f", "json", "--evidence", "3").stdout)
    cells = {c["topic"]: c for c in compared["cells"] if c["article"] == WRONG_DETENTE}
    profile = show_json(WRONG_DETENTE)
    for item in profile["found"]:
        cell = cells[item["topic"]]
        for key in ("stance", "pole", "score", "mentions", "evidence"):
            assert item[key] == cell[key], key
    for item in profile["absent"]:
        assert cells[item["topic"]]["stance"] == "absent"
    text = BUNDLED[WRONG_DETENTE].text
    for item in profile["found"]:
        for evidence in item["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]


def test_table_shows_metadata_found_and_absent_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    result = invoke("show", "wrong detente")
    assert result.exit_code == ExitCode.OK, result.output
    out = result.stdout
    info = BUNDLED[WRONG_DETENTE].info
    assert info.title in out and info.id in out
    assert info.date and info.date in out
    assert "Topics found" in out and "Not found:" in out
    profile = show_json(WRONG_DETENTE)
    for item in profile["found"]:
        assert item["label"] in out and item["pole"] in out
    not_found = out[out.index("Not found:") :]
    for item in profile["absent"]:
        assert item["label"] in not_found
    assert max(len(line) for line in out.splitlines()) <= 160


def test_evidence_option_limits_sentences() -> None:
    data = show_json(WRONG_DETENTE, "--evidence", "1")
    assert all(len(item["evidence"]) <= 1 for item in data["found"])


def test_an_unknown_article_exits_4_naming_the_candidates() -> None:
    line = assert_clean_failure(invoke("show", "bananas"), ExitCode.NO_MATCH)
    assert "'bananas'" in line and WRONG_DETENTE in line


def test_words_that_fit_two_articles_are_refused(tmp_path: Path) -> None:
    for stem, title in (("now", "Sanctions Now"), ("later", "Sanctions Later")):
        (tmp_path / f"{stem}.md").write_text(
            f"---\ntitle: {title}\n---\nKeep the sanctions {stem}.\n", encoding="utf-8"
        )
    line = assert_clean_failure(invoke("show", "sanctions", tmp_path), ExitCode.USAGE)
    assert "now" in line and "later" in line
    assert show_json("sanctions later", tmp_path)["article"]["id"] == "later"


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    result = invoke("show", tmp_path / "gone.md")
    assert result.exit_code == ExitCode.NOTHING_USABLE
    assert "no such file" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "markdown"])
def test_show_prints_table_or_json_only(fmt: str) -> None:
    result = invoke("show", WRONG_DETENTE, "--format", fmt)
    assert result.exit_code == ExitCode.USAGE
    assert "table or json" in result.stderr
