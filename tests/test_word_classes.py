"""Word classes: a cue learned for one word must count for the words that keep its company.

A user's article says "blockade" where the training texts said "embargo"; the judge must
read both alike, and the classes that make it so must travel inside the model file, load
checked, and be the ones the committed training folder records.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.learned.model import default_model, load_model
from stancecli.learned.word_classes import BROAD
from stancecli.text.tokens import stem
from stancecli.train.word_classes import fit_word_classes

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "src" / "stancecli" / "data" / "model" / "default.json.gz"
runner = CliRunner()


def test_words_that_keep_the_same_company_share_a_class() -> None:
    rng = random.Random(3)
    frames = [
        ("the {} on the island must end now", ["embargo", "blockade"]),
        ("we ate {} soup with bread for lunch", ["tomato", "onion"]),
    ]
    texts = []
    for _ in range(60):
        frame, words = rng.choice(frames)
        texts.append(frame.format(rng.choice(words)))
    classes = fit_word_classes(texts, seed=13, sizes=(2, 4))
    embargo, blockade, tomato = (classes.of(stem(w)) for w in ("embargo", "blockade", "tomato"))
    assert embargo and embargo[0] == blockade[0], "same company, same broad class"
    assert embargo[0] != tomato[0], "other company, other class"
    assert embargo[0].startswith(BROAD)


def test_word_classes_round_trip_through_the_model_file(tmp_path: Path) -> None:
    model = default_model()
    copy = tmp_path / "copy.json.gz"
    model.save(copy)
    assert load_model(copy).word_classes == model.word_classes


def test_malformed_word_classes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    data = json.loads(gzip.decompress(SHIPPED.read_bytes()))
    data["word_classes"] = {"sanction": [5]}
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(json.dumps(data).encode()))
    result = runner.invoke(app, ["compare", "--model", str(bad)])
    assert result.exit_code == 2
    assert "word classes" in result.output and "Traceback" not in result.output
