"""The learned judge: shipped weights, the training path end to end, explanations.

The shipped model must load, be the one its recorded data gave, and judge new sentences
from both sides. `stance train` must turn a user's own labels into a model every judging
command takes with --model.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.io.loading import load_text
from stancecli.learned.features import REPORTED
from stancecli.learned.holder import HolderModel
from stancecli.learned.model import default_model, load_model
from stancecli.models import Stance
from stancecli.pipeline import Engine
from stancecli.topics import default_pack
from stancecli.train.builtin import builtin_corpora
from stancecli.train.fit import data_hash

ROOT = Path(__file__).resolve().parent.parent
TRAINING = ROOT / "training"
runner = CliRunner()


@cache
def engine() -> Engine:
    return Engine(default_pack())


def test_the_shipped_weights_are_those_of_the_training_data_they_record() -> None:
    un, synthetic = builtin_corpora(TRAINING)
    meta = default_model().meta
    assert meta["data_sha256"] == data_hash(un + synthetic), (
        "training/ changed since the model was fitted: rebuild it "
        "(python -m stancecli.train.builtin training/ -o src/stancecli/data/model/default.json.gz)"
    )
    assert meta["topics"] == list(default_pack().ids)


def test_the_shipped_model_is_small_enough_to_start_fast() -> None:
    shipped = ROOT / "src" / "stancecli" / "data" / "model" / "default.json.gz"
    assert shipped.stat().st_size < 3_000_000


def test_an_article_about_farming_addresses_no_topic() -> None:
    text = (
        "Wheat yields rose this year across the plains. Farmers credit the late rains "
        "and cheaper fertiliser, and co-operatives expect prices to hold."
    )
    article = load_text(text, article_id="farm", path="farm.txt")
    assert all(c.stance is Stance.ABSENT for c in engine().analyze(article).cells)


@pytest.mark.parametrize("name", ["sanctions", "Minsk II", "NATO enlargement", "Crimea"])
def test_a_text_that_only_names_a_topic_takes_no_side_on_it(name: str) -> None:
    for text in (f"{name}\n\nWheat yields rose this year.", f"{name} " * 300):
        article = load_text(text, article_id="bare", path="bare.txt")
        cells = engine().analyze(article).cells
        assert all(c.stance in (Stance.ABSENT, Stance.NEUTRAL) for c in cells), [
            (c.topic, c.stance) for c in cells if c.stance not in (Stance.ABSENT, Stance.NEUTRAL)
        ]


def test_confidence_is_a_probability_and_evidence_backs_every_polar_cell() -> None:
    text = "The sanctions on Russia have worked and must be extended. Lifting them would be folly."
    article = load_text(text, article_id="a", path="a.txt")
    for cell in engine().analyze(article).cells:
        assert 0.0 <= cell.confidence <= 1.0
        if cell.stance in (Stance.PRO, Stance.CON):
            assert cell.evidence, cell


def test_show_explain_names_the_features_behind_each_evidence_sentence(tmp_path: Path) -> None:
    article = tmp_path / "op-ed.txt"
    article.write_text("The sanctions on Russia must stay in place until Moscow changes course.")
    result = runner.invoke(app, ["show", str(article), "--explain", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = {f["topic"]: f for f in json.loads(result.output)["found"]}
    why = found["sanctions"]["evidence"][0]["why"]
    assert why and all("for" in reason for reason in why)


def test_explain_names_what_pushed_each_evidence_sentence_toward_its_own_side() -> None:
    # Over a blind set's articles, where many cells rest on a sentence that leans to a
    # side without winning it: a user reading "why" must see the case for that side, not
    # for "none" or the other side.
    explained = 0
    for article in sorted((ROOT / "tests" / "data" / "testset5").glob("*.md")):
        result = runner.invoke(app, ["show", str(article), "--explain", "--format", "json"])
        assert result.exit_code == 0, result.output
        for cell in json.loads(result.output)["found"]:
            for shown in cell["evidence"]:
                side = {1: "pro", -1: "con"}.get(shown["polarity"])
                if side and shown.get("why"):
                    explained += 1
                    assert all(reason.endswith(f"for {side})") for reason in shown["why"]), shown
    assert explained >= 10


def _sample_labels(tmp_path: Path, docs: int) -> Path:
    """A small sample of the op-ed-register labels, as a user's own file would be."""
    _, synthetic = builtin_corpora(TRAINING)
    chosen = random.Random(7).sample(synthetic, docs)
    path = tmp_path / "labels.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for doc in chosen:
            for item in doc.sentences:
                labels = [vars(label) for label in item.labels]
                line = {"doc": doc.doc, "text": item.sentence.text, "labels": labels}
                out.write(json.dumps(line) + "\n")
            out.write(json.dumps({"doc": doc.doc, "labels": doc.labels}) + "\n")
    return path


