"""The `stance` command as a user and a script meet it: output, messages and exit codes.

Results of the bundled corpus are not asserted (the engine is being tuned), only their
shape; stances are asserted only for the tiny unambiguous articles of `conftest.py`.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner, Result

import stancecli.cli.reporting
from stancecli import __version__
from stancecli.cli import app
from stancecli.errors import TopicPackError
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.render.formats import CSV_HEADER, OutputFormat
from stancecli.topics import default_pack

runner = CliRunner()

PACK = default_pack()
BUNDLED = load_articles(bundled_corpus_inputs()).articles


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input)


def assert_clean_failure(result: Result, code: ExitCode) -> str:
    """A failure is one `Error: ...` line on stderr, nothing on stdout, and no traceback."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def cells_by_key(data: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(cell["article"], cell["topic"]): cell for cell in data["cells"]}


# --------------------------------------------------------------------------- compare


def test_compare_bundled_corpus_table_shows_titles_and_topics(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # wide enough that no title or label wraps
    result = invoke("compare")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == ""
    assert len(BUNDLED) == 2
    for article in BUNDLED:
        assert article.info.title in result.stdout
    for topic in PACK.topics:
        assert topic.label in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal, NO_COLOR: no escape codes


def test_compare_table_fits_the_terminal_width() -> None:
    result = invoke("compare")
    assert result.exit_code == ExitCode.OK
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_compare_json_has_schema_version_and_full_grid() -> None:
    result = invoke("compare", "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert len(data["articles"]) == len(BUNDLED)
    assert [t["id"] for t in data["topics"]] == list(PACK.ids)
    assert len(data["cells"]) == len(BUNDLED) * len(PACK.topics)
    assert data["skipped"] == []


def test_compare_jsonl_one_parseable_cell_per_line() -> None:
    result = invoke("compare", "-f", "jsonl")
    assert result.exit_code == ExitCode.OK, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len(BUNDLED) * len(PACK.topics)
    assert {row["topic"] for row in rows} == set(PACK.ids)


def test_compare_csv_has_header_and_a_row_per_cell() -> None:
    result = invoke("compare", "--format", "csv")
    assert result.exit_code == ExitCode.OK, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) - 1 == len(BUNDLED) * len(PACK.topics)


def test_compare_markdown_is_a_table() -> None:
    result = invoke("compare", "--format", "markdown")
    assert result.exit_code == ExitCode.OK, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| Topic |")
    assert lines[1].startswith("|---|")
    assert sum(line.startswith("| **") for line in lines) == len(PACK.topics)


@pytest.mark.parametrize("fmt", [f.value for f in OutputFormat])
def test_every_format_is_accepted(fmt: str, article_dir: Path) -> None:
    result = invoke("compare", article_dir, "--format", fmt)
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stdout.strip()


def test_format_is_case_insensitive(article_dir: Path) -> None:
    result = invoke("compare", article_dir, "--format", "JSON")
    assert result.exit_code == ExitCode.OK, result.output
    json.loads(result.stdout)


def test_unambiguous_articles_read_pro_and_con(
    article_dir: Path, sample_text: dict[str, str]
) -> None:
    result = invoke("compare", article_dir, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    titles = {a["id"]: a["title"] for a in data["articles"]}
    assert titles == {"keep": sample_text["keep_title"], "lift": sample_text["lift_title"]}
    cells = cells_by_key(data)
    assert cells[("keep", "sanctions")]["stance"] == "pro"
    assert cells[("lift", "sanctions")]["stance"] == "con"


def test_evidence_limits_sentences_per_cell(article_dir: Path) -> None:
    for n in (1, 2):
        result = invoke("compare", article_dir, "--format", "json", "--evidence", str(n))
        assert result.exit_code == ExitCode.OK, result.output
        cells = json.loads(result.stdout)["cells"]
        assert all(len(cell["evidence"]) <= n for cell in cells)


def test_stdin_dash_is_read(sample_text: dict[str, str]) -> None:
    result = invoke("compare", "-", "--format", "json", input=sample_text["lift"])
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == ["stdin"]
    assert cells_by_key(data)[("stdin", "sanctions")]["stance"] == "con"


def test_stdin_and_files_together(article_dir: Path, sample_text: dict[str, str]) -> None:
    lift = article_dir / "lift.txt"
    result = invoke("compare", lift, "-", "-f", "json", input=sample_text["keep"])
    assert result.exit_code == ExitCode.OK, result.output
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["lift", "stdin"]


# --------------------------------------------------------------------------- skipped inputs


def test_skipped_input_warns_and_exits_partial(article_dir: Path) -> None:
    empty = article_dir / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = invoke("compare", article_dir, "--format", "json")
    assert result.exit_code == ExitCode.PARTIAL, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [f"warning: {empty}: empty file"]
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)  # warnings never mix into the data
    assert [a["id"] for a in data["articles"]] == ["keep", "lift"]
    assert data["skipped"] == [{"path": str(empty), "line": None, "reason": "empty file"}]


def test_skipped_input_with_table_still_prints_the_table(
    article_dir: Path, sample_text: dict[str, str]
) -> None:
    missing = article_dir / "gone.md"
    result = invoke("compare", article_dir / "keep.md", missing)
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert result.stderr == f"warning: {missing}: no such file or directory\n"
    assert sample_text["keep_title"] in result.stdout


def test_nothing_readable_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    result = invoke("compare", missing)
    assert result.exit_code == ExitCode.NOTHING_USABLE, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"warning: {missing}: no such file or directory"
    assert len(lines) == 2 and lines[1].startswith("Error: ")


def test_folder_of_empty_files_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("  \n", encoding="utf-8")
    result = invoke("compare", tmp_path)
    assert result.exit_code == ExitCode.NOTHING_USABLE, result.output
    assert "empty file" in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: ")


# --------------------------------------------------------------------------- topic packs

GOOD_PACK = """\
name = "tiny"

[[topic]]
id = "sanctions"
label = "Sanctions"
question = "Keep the sanctions?"
pro = "keep"
con = "lift"
keywords = ["sanctions"]
pro_cues = ["keep sanctions"]
con_cues = ["lift sanctions"]
"""


def test_user_topic_pack_replaces_the_default(tmp_path: Path, article_dir: Path) -> None:
    pack = tmp_path / "tiny.toml"
    pack.write_text(GOOD_PACK, encoding="utf-8")
    result = invoke("compare", article_dir, "--topics", pack, "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    assert data["pack"]["name"] == "tiny"
    assert [t["id"] for t in data["topics"]] == ["sanctions"]
    assert len(data["cells"]) == 2


def test_missing_topic_pack_is_a_usage_error(tmp_path: Path, article_dir: Path) -> None:
    pack = tmp_path / "missing.toml"
    result = invoke("compare", article_dir, "--topics", pack)
    line = assert_clean_failure(result, ExitCode.USAGE)
    assert line == f"Error: {pack}: no such topic pack"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('name = "broken\n', "invalid TOML", id="bad-toml"),
        pytest.param(GOOD_PACK.replace('pro = "keep"\n', ""), "key 'pro'", id="missing-pro"),
    ],
)
def test_malformed_topic_pack_names_file_and_problem(
    tmp_path: Path, article_dir: Path, text: str, expected: str
) -> None:
    pack = tmp_path / "broken.toml"
    pack.write_text(text, encoding="utf-8")
    line = assert_clean_failure(invoke("compare", article_dir, "--topics", pack), ExitCode.USAGE)
    assert str(pack) in line
    assert expected in line


