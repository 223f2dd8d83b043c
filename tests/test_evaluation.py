"""`stance eval`: reading gold labels, scoring hand-made comparisons, and showing the result."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from stancecli.errors import GoldError
from stancecli.evaluation import (
    EvalReport,
    Gold,
    evaluate,
    load_gold,
    parse_gold_lines,
    report_to_dict,
)
from stancecli.models import ArticleInfo, Comparison, Stance, Topic, TopicPack, TopicStance
from stancecli.render.eval_table import eval_renderable

P, C, M, N, A = Stance.PRO, Stance.CON, Stance.MIXED, Stance.NEUTRAL, Stance.ABSENT

PACK = TopicPack(
    "harbour",
    "harbour.toml",
    (
        Topic("tolls", "Harbour tolls", "Keep the tolls?", "keep", "cut", (("tolls",),)),
        Topic("ferry", "Night ferry", "Run the night ferry?", "run", "stop", (("ferry",),)),
    ),
)


def compare(predictions: dict[str, dict[str, Stance]]) -> Comparison:
    """A comparison whose cells are the given stances; unlisted topics are left out (absent)."""
    articles = tuple(ArticleInfo(doc, doc.title(), f"{doc}.txt") for doc in predictions)
    cells = tuple(
        TopicStance(
            doc, topic, stance, 0.5 if stance is P else -0.5 if stance is C else 0.0, 0.5, 1
        )
        for doc, by_topic in predictions.items()
        for topic, stance in by_topic.items()
    )
    return Comparison(PACK, articles, cells)


def gold(*records: dict[str, object]) -> Gold:
    return parse_gold_lines([json.dumps(r) for r in records], "gold.jsonl")


def run(predictions: dict[str, dict[str, Stance]], *records: dict[str, object]) -> EvalReport:
    return evaluate(compare(predictions), gold(*records))


# ----------------------------------------------------------------------------- figures


def test_perfect_predictions_score_full_marks() -> None:
    r = run(
        {"gazette": {"tolls": P, "ferry": C}, "mayor": {"tolls": C}},
        {"doc": "gazette", "labels": {"tolls": "pro", "ferry": "con"}},
        {"doc": "mayor", "labels": {"tolls": "con"}},
    )
    f = r.overall
    assert (f.cells, f.correct, f.accuracy) == (4, 4, 1.0)
    assert (f.polar_cells, f.polar_correct, f.polar_accuracy) == (3, 3, 1.0)
    assert f.sign_errors == 0
    assert (f.detection_precision, f.detection_recall) == (1.0, 1.0)
    assert r.wrong == ()
    assert r.scored_docs == ("gazette", "mayor")
    assert r.confusion_count(P, P) == 1
    assert r.confusion_count(C, C) == 2
    assert r.confusion_count(A, A) == 1


def test_sign_error_is_counted_and_listed() -> None:
    r = run(
        {"gazette": {"tolls": C, "ferry": P}},
        {"doc": "gazette", "labels": {"tolls": "pro", "ferry": "pro"}},
    )
    assert r.overall.sign_errors == 1
    assert r.overall.polar_accuracy == 0.5
    assert [(o.doc, o.topic, o.gold, o.predicted) for o in r.sign_error_cells] == [
        ("gazette", "tolls", (P,), C)
    ]
    tolls = r.topics[0]
    assert (tolls.topic, tolls.figures.sign_errors, tolls.figures.polar_accuracy) == (
        "tolls",
        1,
        0.0,
    )
    assert r.topics[1].figures.polar_accuracy == 1.0
    assert r.confusion_count(P, C) == 1
    data = report_to_dict(r)
    assert data["sign_errors"] == [
        {"doc": "gazette", "topic": "tolls", "gold": ["pro"], "predicted": "con"}
    ]


def test_mixed_prediction_on_polar_gold_is_wrong_but_not_a_sign_error() -> None:
    r = run({"gazette": {"tolls": M}}, {"doc": "gazette", "labels": {"tolls": "pro"}})
    assert r.overall.polar_accuracy == 0.0
    assert r.overall.sign_errors == 0
    assert r.topics[0].figures.correct == 0


def test_detection_miss_lowers_recall_not_precision() -> None:
    r = run(
        {"gazette": {"tolls": P}},  # ferry predicted absent
        {"doc": "gazette", "labels": {"tolls": "pro", "ferry": "con"}},
    )
    f = r.overall
    assert f.detection_precision == 1.0
    assert f.detection_recall == 0.5
    assert f.accuracy == 0.5
    assert f.polar_accuracy == 0.5
    assert f.sign_errors == 0
    (miss,) = r.wrong
    assert (miss.doc, miss.topic, miss.gold, miss.predicted) == ("gazette", "ferry", (C,), A)
    assert r.confusion_count(C, A) == 1


def test_false_detection_lowers_precision() -> None:
    r = run({"gazette": {"tolls": P, "ferry": N}}, {"doc": "gazette", "labels": {"tolls": "pro"}})
    assert r.overall.detection_precision == 0.5
    assert r.overall.detection_recall == 1.0
    assert r.overall.polar_cells == 1  # ferry's gold is absent, not polar


def test_list_gold_accepts_any_listed_stance() -> None:
    r = run(
        {"gazette": {"tolls": P, "ferry": C}},
        {"doc": "gazette", "labels": {"tolls": ["mixed", "pro"], "ferry": ["mixed", "pro"]}},
    )
    tolls, ferry = r.outcomes
    assert tolls.correct and tolls.gold == (M, P)
    assert not ferry.correct
    assert ferry.sign_error  # gold accepts pro but not con
    assert r.overall.polar_cells == 2
    assert r.overall.polar_correct == 1
    # a right answer sits on the diagonal; a wrong one in the first acceptable label's row
    assert r.confusion_count(P, P) == 1
    assert r.confusion_count(M, C) == 1


def test_list_gold_with_absent_is_not_required_to_be_detected() -> None:
    r = run({"gazette": {}}, {"doc": "gazette", "labels": {"tolls": ["neutral", "absent"]}})
    assert r.overall.gold_detected == 0
    assert r.overall.accuracy == 1.0
    assert r.overall.detection_recall is None  # nothing to find: no figure, not 0%


def test_accuracy_by_kind() -> None:
    r = run(
        {"gazette": {"tolls": P, "ferry": M}, "mayor": {"tolls": C, "ferry": C}},
        {
            "doc": "gazette",
            "labels": {"tolls": "pro", "ferry": "con"},
            "kinds": {"tolls": "clear", "ferry": "implicit"},
        },
        {
            "doc": "mayor",
            "labels": {"tolls": "con", "ferry": "con"},
            "kinds": {"tolls": "clear", "ferry": "implicit"},
        },
    )
    kinds = {k.kind: (k.figures.correct, k.figures.cells) for k in r.kinds}
    assert kinds == {"clear": (2, 2), "implicit": (1, 2)}
    assert [k.kind for k in r.kinds] == ["clear", "implicit"]
    assert {o.kind for o in r.outcomes} == {"clear", "implicit"}


def test_only_docs_in_both_are_scored_and_the_rest_reported() -> None:
    r = run(
        {"gazette": {"tolls": P}, "mayor": {"tolls": C}},
        {"doc": "gazette", "labels": {"tolls": "pro"}},
        {"doc": "harbourmaster", "labels": {"tolls": "con", "lights": "pro"}},
    )
    assert r.scored_docs == ("gazette",)
    assert r.missing_from_gold == ("mayor",)
    assert r.missing_from_comparison == ("harbourmaster",)
    assert r.unknown_topics == ("lights",)
    assert {o.doc for o in r.outcomes} == {"gazette"}


def test_no_overlap_gives_empty_figures_not_errors() -> None:
    r = run({"mayor": {"tolls": C}}, {"doc": "gazette", "labels": {"tolls": "pro"}})
    assert r.overall.cells == 0
    assert r.overall.accuracy is None
    assert report_to_dict(r)["overall"]["accuracy"] is None  # type: ignore[index]


def test_report_to_dict_is_json_with_every_cell() -> None:
    r = run(
        {"gazette": {"tolls": C, "ferry": P}},
        {
            "doc": "gazette",
            "labels": {"tolls": "pro", "ferry": ["mixed", "pro"]},
            "kinds": {"tolls": "clear"},
        },
    )
    data = json.loads(json.dumps(report_to_dict(r), ensure_ascii=False))
    assert data["schema_version"] == 1
    assert data["pack"] == "harbour"
    assert data["docs"] == {
        "scored": ["gazette"],
        "missing_from_comparison": [],
        "missing_from_gold": [],
    }
    assert data["overall"]["polar_accuracy"] == 0.5
    assert data["overall"]["sign_errors"] == 1
    assert data["overall"]["detection"]["recall"] == 1.0
    assert [t["topic"] for t in data["topics"]] == ["tolls", "ferry"]
    assert data["kinds"][0]["kind"] == "clear"
    assert data["confusion"]["labels"] == ["pro", "con", "mixed", "neutral", "absent"]
    assert data["confusion"]["matrix"]["pro"]["con"] == 1
    assert data["confusion"]["matrix"]["pro"]["pro"] == 1
    assert data["cells"] == [
        {
            "doc": "gazette",
            "topic": "tolls",
            "gold": ["pro"],
            "predicted": "con",
            "correct": False,
            "sign_error": True,
            "kind": "clear",
        },
        {
            "doc": "gazette",
            "topic": "ferry",
            "gold": ["mixed", "pro"],
            "predicted": "pro",
            "correct": True,
            "sign_error": False,
            "kind": None,
        },
    ]


# ----------------------------------------------------------------------------- load_gold


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_gold_reads_labels_lists_kinds_and_skips_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"doc": "gazette", "labels": {"tolls": "pro", "ferry": ["Mixed", "pro"]}}\n'
        "\n"
        '{"doc": "mayor", "labels": {}, "kinds": {"tolls": "implicit"}}\n',
    )
    g = load_gold(path)
    assert g.ids == ("gazette", "mayor")
    gazette = g.get("gazette")
    assert gazette is not None
    assert gazette.accepted("tolls") == (P,)
    assert gazette.accepted("ferry") == (M, P)
    assert gazette.accepted("lights") == (A,)
    mayor = g.get("mayor")
    assert mayor is not None and mayor.line == 3
    assert mayor.kind("tolls") == "implicit"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"doc": "a", "labels": {}}\n{"doc": "b", "labels": {\n',
            "GOLD:2: not valid JSON: Expecting property name enclosed in double quotes (column 25)",
        ),
        ('["a"]\n', 'GOLD:1: expected a JSON object with "doc" and "labels"'),
        ('{"labels": {}}\n', 'GOLD:1: missing key "doc"'),
        ('\n{"doc": "a"}\n', 'GOLD:2: missing key "labels"'),
        ('{"doc": "", "labels": {}}\n', 'GOLD:1: "doc" must be a non-empty string (an article id)'),
        (
            '{"doc": "a", "labels": ["pro"]}\n',
            'GOLD:1: "labels" must be an object mapping topic ids to stances',
        ),
        (
            '{"doc": "a", "labels": {"tolls": "maybe"}}\n',
            'GOLD:1: unknown stance "maybe" for topic "tolls" '
            "(expected one of: pro, con, mixed, neutral, absent)",
        ),
        (
            '{"doc": "a", "labels": {"tolls": ["pro", "perhaps"]}}\n',
            'GOLD:1: unknown stance "perhaps" for topic "tolls" '
            "(expected one of: pro, con, mixed, neutral, absent)",
        ),
        (
            '{"doc": "a", "labels": {"tolls": []}}\n',
            'GOLD:1: empty list of stances for topic "tolls"',
        ),
        (
            '{"doc": "a", "labels": {"tolls": 1}}\n',
            'GOLD:1: stance for topic "tolls" must be a string or a list of strings, got 1',
        ),
        (
            '{"doc": "a", "labels": {}, "kinds": {"tolls": "obvious"}}\n',
            'GOLD:1: unknown kind "obvious" for topic "tolls" (expected one of: clear, implicit)',
        ),
        (
            '{"doc": "a", "labels": {}}\n{"doc": "a", "labels": {}}\n',
            'GOLD:2: doc "a" is already labelled on line 1',
        ),
        ("\n\n", "GOLD: no gold labels found (expected one JSON object per line)"),
    ],
)
def test_load_gold_errors_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(info.value) == message.replace("GOLD", str(path))


def test_load_gold_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(info.value) == f"{path}: no such file"


# ----------------------------------------------------------------------------- rendering


def render(r: EvalReport, width: int = 100) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(eval_renderable(r))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def test_eval_table_shows_figures_confusion_and_wrong_cells() -> None:
    r = run(
        {"gazette": {"tolls": C, "ferry": P}, "mayor": {"tolls": C}},
        {"doc": "gazette", "labels": {"tolls": "pro", "ferry": "pro"}, "kinds": {"tolls": "clear"}},
        {"doc": "mayor", "labels": {"tolls": "con", "ferry": "neutral"}},
        {"doc": "harbourmaster", "labels": {}},
    )
    out = render(r)
    assert "Harbour tolls" in out and "Night ferry" in out
    assert "Overall" in out
    assert "polar accuracy 2/3 67%" in out
    assert "1 sign error" in out
    assert "Confusion" in out
    assert "Wrong cells (2)" in out
    assert "sign error" in out
    assert "gazette" in out and "mayor" in out
    assert "By kind: clear 0/1 0%" in out
    assert "In gold but not compared (not scored): harbourmaster" in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_eval_table_says_when_nothing_is_wrong() -> None:
    r = run({"gazette": {"tolls": P}}, {"doc": "gazette", "labels": {"tolls": "pro"}})
    out = render(r, 80)
    assert "No wrong cells." in out
    assert max(len(line) for line in out.splitlines()) <= 80
