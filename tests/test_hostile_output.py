"""Article text is untrusted: no escape sequence reaches a terminal, no formula a spreadsheet.

The article below tries every trick of issue 13: set the window title (OSC 0 ... BEL),
clear the screen (CSI 2J), plant a hyperlink (OSC 8), a C1 CSI (U+009B), Rich markup in a
title, and CSV formulas at the start of its sentences. Every command and format must print
none of the control bytes, while JSON gives back the exact text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.render.safe import FORMULA_LEADS, spreadsheet_safe, terminal_safe

runner = CliRunner()

TITLE = "Evil \x1b]0;pwned\x07 title \x1b[2J [link=http://x]click[/link]"
SENTENCES = (
    '=HYPERLINK("http://x","y") The sanctions on Russia must stay in place \x1b[2J now.',
    "Marine Le Pen described the sanctions as senseless \x1b]8;;http://evil\x1b\\here\u009b31m.",
    "@SUM(1) We must keep the sanctions until Minsk II is implemented \x07.",
    "+1 Lifting the sanctions would be a mistake \x1b[1A\x1b[2K forged line.",
    "=Marine Le Pen said the sanctions must be lifted \x1b]0;pwned\x07 now.",
)
BODY = "\n\n".join(SENTENCES) + "\n"
BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # ESC, BEL, C1 and the rest


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    path = tmp_path / "evil.md"
    path.write_text(f"---\ntitle: {TITLE}\n---\n{BODY}", encoding="utf-8")
    return path


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 3), result.output
    return result.stdout


COMMANDS = [
    ("compare", "--evidence", "5"),
    ("compare", "--with-actors", "--evidence", "5"),
    ("actors",),
    ("actors", "--merge"),
    ("lookup", "sanctions", "--context", "1"),
    ("lookup", "Le Pen", "--words"),
    ("show", "evil", "--explain"),
]


CASES = [
    (command, output)
    for command in COMMANDS
    for output in ("table", "csv", "markdown")
    if command[0] != "show" or output == "table"  # show prints a table or JSON
]


@pytest.mark.parametrize(
    ("command", "output"), CASES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v
)
def test_no_control_byte_reaches_text_output(evil: Path, command: tuple[str, ...], output: str):
    if command[0] in ("lookup", "show"):
        args = [command[0], command[1], str(evil), *command[2:]]
    else:
        args = [command[0], str(evil), *command[1:]]
    out = _run(*args, "--format", output)
    assert out.strip()
    assert not BAD.search(out), repr(BAD.search(out))
    assert "pwned" not in out and "http://evil" not in out  # whole sequences are gone
    if output == "table" and command[0] == "compare":
        assert "Evil" in out and "[link=http://x]click[/link]" in out  # markup stays text


def test_a_coloured_terminal_gets_only_rich_own_colour_codes(
    evil: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    for command in (
        ["compare", str(evil), "--with-actors", "--evidence", "5"],
        ["lookup", "sanctions", str(evil)],
        ["show", "evil", str(evil)],
        ["actors", str(evil)],
    ):
        out = _run(*command)
        assert "\x1b[" in out, "the test must see a coloured terminal"
        # Rich's colours (SGR, ESC [ ... m) are all that is left; no OSC, no cursor move.
        assert not BAD.search(re.sub(r"\x1b\[[0-9;]*m", "", out)), command


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "--evidence", "5", "--format", "json"],
        ["compare", "--format", "jsonl"],
        ["lookup", "sanctions", "--format", "json"],
        ["lookup", "sanctions", "--format", "jsonl"],
        ["show", "evil", "--format", "json"],
    ],
    ids=" ".join,
)
def test_json_round_trips_the_original_text_exactly(evil: Path, command: list[str]) -> None:
    args = (
        [command[0], *command[1:2], str(evil), *command[2:]]
        if command[0] != "compare"
        else [
            command[0],
            str(evil),
            *command[1:],
        ]
    )
    out = _run(*args)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", out.replace("\n", ""))  # escaped, not raw
    strings = _strings(
        [json.loads(line) for line in out.splitlines() if line.strip()]
        if ("jsonl" in command)
        else json.loads(out)
    )
    assert TITLE in strings
    quoted = [s for s in strings if "\x1b" in s or "\u009b" in s or "\x07" in s]
    assert any(s in strings for s in SENTENCES), quoted
    for s in quoted:  # every string carrying a control is a verbatim part of the article
        assert s in BODY or s == TITLE, repr(s)


def _strings(data: object) -> set[str]:
    if isinstance(data, str):
        return {data}
    if isinstance(data, dict):
        return set().union(*(_strings(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_strings(v) for v in data)) if data else set()
    return set()


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "--evidence", "5", "--with-actors"],
        ["actors"],
        ["lookup", "sanctions"],
    ],
    ids=" ".join,
)
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(
    evil: Path, command: list[str]
) -> None:
    args = (
        [command[0], *command[1:2], str(evil), *command[2:]]
        if command[0] == "lookup"
        else [
            command[0],
            str(evil),
            *command[1:],
        ]
    )
    out = _run(*args, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) > 1
    cells = [cell for row in rows for cell in row]
    leading = [c for c in cells if c.startswith(FORMULA_LEADS)]
    assert all(re.fullmatch(r"-\d+(\.\d+)?", c) for c in leading), leading  # numbers only
    assert any(c.startswith(("'=HYPERLINK", "'@SUM", "'=Marine")) for c in cells)
    assert not any(BAD.search(c) for c in cells)

    raw = list(csv.reader(io.StringIO(_run(*args, "--format", "csv", "--csv-raw"))))
    raw_cells = [cell for row in raw for cell in row]
    assert any(c.startswith(("=HYPERLINK", "@SUM", "=Marine")) for c in raw_cells), "--csv-raw"


def test_terminal_safe_removes_sequences_and_shows_stray_controls() -> None:
    assert terminal_safe("a\x1b]0;pwned\x07b\x1b[2Jc") == "abc"
    assert terminal_safe("link\x1b]8;;http://x\x1b\\text\x1b]8;;\x1b\\") == "linktext"
    assert terminal_safe("\u009b31mred") == "red"
    assert terminal_safe("nul\x00 bel\x07 del\x7f") == "nul\ufffd bel\ufffd del\ufffd"
    assert terminal_safe("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
    assert terminal_safe("an unterminated \x1b]0;title to the end") == "an unterminated "


@pytest.mark.parametrize("lead", FORMULA_LEADS)
def test_spreadsheet_safe_quotes_every_formula_lead(lead: str) -> None:
    assert spreadsheet_safe(lead + "1+1") == "'" + lead + "1+1"
    assert spreadsheet_safe("plain " + lead) == "plain " + lead