def test_bad_pack_with_stdin_input_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("compare", "-", "--topics", tmp_path / "missing.toml", input="Sanctions.")
    assert_clean_failure(result, ExitCode.USAGE)


def test_debug_reraises_the_library_error(tmp_path: Path, article_dir: Path) -> None:
    result = invoke("compare", article_dir, "--topics", tmp_path / "missing.toml", "--debug")
    assert isinstance(result.exception, TopicPackError)


def test_unexpected_error_is_one_line_without_debug(
    monkeypatch: pytest.MonkeyPatch, article_dir: Path
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaput")

    monkeypatch.setattr(stancecli.cli.reporting, "compare", boom)
    line = assert_clean_failure(invoke("compare", article_dir), ExitCode.INTERNAL)
    assert "RuntimeError: kaput" in line and "--debug" in line


# --------------------------------------------------------------------------- option validation


@pytest.mark.parametrize(
    "args",
    [
        ["--threshold", "101"],
        ["--threshold", "-1"],
        ["--evidence", "0"],
        ["--format", "yaml"],
    ],
)
def test_bad_option_values_are_usage_errors(article_dir: Path, args: list[str]) -> None:
    result = invoke("compare", article_dir, *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_threshold_in_range_is_accepted(article_dir: Path) -> None:
    result = invoke("compare", article_dir, "--threshold", "100", "-f", "json")
    assert result.exit_code == ExitCode.OK, result.output


# --------------------------------------------------------------------------- eval

GOLD = (
    '{"doc": "keep", "labels": {"sanctions": "pro"}}\n'
    '{"doc": "lift", "labels": {"sanctions": ["con", "mixed"]}}\n'
)


def test_eval_table_prints_figures(tmp_path: Path, article_dir: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD, encoding="utf-8")
    result = invoke("eval", gold, article_dir)
    assert result.exit_code == ExitCode.OK, result.output
    assert "Overall" in result.stdout
    assert "2 docs scored" in result.stdout
    assert "Confusion" in result.stdout


def test_eval_json_reports_figures(tmp_path: Path, article_dir: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD, encoding="utf-8")
    result = invoke("eval", gold, article_dir, "--format", "json")
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert data["docs"]["scored"] == ["keep", "lift"]
    assert data["overall"]["cells"] == 2 * len(PACK.topics)
    sanctions = next(t for t in data["topics"] if t["topic"] == "sanctions")
    assert sanctions["polar_correct"] == 2
    assert sanctions["sign_errors"] == 0


def test_eval_bad_gold_line_is_a_usage_error(tmp_path: Path, article_dir: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "keep", "labels": {"sanctions": "pro"}}\n{"doc": \n', "utf-8")
    line = assert_clean_failure(invoke("eval", gold, article_dir), ExitCode.USAGE)
    assert f"{gold}:2" in line


def test_eval_missing_gold_is_a_usage_error(tmp_path: Path, article_dir: Path) -> None:
    gold = tmp_path / "nope.jsonl"
    line = assert_clean_failure(invoke("eval", gold, article_dir), ExitCode.USAGE)
    assert str(gold) in line


def test_eval_partial_when_inputs_are_skipped(tmp_path: Path, article_dir: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD, encoding="utf-8")
    (article_dir / "empty.md").write_text("", encoding="utf-8")
    result = invoke("eval", gold, article_dir, "-f", "json")
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert "empty file" in result.stderr
    json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "markdown"])
def test_eval_rejects_formats_it_cannot_print(tmp_path: Path, fmt: str) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD, encoding="utf-8")
    result = invoke("eval", gold, "--format", fmt)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert "table or json" in result.stderr


