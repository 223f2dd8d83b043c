"""The `stance` command line: a thin layer over the library.

Each command parses its options, calls the library, renders the result and returns an
`ExitCode`. Data goes to stdout (plain text for json/jsonl/csv/markdown, a Rich table
for `table`); warnings and errors go to stderr. A `StanceError` becomes one
`Error: <message>` line and a documented exit code; a traceback is shown only with
`--debug`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from stancecli import __version__
from stancecli.errors import GoldError, StanceError, TopicPackError
from stancecli.evaluation import evaluate, load_gold, report_to_dict
from stancecli.exit_codes import ExitCode, exit_code_table
from stancecli.loading import bundled_corpus_inputs, load_articles
from stancecli.matcher import DEFAULT_THRESHOLD
from stancecli.models import Comparison, Skipped, TopicPack
from stancecli.pipeline import compare
from stancecli.render.eval_table import eval_renderable
from stancecli.render.formats import (
    OutputFormat,
    render_csv,
    render_json,
    render_jsonl,
    render_markdown,
)
from stancecli.render.table import comparison_table
from stancecli.topics import load_pack

EXIT_CODES_EPILOG = "Exit codes:\n" + exit_code_table()

#: Errors that are the user's to fix in how stance was called, not in the articles.
_USAGE_ERRORS: tuple[type[StanceError], ...] = (TopicPackError, GoldError)

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

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format: table (for the terminal), json, jsonl, csv or markdown.",
    ),
]
TopicsOption = Annotated[
    Path | None,
    typer.Option(
        "--topics",
        metavar="FILE",
        help="A topic pack (TOML) to use instead of the bundled one.",
        show_default=False,
    ),
]
ThresholdOption = Annotated[
    float,
    typer.Option(
        "--threshold",
        min=0.0,
        max=100.0,
        help="Fuzzy-match cut-off, 0-100: lower finds more near-miss spellings.",
    ),
]
EvidenceOption = Annotated[
    int,
    typer.Option("--evidence", min=1, metavar="N", help="Evidence sentences shown per cell."),
]
DebugOption = Annotated[
    bool,
    typer.Option("--debug", envvar="STANCE_DEBUG", help="Show the traceback of an error."),
]
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATHS",
        help="Article files, folders, globs, or - for stdin. Default: the bundled corpus.",
        show_default=False,
    ),
]
GoldArgument = Annotated[
    Path,
    typer.Argument(
        metavar="GOLD",
        help='Gold labels, JSONL: {"doc": "<article id>", "labels": {"<topic>": "pro"}}',
        show_default=False,
    ),
]


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


# --------------------------------------------------------------------------- plumbing


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def _error(message: str) -> None:
    _stderr().print(
        Text.assemble(("Error:", "bold red"), " ", message), soft_wrap=True, markup=False
    )


def _warn_skipped(skipped: Sequence[Skipped]) -> None:
    console = _stderr()
    for item in skipped:
        where = item.path if item.line is None else f"{item.path}:{item.line}"
        console.print(
            Text.assemble(("warning:", "yellow"), f" {where}: {item.reason}"),
            soft_wrap=True,
            markup=False,
        )


def _exit(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


@contextmanager
def _reported(debug: bool) -> Iterator[None]:
    """Turn library errors into one stderr line and an exit code (or re-raise with --debug)."""
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (`| head`); Typer exits quietly
    except StanceError as exc:
        if debug:
            raise
        _error(str(exc))
        _exit(ExitCode.USAGE if isinstance(exc, _USAGE_ERRORS) else ExitCode.NOTHING_USABLE)
    except Exception as exc:
        if debug:
            raise
        _error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback, and please report it)"
        )
        _exit(ExitCode.INTERNAL)


def _compare(
    paths: Sequence[str], pack: TopicPack, *, threshold: float, evidence: int
) -> Comparison:
    """Load the inputs, warn about each one skipped, and compare what was read."""
    loaded = load_articles(list(paths) or bundled_corpus_inputs(), stdin=sys.stdin)
    _warn_skipped(loaded.skipped)
    return compare(
        loaded.articles, pack, threshold=threshold, evidence=evidence, skipped=loaded.skipped
    )


def _finish(c: Comparison) -> NoReturn:
    _exit(ExitCode.PARTIAL if c.skipped else ExitCode.OK)


# --------------------------------------------------------------------------- commands


@app.command("compare", epilog=EXIT_CODES_EPILOG)
def compare_command(
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    evidence: EvidenceOption = 1,
    debug: DebugOption = False,
) -> None:
    """Compare articles on every topic of a topic pack.

    Unreadable inputs are reported on stderr and left out; the rest are still compared.

    Example: stance compare corpus/ --format json | jq '.cells[] | select(.topic=="minsk")'
    """
    with _reported(debug):
        pack = load_pack(topics)
        c = _compare(paths or [], pack, threshold=threshold, evidence=evidence)
        if output is OutputFormat.TABLE:
            console = Console()
            console.print(comparison_table(c, evidence=evidence, width=console.width))
        elif output is OutputFormat.JSON:
            typer.echo(render_json(c), nl=False)
        elif output is OutputFormat.JSONL:
            typer.echo(render_jsonl(c), nl=False)
        elif output is OutputFormat.CSV:
            typer.echo(render_csv(c, evidence=evidence), nl=False)
        else:
            typer.echo(render_markdown(c, evidence=evidence), nl=False)
    _finish(c)


@app.command("eval", epilog=EXIT_CODES_EPILOG)
def eval_command(
    gold: GoldArgument,
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    debug: DebugOption = False,
) -> None:
    """Score the comparison against hand-made gold labels.

    Shows accuracy, sign errors (pro called con or con pro) and detection per topic.

    Then the confusion matrix and the wrong cells.

    Formats: table or json.

    Example: stance eval gold.jsonl corpus/ --format json | jq .overall
    """
    if output not in (OutputFormat.TABLE, OutputFormat.JSON):
        raise typer.BadParameter(
            f"eval prints table or json, not {output.value}", param_hint="'--format'"
        )
    with _reported(debug):
        labels = load_gold(gold)
        pack = load_pack(topics)
        c = _compare(paths or [], pack, threshold=threshold, evidence=1)
        report = evaluate(c, labels)
        if output is OutputFormat.JSON:
            typer.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2), nl=True)
        else:
            Console().print(eval_renderable(report))
    _finish(c)


def main() -> None:
    """The `stance` console script and `python -m stancecli`."""
    app(prog_name="stance")
