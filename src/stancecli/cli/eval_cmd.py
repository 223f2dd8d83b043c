"""`stance eval`: how well a topic pack reads articles a person has labelled."""

from __future__ import annotations

import typer

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
    load_inputs,
    model_option,
    reported,
)
from stancecli.evaluation import evaluate, load_gold, report_to_dict
from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.learned.scoring import (
    gold_of,
    has_sentence_labels,
    score_sentences,
    sentence_scores_to_dict,
)
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.pipeline import Engine
from stancecli.render.eval_table import eval_renderable
from stancecli.render.formats import OutputFormat, dumps_json
from stancecli.render.safe import SafeConsole
from stancecli.topics import load_pack
from stancecli.train.corpora import read_labels


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

    GOLD may also hold sentence labels (the `stance train` format): they are scored too, as
    macro-F1 over the author's pro, con and neutral, and the documents' cells come from
    their document lines or, without one, from their sentences.

    Formats: table or json.

    Example: stance eval gold.jsonl corpus/ --format json | jq .overall
    """
    if output not in (OutputFormat.TABLE, OutputFormat.JSON):
        raise typer.BadParameter(
            f"eval prints table or json, not {output.value}", param_hint="'--format'"
        )
    with reported(debug):
        pack = load_pack(topics)
        judge = model_option(model)
        inputs = InputOptions(text_field, id_field, max_bytes, hidden)
        sentence_docs = read_labels([gold]) if has_sentence_labels(gold) else None
        labels = load_gold(gold) if sentence_docs is None else gold_of(sentence_docs, str(gold))
        c = load_and_compare(
            paths or [], pack, threshold=threshold, model=judge, evidence=1, inputs=inputs
        )
        report = evaluate(c, labels)
        data = report_to_dict(report)
        scores = None
        if sentence_docs is not None:
            texts = {a.id: a.text for a in load_inputs(paths or [], inputs).articles}
            engine = Engine(pack, threshold=threshold, model=judge)
            scores = score_sentences(engine, [d for d in sentence_docs if d.sentences], texts)
            data["sentences"] = sentence_scores_to_dict(scores)
        if output is OutputFormat.JSON:
            typer.echo(dumps_json(data, indent=2), nl=True)
        else:
            SafeConsole().print(eval_renderable(report))
            if scores is not None:
                SafeConsole().print(
                    f"Sentences: macro-F1 {scores.macro_f1:.2f} over the author's pro, con and "
                    f"neutral ({scores.labelled} labelled of {len(scores.gold)} "
                    "sentence-topic pairs)",
                    markup=False,
                    highlight=False,
                )
    finish(c)
