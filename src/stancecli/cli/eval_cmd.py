"""`stance eval`: how well a topic pack reads articles a person has labelled."""

from __future__ import annotations

import json

import typer
from rich.console import Console

from stancecli.cli.app import app
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    DebugOption,
    FormatOption,
    GoldArgument,
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
    finish,
    load_and_compare,
    model_option,
    reported,
)
from stancecli.evaluation import evaluate, load_gold, report_to_dict
from stancecli.loading import DEFAULT_MAX_BYTES
from stancecli.matcher import DEFAULT_THRESHOLD
from stancecli.render.eval_table import eval_renderable
from stancecli.render.formats import OutputFormat
from stancecli.topics import load_pack


@app.command("eval", epilog=EXIT_CODES_EPILOG)
def eval_command(
    gold: GoldArgument,
    paths: PathsArgument = None,
    output: FormatOption = OutputFormat.TABLE,
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
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
    with reported(debug):
        labels = load_gold(gold)
        pack = load_pack(topics)
        c = load_and_compare(
            paths or [],
            pack,
            threshold=threshold,
            model=model_option(model),
            evidence=1,
            inputs=InputOptions(text_field, id_field, max_bytes, hidden),
        )
        report = evaluate(c, labels)
        if output is OutputFormat.JSON:
            typer.echo(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2), nl=True)
        else:
            Console().print(eval_renderable(report))
    finish(c)
