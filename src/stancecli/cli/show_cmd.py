"""`stance show`: one article's profile: what it is, where it stands, what it leaves out."""

from __future__ import annotations

from typing import Annotated

import typer

from stancecli.cli.app import app
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    DebugOption,
    EvidenceOption,
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
    finish_inputs,
    load_inputs,
    model_option,
    reported,
)
from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.pipeline import Engine
from stancecli.profile import (
    build_profile,
    find_article,
    names_a_file,
    only_article,
    profile_to_dict,
)
from stancecli.render.formats import OutputFormat, dumps_json
from stancecli.render.profile_table import profile_renderable
from stancecli.render.safe import SafeConsole
from stancecli.topics import load_pack

ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Name the features that pushed each evidence sentence to its side.",
    ),
]
ArticleArgument = Annotated[
    str,
    typer.Argument(
        metavar="ARTICLE",
        help="An article id, a file (or - for stdin), or words of its title.",
        show_default=False,
    ),
]


@app.command("show", epilog=EXIT_CODES_EPILOG)
def show_command(
    article: ArticleArgument,
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    explain: ExplainOption = False,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
    evidence: EvidenceOption = 3,
    debug: DebugOption = False,
) -> None:
    """Show one article's profile: each topic found with its stance and evidence.

    ARTICLE is looked up among PATHS (the bundled corpus by default) by id, file name or
    title; a few words of the title will do. A file given as ARTICLE is read alone.
    Exits 4 when no article matches. Formats: table or json.

    Example: stance show "wrong detente"

    Example: stance show op-ed.md --format json | jq '.found[] | {topic, stance}'
    """
    if output not in (OutputFormat.TABLE, OutputFormat.JSON):
        raise typer.BadParameter(
            f"show prints table or json, not {output.value}", param_hint="'--format'"
        )
    with reported(debug):
        pack = load_pack(topics)
        is_file = names_a_file(article)
        loaded = load_inputs(
            [article] if is_file else paths or [],
            InputOptions(text_field, id_field, max_bytes, hidden),
        )
        if is_file:
            chosen = only_article(loaded.articles, article)
        else:
            chosen = find_article(loaded.articles, article)
        engine = Engine(
            pack,
            threshold=threshold,
            evidence=evidence,
            model=model_option(model),
        )
        profile = build_profile(chosen, engine)
        if output is OutputFormat.JSON:
            typer.echo(dumps_json(profile_to_dict(profile), indent=2))
        else:
            SafeConsole().print(profile_renderable(profile, evidence=evidence, explain=explain))
    finish_inputs(loaded.skipped)
