"""`stance compare`: the side-by-side table, or the same comparison as data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import typer

from stancecli.cli.app import app
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    BlocksizeOption,
    CsvRawOption,
    DateFromOption,
    DebugOption,
    EvidenceOption,
    FormatOption,
    GroupByOption,
    HiddenOption,
    HideAbsentOption,
    IdFieldOption,
    JobsOption,
    LayoutOption,
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
from stancecli.dating import Dating
from stancecli.errors import UsageError
from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.models import TopicPack
from stancecli.pipeline import ArticleAnalysis
from stancecli.render.choices import Layout
from stancecli.render.formats import (
    OutputFormat,
    render_article_jsonl,
    render_csv,
    render_json,
    render_markdown,
)
from stancecli.topics import load_pack

# The actor view, the Rich table and the Dask layer are imported where they are used: a
# scripted run (`--format json`, no `--with-actors`) then imports neither Rich's console,
# the actors nor on_cluster.


@app.command("compare", epilog=EXIT_CODES_EPILOG)
def compare_command(
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    evidence: EvidenceOption = 1,
    with_actors: WithActorsOption = False,
    layout: LayoutOption = Layout.AUTO,
    hide_absent: HideAbsentOption = None,
    date_from: DateFromOption = None,
    group_by: GroupByOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
    jobs: JobsOption = None,
    scheduler: SchedulerOption = None,
    output_dir: OutputDirOption = None,
    blocksize: BlocksizeOption = None,
    quiet: QuietOption = False,
    csv_raw: CsvRawOption = False,
    debug: DebugOption = False,
) -> None:
    """Compare articles on every topic of a topic pack.

    Unreadable inputs are reported on stderr and left out; the rest are still compared.

    Example: stance compare corpus/ --format json | jq '.cells[] | select(.topic=="minsk")'
    """
    with reported(debug):
        if output_dir is not None or scheduler is not None:  # a Dask run: see cli/on_cluster
            from stancecli.cli.on_cluster import ClusterOptions, check_output, compare_on_cluster

            check_output(output_dir, scheduler, output is OutputFormat.JSONL)
        pack = load_pack(topics)
        dating = Dating.parse(date_from, group_by)
        inputs = InputOptions(text_field, id_field, max_bytes, hidden)
        # JSONL is printed article by article, as each one is ready, and then needs
        # nothing kept (the actor view, printed at the end, does).
        on_analysis = _print_jsonl(pack) if output is OutputFormat.JSONL else None
        if scheduler is not None:
            if date_from is not None or group_by is not None:
                raise UsageError("--date-from and --group-by do not work with --scheduler yet")
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
                dating=dating,
                on_analysis=on_analysis,
                retain=output is not OutputFormat.JSONL or with_actors,
            )
        if with_actors:
            from stancecli.actors import actor_view

            c = replace(c, actors=actor_view(c.judgements, pack.ids, evidence=evidence))
        if output is OutputFormat.TABLE:
            from stancecli.render.actors_table import actors_tables
            from stancecli.render.layout import comparison_view
            from stancecli.render.safe import SafeConsole

            console = SafeConsole()
            console.print(
                comparison_view(
                    c,
                    evidence=evidence,
                    width=console.width,
                    layout=layout,
                    hide_absent=hide_absent,
                )
            )
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
                from stancecli.render.actors import render_actors_jsonl

                typer.echo(render_actors_jsonl(c.actors, pack), nl=False)
        elif output is OutputFormat.CSV:
            typer.echo(render_csv(c, evidence=evidence, raw=csv_raw), nl=False)
        else:
            typer.echo(render_markdown(c, evidence=evidence), nl=False)
            if c.actors is not None:
                from stancecli.render.actors import render_actors_markdown

                typer.echo("\n" + render_actors_markdown(c.actors, pack, evidence), nl=False)
    finish(c)


def _print_jsonl(pack: TopicPack) -> Callable[[ArticleAnalysis], None]:
    """Print one article's cells as JSON lines the moment its analysis is done."""

    def emit(analysis: ArticleAnalysis) -> None:
        typer.echo(render_article_jsonl(analysis.info, analysis.cells, pack), nl=False)

    return emit
