"""The Typer application every command module registers itself on.

Each command lives in its own `*_cmd` module, and most of them pull in large parts of the
library. A cold `stance compare` should pay only for `compare`, so the modules are listed
here by command name and imported when Typer first reads the command table, all of them,
unless `main` already imported the one command the command line names.
"""

from __future__ import annotations

from importlib import import_module
from typing import Annotated, Any

import typer

from stancecli import __version__
from stancecli.cli import lean_parsing
from stancecli.cli.options import EXIT_CODES_EPILOG

lean_parsing.install()  # plain option values without pydantic: see cli/lean_parsing.py

# Command (or group) name -> the module under stancecli.cli that registers it, in the
# order `stance --help` lists them. tests/test_lazy_cli.py checks every *_cmd module is here.
COMMAND_MODULES: dict[str, str] = {
    "actors": "actors_cmd",
    "compare": "compare_cmd",
    "eval": "eval_cmd",
    "lookup": "lookup_cmd",
    "report": "report_cmd",
    "show": "show_cmd",
    "topics": "topics_cmd",
    "train": "train_cmd",
}


class LazyCommands(typer.Typer):
    """A Typer app whose command table fills itself from `COMMAND_MODULES` on first read.

    Typer reads `registered_commands` and `registered_groups` only when it builds the
    Click group (at `app()`, or in a test's `CliRunner.invoke`), so deferring the imports
    to that read keeps every caller's view the same: all commands, unless `only` chose one.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loaded = False
        super().__init__(*args, **kwargs)

    @property
    def registered_commands(self) -> list[Any]:
        self._load(COMMAND_MODULES.values())
        return self._commands

    @registered_commands.setter
    def registered_commands(self, value: list[Any]) -> None:
        self._commands = value

    @property
    def registered_groups(self) -> list[Any]:
        self._load(COMMAND_MODULES.values())
        return self._groups

    @registered_groups.setter
    def registered_groups(self, value: list[Any]) -> None:
        self._groups = value

    def only(self, command: str) -> None:
        """Register just `command`, if it is one: the run will not need the others."""
        module = COMMAND_MODULES.get(command)
        if module is not None:
            self._load([module])

    def _load(self, modules: Any) -> None:
        if self._loaded:
            return
        self._loaded = True  # the modules' own @app.command calls read the table too
        for module in modules:
            import_module(f"stancecli.cli.{module}")


app = LazyCommands(
    name="stance",
    help=(
        "Compare where policy articles stand on the recurring topics of a debate.\n\n"
        "Each article gets a stance (pro, con, mixed, neutral or absent) on every topic "
        "of a topic pack, with the sentence that shows it. With no paths, the bundled "
        "sample corpus is compared.\n\n"
        "Example: stance compare corpus/ --format markdown > comparison.md"
    ),
    epilog=EXIT_CODES_EPILOG,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --------------------------------------------------------------------------- options
# Declared once and reused, so every command spells and documents them the same way.


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stance {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """Compare where policy articles stand on the recurring topics of a debate."""
