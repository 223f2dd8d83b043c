"""The `stance` command line: a thin layer over the library.

Each command parses its options, calls the library, renders the result and returns an
`ExitCode`. Data goes to stdout (plain text for json/jsonl/csv/markdown, a Rich table
for `table`); warnings and errors go to stderr. A `StanceError` becomes one
`Error: <message>` line and a documented exit code; a traceback is shown only with
`--debug`.
"""

from __future__ import annotations

import sys

from stancecli.collector import collector_paused, spare_the_exit

# Typer, Rich and the app's options live as long as the process: no collection pass over
# them while they import (see `stancecli.collector`); the collector is as it was after.
with collector_paused():
    from stancecli.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The `stance` console script and `python -m stancecli`.

    Only the named command's module is imported (see `cli/app.py`); anything else (help,
    a typo) loads them all, so Typer can list or suggest every command.
    The command's modules are imported with the cyclic collector held off: what they
    allocate lives until exit (see `stancecli.collector`), and the exit makes no
    collection pass over it (`spare_the_exit`).
    """
    spare_the_exit()
    if len(sys.argv) > 1:
        with collector_paused():
            app.only(sys.argv[1])
    app(prog_name="stance")
