"""The `stance` command line: a thin layer over the library.

Each command parses its options, calls the library, renders the result and returns an
`ExitCode`. Data goes to stdout (plain text for json/jsonl/csv/markdown, a Rich table
for `table`); warnings and errors go to stderr. A `StanceError` becomes one
`Error: <message>` line and a documented exit code; a traceback is shown only with
`--debug`.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module

from stancecli.cli.app import app

# Every `*_cmd` module registers its command on `app` when imported; discovering them keeps
# adding a command to adding its module.
for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name.endswith("_cmd"):
        import_module(f"{__name__}.{_module.name}")

__all__ = ["app", "main"]


def main() -> None:
    """The `stance` console script and `python -m stancecli`."""
    app(prog_name="stance")
