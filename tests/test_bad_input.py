"""Bad input gets one clear warning, is left out and listed; the rest is still compared.

The fixture folder `fixtures/formats/folder` holds good articles in every format beside
each kind of bad file; tests that need a file to vanish, be unreadable or be too large
make it in a temporary folder.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import stancecli.io.loading
from stancecli.cli import app
from stancecli.errors import NoArticlesError
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import iter_articles, load_articles
from stancecli.models import Article, Skipped

FOLDER = Path(__file__).parent / "fixtures" / "formats" / "folder"
runner = CliRunner()

GOOD_IDS = [
    "wire-001",  # export.jsonl line 1
    "wire-003",  # export.jsonl line 3 (body as a list of paragraphs)
    "letter-from-riga",  # Windows-1252, CRLF, hard-wrapped
    "notes-utf16",  # UTF-16 with BOM
    "op-ed",  # saved web page
    "db-1",  # records.json {"articles": [...]}
]
BAD = [  # (file, line, what the reason says), in the order a folder walk meets them
    (
        "broken-encoding.txt",
        None,
        "not text in an encoding stance reads (UTF-8, UTF-16, UTF-32, Windows-1252)",
    ),
    ("empty.md", None, "empty file"),
    ("export.jsonl", 2, "not valid JSON"),
    ("export.jsonl", 4, "no text"),
    ("export.jsonl", 6, "duplicate of wire-001"),
    ("records.json", None, "item 1: no text"),
    ("scan.txt", None, "binary file"),
]
WARNING = re.compile(r"^warning: (?P<path>.+?)(?::(?P<line>\d+))?: (?P<reason>.+)$")


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def story(name: str) -> str:
    return f"A Story About {name}\n\nThe sanctions on Russia should stay, says {name}.\n"


def reasons(skipped: tuple[Skipped, ...] | list[Skipped]) -> list[tuple[str, int | None, str]]:
    return [(Path(s.path).name, s.line, s.reason) for s in skipped]


# --------------------------------------------------------------------------- the fixture folder


def test_fixture_folder_loads_every_good_article_and_skips_each_bad_one() -> None:
    result = load_articles([str(FOLDER)])

    assert [a.id for a in result.articles] == GOOD_IDS
    got = reasons(result.skipped)
    assert len(got) == len(BAD)
    for (name, line, reason), expected in zip(got, BAD, strict=True):
        assert (name, line) == expected[:2]
        assert reason.startswith(expected[2]), reason


def test_done_when_folder_compares_good_articles_warns_once_per_bad_one_and_exits_3() -> None:
    result = invoke("compare", FOLDER, "--format", "json")

    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == GOOD_IDS
    warnings = result.stderr.splitlines()
    assert len(warnings) == len(BAD)
    for warning, skipped, (name, line, reason) in zip(warnings, data["skipped"], BAD, strict=True):
        match = WARNING.match(warning)
        assert match, warning
        assert Path(match["path"]).name == name
        assert match["line"] == (None if line is None else str(line))
        assert match["reason"].startswith(reason)
        assert skipped == {
            "path": match["path"],
            "line": line,
            "reason": match["reason"],
        }


def test_fixture_folder_as_a_table_still_prints_and_exits_3(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    result = invoke("compare", FOLDER)

    assert result.exit_code == ExitCode.PARTIAL
    assert "Europe Must Not Blink on Sanctions" in result.stdout
    assert result.stderr.count("warning: ") == len(BAD)


def test_hidden_files_are_read_with_hidden() -> None:
    plain = load_articles([str(FOLDER)])
    hidden = load_articles([str(FOLDER)], hidden=True)

    assert "unfinished" not in [a.id for a in plain.articles]
    assert "unfinished" in [a.id for a in hidden.articles]
    result = invoke("compare", FOLDER, "--hidden", "--format", "json")
    assert "unfinished" in [a["id"] for a in json.loads(result.stdout)["articles"]]


def test_hidden_files_match_globs_only_with_hidden(tmp_path: Path) -> None:
    write(tmp_path / ".secret.md", story("secret"))
    write(tmp_path / "open.md", story("open"))
    pattern = str(tmp_path / "*.md")

    assert [a.id for a in load_articles([pattern]).articles] == ["open"]
    assert [a.id for a in load_articles([pattern], hidden=True).articles] == [".secret", "open"]


# --------------------------------------------------------------------------- one bad thing each


def test_one_broken_json_line_skips_only_that_line(tmp_path: Path) -> None:
    lines = ['{"text": "First story says the sanctions should stay."}', '{"text": "broken', ""]
    lines.append('{"text": "Third story says the sanctions should go."}')
    path = write(tmp_path / "wire.jsonl", "\n".join(lines))

    result = load_articles([str(path)])

    assert [a.id for a in result.articles] == ["wire:1", "wire:4"]
    ((name, line, reason),) = reasons(result.skipped)
    assert (name, line) == ("wire.jsonl", 2)
    assert reason.startswith("not valid JSON (unterminated string")


def test_json_file_that_does_not_parse_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "export.json", '[\n  {"text": "ok"},\n  {"text": oops}\n]\n')

    ((name, line, reason),) = reasons(load_articles([str(path)]).skipped)

    assert (name, line) == ("export.json", 3)
    assert reason.startswith("not valid JSON")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        pytest.param('"just a string"', "not a JSON object (a string)", id="string"),
        pytest.param("[1, 2]", "not a JSON object (a list)", id="list"),
        pytest.param(
            '{"title": "No Body"}', "no text (looked in text, body, content)", id="no-text"
        ),
        pytest.param('{"text": "   "}', "no text (looked in text, body, content)", id="blank-text"),
        pytest.param('{"text": 42}', "no text (looked in text, body, content)", id="number-text"),
        pytest.param("[" * 100_000, "not valid JSON", id="absurdly-nested"),
    ],
)
def test_record_that_is_not_an_article_is_skipped_with_its_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = write(tmp_path / "x.jsonl", json.dumps({"text": story("good")}) + "\n" + line + "\n")

    result = load_articles([str(path)])

    assert len(result.articles) == 1
    ((_, got_line, got_reason),) = reasons(result.skipped)
    assert got_line == 2
    assert got_reason.startswith(reason)


def test_duplicate_text_is_skipped_and_names_the_first(tmp_path: Path) -> None:
    first = write(tmp_path / "a-original.md", story("Riga"))
    copy = write(tmp_path / "b-copy.txt", story("Riga").upper().replace("\n\n", "\r\n\r\n  "))

    result = load_articles([str(first), str(copy)])

    assert [a.id for a in result.articles] == ["a-original"]
    assert reasons(result.skipped) == [("b-copy.txt", None, "duplicate of a-original")]


def test_same_file_reached_twice_is_read_once_without_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "corpus" / "one.md", story("one"))
    try:
        (tmp_path / "corpus" / "alias.md").symlink_to(path)
    except OSError:
        pytest.skip("symlinks not supported here")

    result = load_articles([str(tmp_path / "corpus"), str(path)])

    assert [a.id for a in result.articles] == ["alias"]  # name order: alias.md comes first
    assert result.skipped == ()


def test_symlink_loops_in_a_folder_end(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "sub" / "one.md", story("one"))
    try:
        (tmp_path / "corpus" / "sub" / "up").symlink_to(tmp_path / "corpus")
        (tmp_path / "corpus" / "self").symlink_to(tmp_path / "corpus" / "self")  # a dead loop
    except OSError:
        pytest.skip("symlinks not supported here")

    result = load_articles([str(tmp_path / "corpus")])
    named = load_articles([str(tmp_path / "corpus" / "self")])

    assert [a.id for a in result.articles] == ["one"]
    assert [s.reason for s in named.skipped] == ["too many levels of symbolic links"]


def test_file_that_vanishes_before_it_is_read_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "a.md", story("a"))
    doomed = write(tmp_path / "corpus" / "b.md", story("b"))
    write(tmp_path / "corpus" / "c.md", story("c"))

    items = iter_articles([str(tmp_path / "corpus")])
    first = next(items)
    doomed.unlink()  # listed by the folder walk, gone when its turn comes
    rest = list(items)

    assert isinstance(first, Article) and first.id == "a"
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in rest] == [
        ("Skipped", "no such file or directory"),
        ("Article", None),
    ]


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.md", story("locked"))
    write(tmp_path / "open.md", story("open"))
    real_open = builtins.open

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(stancecli.io.loading, "open", guarded, raising=False)

    result = load_articles([str(tmp_path)])

    assert [a.id for a in result.articles] == ["open"]
    assert reasons(result.skipped) == [("locked.md", None, "permission denied")]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_folder_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "locked" / "a.md", story("a"))
    write(tmp_path / "corpus" / "b.md", story("b"))
    (tmp_path / "corpus" / "locked").chmod(0)
    try:
        result = load_articles([str(tmp_path / "corpus")])
    finally:
        (tmp_path / "corpus" / "locked").chmod(0o755)

    assert [a.id for a in result.articles] == ["b"]
    assert reasons(result.skipped) == [("locked", None, "permission denied")]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("empty.html", b"", "empty file", id="empty-html"),
        pytest.param("empty.jsonl", b"\n\n  \n", "empty file", id="blank-jsonl"),
        pytest.param("nav.html", b"<html><body></body></html>", "no article text", id="no-body"),
        pytest.param("scan.jsonl", b'{"a": 1}\n\x00\x01\x02' * 50, "binary file", id="bin-jsonl"),
        pytest.param(
            "doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n\x00", "binary file", id="pdf"
        ),
        pytest.param("ctrl.txt", bytes(range(1, 32)) * 20, "binary file", id="control-chars"),
        pytest.param("empty.json", b"[]", "no articles in the JSON", id="empty-json-list"),
    ],
)
def test_unusable_files_in_new_formats(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = write(tmp_path / name, content)

    result = load_articles([str(path)])

    assert result.articles == ()
    assert len(result.skipped) == 1
    assert result.skipped[0].reason.startswith(reason)


# --------------------------------------------------------------------------- --max-bytes


def test_file_over_max_bytes_is_skipped_with_the_limit(tmp_path: Path) -> None:
    big = write(tmp_path / "big.md", story("big") + "More text. " * 200)
    small = write(tmp_path / "small.md", story("small"))

    result = load_articles([str(big), str(small)], max_bytes=1000)

    assert [a.id for a in result.articles] == ["small"]
    assert reasons(result.skipped) == [("big.md", None, "larger than --max-bytes (1000 bytes)")]


def test_jsonl_line_over_max_bytes_skips_that_line_only(tmp_path: Path) -> None:
    lines = [json.dumps({"text": story("one")}), json.dumps({"text": "x " * 2000})]
    lines.append(json.dumps({"text": story("three")}))
    path = write(tmp_path / "wire.jsonl", "\n".join(lines) + "\n")

    result = load_articles([str(path)], max_bytes=1000)

    assert [a.id for a in result.articles] == ["wire:1", "wire:3"]
    assert reasons(result.skipped) == [("wire.jsonl", 2, "larger than --max-bytes (1000 bytes)")]


def test_stdin_over_max_bytes_is_skipped() -> None:
    result = invoke("compare", "-", "--max-bytes", "100", input=story("x") * 10)

    assert result.exit_code == ExitCode.NOTHING_USABLE
    assert "warning: <stdin>: larger than --max-bytes (100 bytes)" in result.stderr


# ---------------------------------------------------------------- exit codes, no tracebacks


def test_everything_bad_exits_1_with_warnings_and_one_error(tmp_path: Path) -> None:
    for name in ["empty.md", "scan.txt"]:
        shutil.copy(FOLDER / name, tmp_path / name)

    result = invoke("compare", tmp_path)

    assert result.exit_code == ExitCode.NOTHING_USABLE
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["warning", "warning", "Error"]


def test_all_good_exits_0(tmp_path: Path) -> None:
    shutil.copy(FOLDER / "op-ed.html", tmp_path)
    shutil.copy(FOLDER / "notes-utf16.txt", tmp_path)

    result = invoke("compare", tmp_path, "--format", "json")

    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == ""


def test_debug_shows_the_traceback_instead(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.md", "")

    result = invoke("compare", path, "--debug")

    assert isinstance(result.exception, NoArticlesError)


def test_text_field_option_reaches_the_loader(tmp_path: Path) -> None:
    path = write(tmp_path / "db.jsonl", json.dumps({"key": "k1", "story": story("k")}) + "\n")

    result = invoke("compare", path, "--text-field", "story", "--id-field", "key", "-f", "json")

    assert result.exit_code == ExitCode.OK, result.output
    assert [a["id"] for a in json.loads(result.stdout)["articles"]] == ["k1"]
    missing = invoke("compare", path, "--text-field", "nope")
    assert missing.exit_code == ExitCode.NOTHING_USABLE
    assert 'db.jsonl:1: no "nope" field' in missing.stderr


def test_eval_takes_the_loading_options(tmp_path: Path) -> None:
    path = write(tmp_path / "db.jsonl", json.dumps({"key": "k1", "story": story("k")}) + "\n")
    gold = write(tmp_path / "gold.jsonl", json.dumps({"doc": "k1", "labels": {"sanctions": "pro"}}))

    result = invoke("eval", gold, path, "--text-field", "story", "--id-field", "key", "-f", "json")

    assert result.exit_code == ExitCode.OK, result.output


def test_help_documents_the_options_and_exit_codes() -> None:
    for command in ["compare", "eval"]:
        result = invoke(command, "--help")
        for text in ["--text-field", "--id-field", "--max-bytes", "--hidden", "Exit codes"]:
            assert text in result.stdout, (command, text)
        assert "some inputs were skipped" in result.stdout
