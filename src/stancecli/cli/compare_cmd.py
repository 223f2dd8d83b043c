"""`stance compare`: the side-by-side table, or the same comparison as data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import typer
from rich.console import Console

from stancecli.actors import actor_view
from stancecli.cli.app import app
from stancecli.cli.on_cluster import ClusterOptions, check_output, compare_on_cluster
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    BlocksizeOption,
    DebugOption,
    EvidenceOption,
    FormatOption,
    HiddenOption,
    IdFieldOption,
    JobsOption,
    MaxBytesOption,
    ModelOption,
    OutputDirOption,
    PathsArgument,
    QuietOption,
    SchedulerOption,
    TextFieldOption,
    ThresholdOption,
    TopicsOption,
    WithActorsOption,
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
from stancecli.models import TopicPack
from stancecli.pipeline import ArticleAnalysis
from stancecli.render.actors import render_actors_jsonl, render_actors_markdown
from stancecli.render.actors_table import actors_tables
from stancecli.render.formats import (
    OutputFormat,
    render_article_jsonl,
    render_csv,
    render_json,
    render_markdown,
)
from stancecli.render.table import comparison_table
from stancecli.topics import load_pack


@app.command("compare", epilog=EXIT_CODES_EPILOG)
def compare_command(
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    evidence: EvidenceOption = 1,
    with_actors: WithActorsOption = False,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
    jobs: JobsOption = None,
    scheduler: SchedulerOption = None,
    output_dir: OutputDirOption = None,
    blocksize: BlocksizeOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Compare articles on every topic of a topic pack.

    Unreadable inputs are reported on stderr and left out; the rest are still compared.

    Example: stance compare corpus/ --format json | jq '.cells[] | select(.topic=="minsk")'
    """
    with reported(debug):
        check_output(output_dir, scheduler, output is OutputFormat.JSONL)
        pack = load_pack(topics)
        inputs = InputOptions(text_field, id_field, max_bytes, hidden)
        # JSONL is printed article by article, as each one is ready.
        on_analysis = _print_jsonl(pack) if output is OutputFormat.JSONL else None
        if scheduler is not None:
            c = compare_on_cluster(
                ClusterOptions(scheduler, output_dir, blocksize),
                paths or [],
                pack,
                threshold=threshold,
                model=model_option(model),
                evidence=evidence,
                inputs=inputs,
                quiet=quiet,
                with_actors=with_actors,
                on_analysis=on_analysis,
            )
        else:
            c = load_and_compare(
                paths or [],
                pack,
                threshold=threshold,
                model=model_option(model),
                evidence=evidence,
                inputs=inputs,
                jobs=jobs,
                quiet=quiet,
                keep_judgements=with_actors,
                on_analysis=on_analysis,
            )
        if with_actors:
            c = replace(c, actors=actor_view(c.judgements, pack.ids, evidence=evidence))
        if output is OutputFormat.TABLE:
            console = Console()
            console.print(comparison_table(c, evidence=evidence, width=console.width))
            if c.actors is not None:
                console.print(
                    actors_tables(
                        c.actors, pack, c.articles, evidence=evidence, width=console.width
                    )
                )
        elif output is OutputFormat.JSON:
            typer.echo(render_json(c), nl=False)
        elif output is OutputFormat.JSONL:
            if c.actors is not None:
                typer.echo(render_actors_jsonl(c.actors, pack), nl=False)
        elif output is OutputFormat.CSV:
            typer.echo(render_csv(c, evidence=evidence), nl=False)
        else:
            typer.echo(render_markdown(c, evidence=evidence), nl=False)
            if c.actors is not None:
                typer.echo("\n" + render_actors_markdown(c.actors, pack, evidence), nl=False)
    finish(c)


def _print_jsonl(pack: TopicPack) -> Callable[[ArticleAnalysis], None]:
    """Print one article's cells as JSON lines the moment its analysis is done."""

    def emit(analysis: ArticleAnalysis) -> None:
        typer.echo(render_article_jsonl(analysis.info, analysis.cells, pack), nl=False)

    return emit
