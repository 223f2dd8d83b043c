"""`stance train`: fit a stance model for a pack from a user's own labels."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancecli.cli.app import app
from stancecli.cli.options import EXIT_CODES_EPILOG, DebugOption, QuietOption, TopicsOption
from stancecli.cli.reporting import reported, stderr_console
from stancecli.errors import UsageError
from stancecli.topics import load_pack

LabelsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="LABELS",
        help="Label files (JSONL): sentence labels, document labels or both, as the "
        "README's 'Your own judge' section describes.",
        show_default=False,
    ),
]
OutputOption = Annotated[
    Path,
    typer.Option("--output", "-o", metavar="MODEL", help="Where to write the model (.json.gz)."),
]
TextsOption = Annotated[
    Path | None,
    typer.Option(
        "--texts",
        metavar="PATH",
        help='The documents\' texts: a folder of DOC.txt/DOC.md, or JSONL of {"doc", "text"}. '
        "Without it each labelled sentence is read on its own.",
        show_default=False,
    ),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed for the cross-fitting folds.")]
SubjectOption = Annotated[
    str,
    typer.Option(
        "--subject",
        metavar="WORDS",
        help='Words that name what the whole debate is about ("China,Beijing"): the '
        "model also reads a sentence's words as said of them. The default pack's model "
        "uses Russia, Ukraine, Moscow, Kyiv, Crimea and the like.",
        show_default=False,
    ),
]


@app.command("train", epilog=EXIT_CODES_EPILOG)
def train_command(
    labels: LabelsArgument,
    output: OutputOption,
    topics: TopicsOption = None,
    texts: TextsOption = None,
    seed: SeedOption = 13,
    subject: SubjectOption = "",
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Fit a model for a topic pack from labelled text; judge with it via --model.

    The model reads every sentence (not only those naming a pack keyword), so it learns
    when a text addresses a topic in its own words. Needs the train extra:
    pip install 'stancecli\\[train]'.

    Example: stance train labels.jsonl --topics my-debate.toml -o my-debate.json.gz
    """
    with reported(debug):
        try:
            import sklearn  # noqa: F401
        except ImportError:
            raise UsageError(
                "stance train needs scikit-learn: pip install 'stancecli[train]'"
            ) from None
        from stancecli.train.corpora import read_labels, read_texts
        from stancecli.train.fit import Settings, Trainer, stems_of

        pack = load_pack(topics)
        docs = read_labels(labels, texts=read_texts(texts) if texts else None)
        known = set(pack.ids)
        unknown = sorted(
            {lab.topic for d in docs for s in d.sentences for lab in s.labels} - known
            | {t for d in docs for t in (d.labels or {})} - known
        )
        if unknown:
            raise UsageError(f"labels name topics the pack does not have: {', '.join(unknown)}")
        if len(docs) < 3:
            raise UsageError(f"{len(docs)} labelled documents: training needs at least 3")
        console = stderr_console()
        words = subject.replace(",", " ").split()
        trainer = Trainer(pack, Settings(seed=seed, read_every=True), (), stems_of(words))
        model = trainer.fit(docs, progress=(lambda _: None) if quiet else console.print)
        model.save(output)
        if not quiet:
            console.print(
                f"wrote {output}: {len(model.weights)} weights from {len(docs)} documents"
            )
