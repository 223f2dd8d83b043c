"""Word classes: a cue learned for one word must count for the words that keep its company.

A user's article says "blockade" where the training texts said "embargo"; the judge must
read both alike, and the classes that make it so must travel inside the model file and
load checked.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.learned.model import default_model, load_model
from stancecli.learned.word_classes import BROAD
from stancecli.text.tokens import stem
from stancecli.train.word_classes import fit_word_classes

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "src" / "stancecli" / "data" / "model" / "default.json.gz"
runner = CliRunner()


def _encoder(words: list[str]) -> Any:
    """A stand-in for the pretrained encoder: trade words near one axis, food near another."""
    import numpy as np

    axis = {"embargo": 0, "blockade": 0, "sanctions": 0, "tomato": 1, "onion": 1, "soup": 1}
    rows = []
    for i, word in enumerate(words):
        row = np.full(4, 0.01 * (i % 3))
        row[axis.get(word, 2 + i % 2)] = 1.0
        rows.append(row / np.linalg.norm(row))
    return np.array(rows)


def test_words_the_encoder_puts_together_share_a_class() -> None:
    texts = ["the embargo on the island must end, and the sanctions with it"] * 5
    texts += ["we ate tomato soup with onion and bread"] * 5
    # "blockade" is in no text: only the English list names it, and it still gets a class.
    classes = fit_word_classes(texts, _encoder, common=["blockade"], sizes=(4, 6))
    embargo, blockade, tomato = (classes.of(stem(w)) for w in ("embargo", "blockade", "tomato"))
    assert blockade, "a word of the English list gets a class though no text uses it"
    assert embargo and embargo[0] == blockade[0], "close to the encoder, same broad class"
    assert embargo[0] != tomato[0], "far from it, another class"
    assert embargo[0].startswith(BROAD)
    assert classes.of(stem("embargo"))[0] == BROAD + stem("embargo"), "named by its commonest"


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