def test_stance_train_writes_a_model_that_compare_judges_with(tmp_path: Path) -> None:
    labels = _sample_labels(tmp_path, 40)
    model = tmp_path / "mine.json.gz"
    trained = runner.invoke(app, ["train", str(labels), "-o", str(model), "--quiet"])
    assert trained.exit_code == 0, trained.output
    loaded = load_model(model)
    assert loaded.read_every and loaded.meta["documents"] == 40
    assert loaded.holder is not None, "the labels name other holders: a holder step is learned"
    compared = runner.invoke(app, ["compare", "--model", str(model), "--format", "json"])
    assert compared.exit_code == 0, compared.output
    assert len(json.loads(compared.output)["articles"]) == 2


def test_train_subject_words_are_recorded_and_read_with_the_words_near_them(
    tmp_path: Path,
) -> None:
    labels = _sample_labels(tmp_path, 12)
    plain, subject = tmp_path / "plain.json.gz", tmp_path / "subject.json.gz"
    for out, extra in ((plain, []), (subject, ["--subject", "Russia, Moscow"])):
        result = runner.invoke(app, ["train", str(labels), "-o", str(out), "--quiet", *extra])
        assert result.exit_code == 0, result.output
    with_subject = load_model(subject)
    assert with_subject.subject_stems == {"russia", "moscow"}
    assert any("|@" in name for name in with_subject.weights)
    assert not any("|@" in name for name in load_model(plain).weights)


