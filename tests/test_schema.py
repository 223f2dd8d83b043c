"""The shipped JSON Schema accepts what `--format json` writes and rejects broken documents."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stancecli.models import (
    ArticleInfo,
    Comparison,
    Evidence,
    Skipped,
    Stance,
    Topic,
    TopicPack,
    TopicStance,
)
from stancecli.render.formats import render_json
from stancecli.serialize import load_comparison_schema

TOPICS = (
    Topic("tolls", "Harbour tolls", "Keep the tolls?", "keep", "cut", (("tolls",),)),
    Topic("ferry", "Night ferry", "Run the night ferry?", "run", "stop", (("ferry",),)),
)
ARTICLES = (
    ArticleInfo(
        "gazette", "The Gazette", "in/gazette.md", "Gazette", "2024-01-02", "https://x.test/g"
    ),
    ArticleInfo("mayor", "The Mayor", "in/mayor.txt"),
)


def comparison(score: float = 0.5, confidence: float = 0.5) -> Comparison:
    cells = (
        TopicStance(
            "gazette",
            "tolls",
            Stance.PRO,
            score,
            confidence,
            2,
            (Evidence("Keep them.", 0, 10, 1, 0.9),),
        ),
        TopicStance("mayor", "ferry", Stance.CON, -0.4, 0.6, 1, (), conditional=True),
    )
    return Comparison(
        TopicPack("harbour", "harbour.toml", TOPICS),
        ARTICLES,
        cells,
        (Skipped("in/bad.txt", "not UTF-8", 3),),
    )


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = load_comparison_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def document() -> dict[str, Any]:
    data = json.loads(render_json(comparison()))
    assert isinstance(data, dict)
    return data


def test_schema_is_draft_2020_12() -> None:
    assert load_comparison_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_rendered_json_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    validator.validate(document())


def test_empty_comparison_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    empty = Comparison(TopicPack("none", "none.toml", ()), (), ())
    validator.validate(json.loads(render_json(empty)))


def _broken(path: list[str | int], value: object = None, *, delete: bool = False) -> dict[str, Any]:
    data = copy.deepcopy(document())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(_broken(["cells"], delete=True), id="missing cells"),
        pytest.param(_broken(["cells", 0, "stance"], delete=True), id="cell without stance"),
        pytest.param(_broken(["articles", 0, "title"], delete=True), id="article without title"),
        pytest.param(_broken(["cells", 0, "stance"], "maybe"), id="stance not in enum"),
        pytest.param(_broken(["cells", 0, "score"], 1.5), id="score above 1"),
        pytest.param(_broken(["cells", 0, "score"], -1.01), id="score below -1"),
        pytest.param(_broken(["cells", 0, "confidence"], -0.1), id="negative confidence"),
        pytest.param(_broken(["cells", 0, "mentions"], -1), id="negative mentions"),
        pytest.param(_broken(["cells", 0, "evidence", 0, "polarity"], 2), id="polarity 2"),
        pytest.param(_broken(["schema_version"], 2), id="unknown schema version"),
        pytest.param(_broken(["skipped", 0, "line"], "three"), id="line not a number"),
    ],
)
def test_broken_documents_are_rejected(
    validator: jsonschema.Draft202012Validator, broken: dict[str, Any]
) -> None:
    assert not validator.is_valid(broken)


def test_added_keys_are_allowed(validator: jsonschema.Draft202012Validator) -> None:
    data = document()
    data["generator"] = "stance 9.9"
    data["cells"][0]["note"] = "later versions may add keys"
    validator.validate(data)


@given(
    score=st.floats(allow_nan=True, allow_infinity=True),
    confidence=st.floats(allow_nan=True, allow_infinity=True),
)
def test_any_engine_scores_serialize_inside_the_schema(score: float, confidence: float) -> None:
    schema = load_comparison_schema()
    data = json.loads(render_json(comparison(score, confidence)))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    cell = data["cells"][0]
    assert -1 <= cell["score"] <= 1
    assert 0 <= cell["confidence"] <= 1
