"""The `stance` command line: a thin layer over the library.

Each command parses its options, calls the library, renders the result and returns an
`ExitCode`. Data goes to stdout (plain text for json/jsonl/csv/markdown, a Rich table
for `table`); warnings and errors go to stderr. A `StanceError` becomes one
`Error: <message>` line and a documented exit code; a traceback is shown only with
`--debug`.
"""

from __future__ import annotations

from stancecli.cli import compare_cmd, eval_cmd  # noqa: F401  (each registers its command)
from stancecli.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The `stance` console script and `python -m stancecli`."""
    app(prog_name="stance")