# --------------------------------------------------------------------------- help and version

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _command_paths(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand (`topics validate`), as the words typed to reach it."""
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if hasattr(command, "commands"):  # a group: Typer's own click, not the click package
            paths += _command_paths(command, (*prefix, name))
    return paths


COMMAND_PATHS = _command_paths(typer.main.get_group(app))


def test_commands_are_registered() -> None:
    assert {"compare", "eval", "lookup", "show", "topics"} <= set(COMMANDS)
    assert {("topics", "validate"), ("topics", "init"), ("topics", "list")} <= set(COMMAND_PATHS)


@pytest.mark.parametrize("command", COMMAND_PATHS, ids=" ".join)
def test_every_command_help_has_an_example(command: tuple[str, ...]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    assert f"stance {' '.join(command)}" in result.stdout


def test_compare_help_shows_the_jq_example_verbatim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke("compare", "--help")
    assert "jq '.cells[] | select(.topic==\"minsk\")'" in result.stdout


def test_main_help_lists_commands_example_and_exit_codes() -> None:
    result = invoke("--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout
    for command in COMMANDS:
        assert command in result.stdout
    assert "Exit codes" in result.stdout
    for code in ExitCode:
        assert code.meaning in result.stdout


def test_no_arguments_shows_help() -> None:
    result = invoke()
    assert "Usage" in result.output
    assert "compare" in result.output
    assert "Traceback" not in result.output


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"stance {__version__}\n"


def test_python_m_stancecli_version() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "stancecli", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"stance {__version__}"