def test_training_twice_with_one_seed_gives_the_same_file(tmp_path: Path) -> None:
    labels = _sample_labels(tmp_path, 12)
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    for out in (first, second):
        result = runner.invoke(app, ["train", str(labels), "-o", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()


def test_labels_on_a_topic_the_pack_lacks_are_a_usage_error(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    line = {
        "doc": "d",
        "text": "Tariffs must go.",
        "labels": [{"topic": "tariffs", "stance": "con"}],
    }
    labels.write_text(json.dumps(line) + "\n")
    result = runner.invoke(app, ["train", str(labels), "-o", str(tmp_path / "m.json.gz")])
    assert result.exit_code == 2
    assert "tariffs" in result.output


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not gzip at all", "not a gzipped JSON model"),
        (gzip.compress(b'{"format": 99}'), "not a stance model"),
    ],
)
def test_a_bad_model_file_is_one_line_and_exit_2(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(content)
    result = runner.invoke(app, ["compare", "--model", str(bad)])
    assert result.exit_code == 2
    assert problem in result.output and "Traceback" not in result.output


def test_eval_reports_how_well_confidence_is_calibrated() -> None:
    gold = ROOT / "tests" / "data" / "seeds_gold.jsonl"
    result = runner.invoke(app, ["eval", str(gold), "--format", "json"])
    assert result.exit_code == 0, result.output
    calibration = json.loads(result.output)["calibration"]
    assert 0.0 <= calibration["expected_calibration_error"] <= 1.0
    assert sum(b["cells"] for b in calibration["bins"]) == 18


def test_the_sentences_after_a_mention_are_read_even_without_a_keyword() -> None:
    text = (
        "Russia annexed Crimea in 2014. It must be returned. The weather held. Farmers sold wheat."
    )
    readings, sentences = engine().read(text)
    read = [r.sentence.text for r in readings]
    assert sentences == 4
    assert read[:3] == [
        "Russia annexed Crimea in 2014.",
        "It must be returned.",
        "The weather held.",
    ]
    assert "Farmers sold wheat." not in read


def test_eval_scores_sentence_labels_in_their_article(tmp_path: Path) -> None:
    text = "We must keep the sanctions on Russia. The weather in Brussels was mild."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    first = "We must keep the sanctions on Russia."
    lines = [
        {
            "doc": "a",
            "start": 0,
            "end": len(first),
            "text": first,
            "labels": [{"topic": "sanctions", "holder": "author", "stance": "pro"}],
        },
        {
            "doc": "a",
            "start": len(first) + 1,
            "end": len(text),
            "text": text[len(first) + 1 :],
            "labels": [],
        },
    ]
    gold = tmp_path / "labels.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), str(tmp_path / "a.txt"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["sentences"]["pairs"] == 2 * len(default_pack().ids)
    assert data["sentences"]["labelled"] == 1
    assert data["docs"]["scored"] == ["a"]  # its cells summed up from the sentence labels


def _sentence_rows(rng: random.Random, count: int) -> list[tuple[float, ...]]:
    rows = []
    for _ in range(count):
        weights = [rng.random() ** 2 for _ in range(4)]
        total = sum(weights)
        rows.append(tuple(w / total for w in weights))
    return rows


def test_the_document_step_has_no_prior_for_either_side() -> None:
    """A dovish text is judged on the same scale as a hawkish one: the same evidence with
    every side swapped, on the topic and on all the others, gives the swapped cell."""
    model = default_model()
    rng = random.Random(3)
    topics = sorted(model.topics)
    for _ in range(60):
        topic = rng.choice(topics)
        rows = _sentence_rows(rng, rng.randint(1, 6))
        leans = {t: rng.uniform(-1, 1) for t in topics}
        mirrored_rows = [(a, b, d, c) for a, b, c, d in rows]
        negated = {t: -x for t, x in leans.items()}
        _, probs = model.cell(topic, rows, 1, 40, 3, leans)
        _, swapped = model.cell(topic, mirrored_rows, 1, 40, 3, negated)
        assert probs["pro"] == pytest.approx(swapped["con"], abs=0.03), topic
        assert probs["con"] == pytest.approx(swapped["pro"], abs=0.03), topic
        assert probs["absent"] == pytest.approx(swapped["absent"], abs=1e-9)


def test_a_texts_lean_on_talks_with_moscow_tips_a_doubtful_sanctions_cell() -> None:
    """Who calls for a deal with Moscow seldom calls for tighter sanctions (the labelled
    data says so on both registers): with the sanctions evidence itself even, the text's
    camp decides which way the cell leans."""
    model = default_model()
    even = [(0.1, 0.1, 0.4, 0.4), (0.2, 0.2, 0.3, 0.3)]
    _, dove = model.cell("sanctions", even, 2, 40, 5, {"rapprochement": 0.8})
    _, hawk = model.cell("sanctions", even, 2, 40, 5, {"rapprochement": -0.8})
    assert dove["con"] > dove["pro"]
    assert hawk["pro"] > hawk["con"]


def test_a_model_trained_before_the_subject_camp_and_holder_inputs_still_judges(
    tmp_path: Path,
) -> None:
    shipped = ROOT / "src" / "stancecli" / "data" / "model" / "default.json.gz"
    data = json.loads(gzip.decompress(shipped.read_bytes()))
    data["presence"] = {k: v[:5] for k, v in data["presence"].items()}
    data.pop("camp", None)
    data.pop("holder", None)
    old = tmp_path / "old.json.gz"
    old.write_bytes(gzip.compress(json.dumps(data).encode()))
    result = runner.invoke(app, ["compare", "--model", str(old), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["articles"]) == 2


def test_a_model_with_a_holder_step_saves_and_loads_it(tmp_path: Path) -> None:
    model = default_model()
    assert model.holder is not None, "the shipped model decides holders with its own step"
    copy = tmp_path / "copy.json.gz"
    model.save(copy)
    loaded = load_model(copy)
    assert loaded.holder == model.holder
    text = "Ministers in Berlin argue that the sanctions have failed and should be lifted."
    reading = next(r for r in engine().read(text)[0])
    assert loaded.sentence_features(text, reading) == model.sentence_features(text, reading)


def test_a_malformed_holder_step_is_one_line_and_exit_2(tmp_path: Path) -> None:
    shipped = ROOT / "src" / "stancecli" / "data" / "model" / "default.json.gz"
    data = json.loads(gzip.decompress(shipped.read_bytes()))
    data["holder"] = {"bias": "NaN", "cut": 0.5, "weights": {}}
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(json.dumps(data).encode()))
    result = runner.invoke(app, ["compare", "--model", str(bad)])
    assert result.exit_code == 2
    assert "holder" in result.output and "Traceback" not in result.output


def test_a_view_the_holder_step_calls_reported_is_not_the_authors_side() -> None:
    model = default_model()
    text = "Sanctions on Russia are working and must stay in place."
    reading = next(r for r in engine().read(text)[0])
    rules_alone = replace(model, holder=None)
    says_reported = replace(model, holder=HolderModel({"sanction": 10.0}, -5.0))
    assert REPORTED not in rules_alone.sentence_features(text, reading)
    assert REPORTED in says_reported.sentence_features(text, reading)
    [own] = rules_alone.verdicts(text, reading, ["sanctions"])
    [reported] = says_reported.verdicts(text, reading, ["sanctions"])
    assert own.polarity == 1, "read as the author's, the sentence keeps the sanctions"
    assert reported.polarity != 1, "read as someone else's, it is not the author's side"


def test_a_question_about_the_subject_keeps_the_features_the_model_weighs() -> None:
    model = default_model()
    assert "sanctions|@question" in model.weights, "the shipped model weighs such questions"
    text = "Have sanctions on Russia changed anything at all?"
    reading = next(r for r in engine().read(text)[0])
    own = model.sentence_features(text, reading)
    assert {"@question", "@sanction", "question"} <= own
    conjoined = [f for f in own if f.startswith("@")]
    assert not any(f.startswith("@lex:") or " " in f for f in conjoined), "no bigram or cue"


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Sanctions on Russia do not work, and they hurt us.", {"~work"}),
        ("Sanctions on Russia don't work, and they hurt us.", {"~work"}),
        ("Sanctions on Russia work, and they hurt us.", set()),
    ],
)
def test_words_in_a_negators_scope_are_read_negated_up_to_the_comma(
    text: str, negated: set[str]
) -> None:
    model = default_model()
    reading = next(r for r in engine().read(text)[0])
    own = model.sentence_features(text, reading)
    words = {f for f in own if f.startswith("~") and " " not in f and ":" not in f}
    assert words == negated, "the scope ends at the comma: 'hurt' is not negated"
