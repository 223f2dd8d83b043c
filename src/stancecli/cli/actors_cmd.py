"""`stance actors`: the positions each article reports others holding, kept apart from its own."""

from __future__ import annotations

import typer

from stancecli.actors import actor_view
from stancecli.cli.app import app
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    CsvRawOption,
    DebugOption,
    EvidenceOption,
    FormatOption,
    HiddenOption,
    IdFieldOption,
    MaxBytesOption,
    MergeOption,
    ModelOption,
    PathsArgument,
    TextFieldOption,
    ThresholdOption,
    TopicsOption,
)
from stancecli.cli.reporting import (
    InputOptions,
    finish,
    load_and_compare,
    model_option,
    reported,
)
from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.render.actors import (
    render_actors_csv,
    render_actors_json,
    render_actors_jsonl,
    render_actors_markdown,
)
from stancecli.render.actors_table import actors_tables
from stancecli.render.formats import OutputFormat
from stancecli.render.safe import SafeConsole
from stancecli.topics import load_pack


@app.command("actors", epilog=EXIT_CODES_EPILOG)
def actors_command(
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    merge: MergeOption = False,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    evidence: EvidenceOption = 1,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
    csv_raw: CsvRawOption = False,
    debug: DebugOption = False,
) -> None:
    """Show who else holds which position, according to each article.

    Views an article reports (a speech verb with a named subject, 'according to') are kept
    apart from the author's; names are merged ('Le Pen' is 'Marine Le Pen').

    Example: stance actors --merge --format json | jq '.actors[] | select(.topic=="sanctions")'
    """
    with reported(debug):
        pack = load_pack(topics)
        c = load_and_compare(
            paths or [],
            pack,
            threshold=threshold,
            model=model_option(model),
            evidence=evidence,
            inputs=InputOptions(text_field, id_field, max_bytes, hidden),
        )
        actors = actor_view(c.judgements, pack.ids, merge=merge, evidence=evidence)
        if output is OutputFormat.TABLE:
            console = SafeConsole()
            console.print(
                actors_tables(
                    actors, pack, c.articles, merged=merge, evidence=evidence, width=console.width
                )
            )
        elif output is OutputFormat.JSON:
            typer.echo(render_actors_json(actors, pack), nl=False)
        elif output is OutputFormat.JSONL:
            typer.echo(render_actors_jsonl(actors, pack), nl=False)
        elif output is OutputFormat.CSV:
            typer.echo(render_actors_csv(actors, pack, evidence, raw=csv_raw), nl=False)
        else:
            typer.echo(render_actors_markdown(actors, pack, evidence), nl=False)
    finish(c)
