"""`stance lookup`: the sentences that mention a topic, keyword or words, with their stance."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli.cli.app import app
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    CsvRawOption,
    DebugOption,
    FormatOption,
    HiddenOption,
    IdFieldOption,
    MaxBytesOption,
    ModelOption,
    PathsArgument,
    TextFieldOption,
    ThresholdOption,
    TopicsOption,
)
from stancecli.cli.reporting import (
    InputOptions,
    error,
    exit_with,
    finish_inputs,
    load_inputs,
    model_option,
    reported,
)
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.lookup import LookupResult, lookup, no_hit_message
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.render.formats import OutputFormat
from stancecli.render.lookup_formats import (
    render_lookup_csv,
    render_lookup_json,
    render_lookup_jsonl,
    render_lookup_markdown,
)
from stancecli.render.lookup_table import lookup_table
from stancecli.render.safe import SafeConsole
from stancecli.topics import load_pack

QueryArgument = Annotated[
    str,
    typer.Argument(
        metavar="QUERY",
        help="A topic id or label, a keyword of the pack, or any words; misspellings are forgiven.",
        show_default=False,
    ),
]
ContextOption = Annotated[
    int,
    typer.Option("--context", "-C", min=0, metavar="N", help="Also show N sentences each side."),
]
TopicOption = Annotated[
    list[str] | None,
    typer.Option(
        "--topic",
        "-t",
        metavar="ID",
        help="Only hits on this topic (repeat for several).",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", min=1, metavar="N", help="Show at most N hits.", show_default=False
    ),
]
WordsOption = Annotated[
    bool,
    typer.Option("--words", help="Search the query's words even if they name a topic or keyword."),
]


@app.command("lookup", epilog=EXIT_CODES_EPILOG)
def lookup_command(
    query: QueryArgument,
    paths: PathsArgument = None,
    context: ContextOption = 0,
    topic: TopicOption = None,
    limit: LimitOption = None,
    words: WordsOption = False,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
    csv_raw: CsvRawOption = False,
    debug: DebugOption = False,
) -> None:
    """Find the sentences that mention a topic or words, with the stance each one carries.

    QUERY is a topic id or label (minsk, "NATO enlargement"), a keyword of the pack
    (embargo), or free words; "minsk 2", "Minsk-II" and "minks" all find Minsk II. Hits come
    in article order, then position. With no hit, says so on stderr (with a "did you mean"
    when the query is close to a topic) and exits 4, like grep's "no match".

    Example: stance lookup "minsk 2" --context 1

    Example: stance lookup sanctions corpus/ --topic sanctions --format jsonl | jq .stance
    """
    with reported(debug):
        pack = load_pack(topics)
        loaded = load_inputs(
            paths or [],
            InputOptions(text_field, id_field, max_bytes, hidden),
        )
        result = lookup(
            query,
            loaded.articles,
            pack,
            threshold=threshold,
            model=model_option(model),
            topics=topic or [],
            context=context,
            limit=limit,
            words=words,
            skipped=loaded.skipped,
        )
        _print(result, output, csv_raw=csv_raw)
    if not result.hits:
        error(no_hit_message(result))
        exit_with(ExitCode.NO_MATCH)
    finish_inputs(result.skipped)


def _print(result: LookupResult, output: OutputFormat, *, csv_raw: bool) -> None:
    if output is OutputFormat.TABLE:
        if result.hits:
            console = SafeConsole()
            console.print(lookup_table(result, width=console.width))
    elif output is OutputFormat.JSON:
        typer.echo(render_lookup_json(result), nl=False)
    elif output is OutputFormat.JSONL:
        typer.echo(render_lookup_jsonl(result), nl=False)
    elif output is OutputFormat.CSV:
        typer.echo(render_lookup_csv(result, raw=csv_raw), nl=False)
    else:
        typer.echo(render_lookup_markdown(result), nl=False)
