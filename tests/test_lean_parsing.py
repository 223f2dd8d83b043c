"""Option parsing without pydantic gives the values, and the errors, Typer's adapters give."""

from __future__ import annotations

import subprocess
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer import _coercion, core
from typer.testing import CliRunner

from stancecli.cli import app, lean_parsing

pytestmark = pytest.mark.skipif(not lean_parsing.SUPPORTED, reason="Typer parses with Click")

# What a user may type (and what defaults are), for every parameter of every command.
_VALUES: list[Any] = [
    None, True, False, 0, 1, 3, 85.0, 0.0, 100.0, 12.5,
    "json", "JSON", "Json", "jsonl", "table", "grid", "GRID", "xml", "",
    "0", "1", "5", "-1", "007", "1_000", " 5", "5 ", "1e3", "nan", "inf", "1.5", "85.0",
    "100", "100.5", "101", "abc", "two words", "x\0y",
    ["a.md", "b"], ("x",), [], (), ["a", 1],
    Path("some/where.toml"), "some/where.toml", "/", ".", "-",
]  # fmt: skip


def _parameters() -> list[Any]:
    group = typer.main.get_command(app)
    found = []
    for command in group.commands.values():  # type: ignore[attr-defined]
        commands = getattr(command, "commands", None)
        for sub in commands.values() if commands else [command]:
            found.extend(sub.params)
    return found


def _adapter_answer(param: Any, ctx: Any, value: Any) -> tuple[str, Any]:
    runtime = _coercion.build_runtime_param(param.type_descriptor)  # Typer's own
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - the error itself is what is compared
        return "error", (type(exc).__name__, str(exc))


def test_every_value_the_lean_path_gives_is_the_adapters_value() -> None:
    answered = 0
    for param in _parameters():
        ctx = typer.main.get_command(app).make_context("stance", [], resilient_parsing=True)
        for value in _VALUES:
            try:
                lean = lean_parsing.lean_value(param.type_descriptor, value, param, ctx)
            except Exception:  # noqa: BLE001 - refused or failed: the adapter answers
                continue
            kind, expected = _adapter_answer(param, ctx, value)
            assert kind == "value", (param.name, value, expected)
            assert type(lean) is type(expected) and lean == expected, (param.name, value)
            if isinstance(lean, list):
                assert [type(v) for v in lean] == [type(v) for v in expected]
            answered += 1
    assert answered > 100  # the lean path does answer the common cases


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--format", "xml"],
        ["compare", "--format", "JSON", "--evidence", "0"],
        ["compare", "--threshold", "abc"],
        ["compare", "--threshold", "101"],
        ["compare", "--threshold", "1e3"],
        ["compare", "--jobs", "0"],
        ["compare", "--jobs", "-1"],
        ["compare", "--max-bytes", "1_000", "--format", "json"],
        ["compare", "--layout", "diagonal"],
        ["compare", "--topics", "/no/such/pack.toml"],
        ["compare", "--model", ""],
        ["lookup", "--threshold", "nan", "x"],
        ["compare", "--format", "Csv", "--evidence", "2", "--threshold", "80"],
    ],
)
def test_output_and_exit_code_are_typers_own(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    lean = runner.invoke(app, args, env={"COLUMNS": "100", "NO_COLOR": "1"})
    monkeypatch.setattr(core, "build_runtime_param", _coercion.build_runtime_param)
    plain = runner.invoke(app, args, env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert (lean.exit_code, lean.output) == (plain.exit_code, plain.output)


_PROBE = """
import sys
from stancecli.cli import main
sys.argv = ["stance", "compare", "--format", "json", "--evidence", "2", "--threshold", "85"]
try:
    main()
except SystemExit:
    pass
print("pydantic" in sys.modules, file=sys.stderr)
"""


def test_a_plain_compare_does_not_import_pydantic() -> None:
    """pydantic's import alone took longer than the rest of Typer's: a cold start pays it
    only for a value the lean path leaves to Typer's adapters."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=False
    )
    assert '"articles"' in proc.stdout
    assert proc.stderr.strip().splitlines()[-1] == "False"


def test_an_enum_name_is_matched_case_blind_as_typer_does() -> None:
    class Colour(Enum):
        RED = "red"

    info = typer.models.OptionInfo(case_sensitive=False)
    descriptor = _coercion.resolve_type_descriptor(Colour, info)
    assert lean_parsing.lean_value(descriptor, "ReD", None, None) is Colour.RED
