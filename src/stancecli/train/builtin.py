"""The project's own training data (`training/`, outside the wheel) and the shipped model.

The shipped weights are rebuilt with one command, from a seed and this data:

    python -m stancecli.train.builtin training/ -o src/stancecli/data/model/default.json.gz

Word classes (`stancecli.train.word_classes`) are not in the shipped model: measured by
cross-validation (`eval/crossval.py --word-classes FILE`) they did not earn their place.
`--word-classes FILE` fits a model with them, for measuring; the shipped one has none.

The model records the data's hash; a test fails when the weights no longer match it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from stancecli.learned.model import StanceModel
from stancecli.learned.word_classes import NO_CLASSES, WordClasses
from stancecli.topics import default_pack
from stancecli.train.corpora import LabelledDocument, read_labels, read_texts
from stancecli.train.fit import Settings, Trainer, stems_of
from stancecli.train.word_classes import read_word_classes

# The words the UN labellers searched for candidate sentences (training/SOURCE.md): a
# sentence with one of them may address a question even where the pack names none.
UN_TRIGGER_WORDS = (
    "sanction sanctions coercive crimea crimean sevastopol minsk donbas donbass luhansk "
    "donetsk nato atlantic syria syrian assad damascus russia russian russians moscow "
    "kremlin putin ukraine ukrainian ukrainians kyiv kiev georgia georgian baltic baltics "
    "deterrence deterrent flank annex annexation annexed"
).split()

# What the default pack's debate is about: a sentence naming one of these is read with its
# words also conjoined with the subject (`sentence_features`).
SUBJECT_WORDS = (
    "russia russian russians moscow kremlin putin ukraine ukrainian ukrainians kyiv kiev "
    "crimea crimean donbas donbass"
).split()


def builtin_corpora(root: Path) -> tuple[list[LabelledDocument], list[LabelledDocument]]:
    """The UN speeches (grouped by delegation) and the op-ed-register texts (by document)."""
    un_texts = read_texts(root / "ungdc" / "speeches.jsonl.gz")
    un = read_labels(
        [root / "ungdc" / "sentences.jsonl", root / "ungdc" / "documents.jsonl"],
        texts=un_texts,
        group_of=lambda doc: doc.split("_")[0],
    )
    synthetic = read_labels(
        [root / "synthetic" / "sentences.jsonl", root / "synthetic" / "documents.jsonl"],
        texts=read_texts(root / "synthetic" / "texts"),
    )
    return un, synthetic


def trigger_stems() -> list[str]:
    return stems_of(UN_TRIGGER_WORDS)


def default_trainer(
    settings: Settings | None = None, word_classes: WordClasses = NO_CLASSES
) -> Trainer:
    """The trainer of the shipped model (and of its cross-validation): the default pack, the
    UN search words as triggers, Russia and Ukraine as the subject."""
    return Trainer(
        default_pack(),
        settings or Settings(),
        trigger_stems(),
        stems_of(SUBJECT_WORDS),
        word_classes,
    )


def build_default(
    root: Path, settings: Settings | None = None, word_classes: WordClasses = NO_CLASSES
) -> StanceModel:
    """The shipped model: fitted on every UN speech and every op-ed-register text."""
    un, synthetic = builtin_corpora(root)
    return default_trainer(settings, word_classes).fit(un + synthetic, progress=_say)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild the shipped stance model.")
    parser.add_argument("root", type=Path, help="the training/ folder")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=Settings().seed)
    parser.add_argument("--word-classes", type=Path, help="fit with these word classes")
    args = parser.parse_args(argv)
    classes = read_word_classes(args.word_classes)
    model = build_default(args.root, Settings(seed=args.seed), classes)
    model.save(args.output)
    _say(f"wrote {args.output}: {len(model.weights)} weights")


if __name__ == "__main__":
    main()
