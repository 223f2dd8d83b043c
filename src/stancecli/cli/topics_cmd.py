"""`stance topics`: read a topic pack, check one, start one.

`stance topics [ID]` lists the pack or shows one topic, and `validate` and `init` are
subcommands beside it. Click would read `validate` as the ID (a group's arguments are
parsed before its subcommand), so the group sends anything that is not a subcommand
name to the `list` subcommand instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stancecli.cli.app import app
from stancecli.cli.options import EXIT_CODES_EPILOG, DebugOption, FormatOption, TopicsOption
from stancecli.cli.reporting import error, exit_with, reported
from stancecli.errors import UsageError
from stancecli.exit_codes import ExitCode
from stancecli.lookup import find_topics
from stancecli.render.formats import OutputFormat, dumps_json
from stancecli.render.safe import SafeConsole
from stancecli.render.topics_table import pack_table, topic_detail, validation_verdict
from stancecli.topics import (
    load_pack,
    pack_problems,
    pack_to_dict,
    parse_pack,
    read_pack_text,
    starter_pack_text,
    topic_detail_to_dict,
)

LIST = "list"


class _TopicsGroup(TyperGroup):
    """A group whose bare form and `ID` form both mean its `list` subcommand."""

    # ctx is Typer's vendored click Context, which Typer does not export under a public name.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if not ctx.resilient_parsing and (  # shell completion must still see subcommands
            first is None or (first not in self.commands and first not in ctx.help_option_names)
        ):
            args = [LIST, *args]
        return super().parse_args(ctx, args)


topics_app = typer.Typer(
    cls=_TopicsGroup,
    help=(
        "List the topic pack, show one topic, check a pack or start one.\n\n"
        "stance topics lists the pack (the bundled one, or --topics FILE); stance topics ID "
        "shows one topic with all its keywords and cues.\n\n"
        "Example: stance topics validate my-debate.toml"
    ),
    epilog=EXIT_CODES_EPILOG,
    no_args_is_help=False,
    rich_markup_mode="rich",
)
app.add_typer(topics_app, name="topics")

TopicIdArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="ID",
        help="A topic's id or label (a keyword or a misspelling will do). Default: all.",
        show_default=False,
    ),
]
PackFileArgument = Annotated[
    Path,
    typer.Argument(metavar="FILE", help="A topic pack (TOML).", show_default=False),
]


@topics_app.command(LIST, epilog=EXIT_CODES_EPILOG)
def list_command(
    topic_id: TopicIdArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    debug: DebugOption = False,
) -> None:
    """List the pack's topics (id, label, question, poles, keywords), or show one in full.

    Also what plain stance topics [ID] runs. Formats: table, json or jsonl.

    Example: stance topics list minsk --format json | jq '.topics[0].keywords'
    """
    if output not in (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL):
        raise typer.BadParameter(
            f"topics prints table, json or jsonl, not {output.value}", param_hint="'--format'"
        )
    with reported(debug):
        pack = load_pack(topics)
        chosen = None if topic_id is None else find_topics(pack, topic_id)
        if output is OutputFormat.JSON:
            typer.echo(dumps_json(pack_to_dict(pack, chosen), indent=2))
        elif output is OutputFormat.JSONL:
            for topic in pack.topics if chosen is None else chosen:
                typer.echo(dumps_json(topic_detail_to_dict(topic)))
        elif chosen is None:
            console = SafeConsole()
            console.print(pack_table(pack))
        else:
            console = SafeConsole()
            for number, topic in enumerate(chosen):
                if number:
                    console.print()
                console.print(topic_detail(topic, pack))


@topics_app.command("validate", epilog=EXIT_CODES_EPILOG)
def validate_command(
    file: PackFileArgument,
    output: FormatOption = OutputFormat.TABLE,
    debug: DebugOption = False,
) -> None:
    """Check a topic pack and report every problem, each with its file, topic and key.

    Exits 0 when the pack is valid, 2 when it has problems (one Error line each on
    stderr). Formats: table or json.

    Example: stance topics validate my-debate.toml
    """
    if output not in (OutputFormat.TABLE, OutputFormat.JSON):
        raise typer.BadParameter(
            f"validate prints table or json, not {output.value}", param_hint="'--format'"
        )
    with reported(debug):
        source = str(file)
        text = read_pack_text(file)
        problems = pack_problems(text, source=source)
        pack = None if problems else parse_pack(text, source=source)
        if output is OutputFormat.JSON:
            data: dict[str, Any] = {
                "schema_version": 1,
                "file": source,
                "valid": not problems,
                "problems": problems,
                "pack": None if pack is None else pack_to_dict(pack)["pack"],
                "topics": [] if pack is None else list(pack.ids),
            }
            typer.echo(dumps_json(data, indent=2))
        elif pack is not None:
            SafeConsole().print(validation_verdict(source, pack))
        else:
            for problem in problems:
                error(problem)
    exit_with(ExitCode.USAGE if problems else ExitCode.OK)


@topics_app.command("init", epilog=EXIT_CODES_EPILOG)
def init_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="Where to write the pack, or - for stdout.", show_default=False
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists.")] = False,
    debug: DebugOption = False,
) -> None:
    """Write a commented starter topic pack to FILE, to edit for your own debate.

    The pack is valid as written, and its comments explain every key. An existing
    FILE is left alone unless --force is given.

    Example: stance topics init my-debate.toml && stance topics validate my-debate.toml
    """
    with reported(debug):
        text = starter_pack_text()
        if str(file) == "-":
            typer.echo(text, nl=False)
        else:
            _write_new(file, text, force=force)
            typer.echo(f"wrote {file}; edit it, then: stance topics validate {file}")
    exit_with(ExitCode.OK)


def _write_new(file: Path, text: str, *, force: bool) -> None:
    """Write the file; "x" mode so an existing file is never clobbered without --force."""
    try:
        with open(file, "w" if force else "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{file}: already exists; use --force to overwrite it") from None
    except IsADirectoryError:
        raise UsageError(f"{file}: is a folder; give a file name") from None
    except OSError as exc:
        raise UsageError(f"{file}: cannot write ({exc.strerror or exc})") from None
