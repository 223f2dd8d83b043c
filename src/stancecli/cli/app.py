"""The Typer application every command module registers itself on."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli import __version__
from stancecli.cli.options import EXIT_CODES_EPILOG

app = typer.Typer(
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
