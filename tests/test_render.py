"""Every output format of a comparison, checked the way a user or a script would read it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

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
from stancecli.render.formats import (
    CSV_HEADER,
    OutputFormat,
    one_line,
    render_csv,
    render_json,
    render_jsonl,
    render_markdown,
    shorten,
)
from stancecli.render.table import comparison_table, legend
from stancecli.serialize import comparison_to_dict

LONG = (
    "Harbour tolls ought to stay exactly where they are until the new breakwater is paid "
    "for in full, because every cut so far has been followed by another emergency levy "
    "on the fishing fleet and the ferry operators alike."
)


def topic(tid: str, label: str, pro: str, con: str) -> Topic:
    return Topic(tid, label, f"What about {label.lower()}?", pro, con, ((tid,),))


def make_comparison(*, with_all_cells: bool = True) -> Comparison:
    topics = (
        topic("tolls", "Harbour tolls", "keep", "cut"),
        topic("ferry", "Night ferry", "run", "stop"),
        topic("lights", "Quay lights", "add", "remove"),
    )
    articles = (
        ArticleInfo(
            "gazette", "The Gazette Says: Hold the Line on Tolls", "in/gazette.md", "Gazette"
        ),
        ArticleInfo(
            "mayor", "Mayor’s Address to the Harbour Board", "in/mayor.txt", date="2024-05-01"
        ),
    )
    cells = [
        TopicStance(
            "gazette",
            "tolls",
            Stance.PRO,
            0.81666,
            0.9,
            3,
            (Evidence(LONG, 0, len(LONG), 1), Evidence("Tolls | fees must stay.", 300, 323, 1)),
        ),
        TopicStance(
            "gazette",
            "ferry",
            Stance.MIXED,
            0.05,
            0.4,
            2,
            (Evidence("Run the ferry, but only in summer.", 400, 434, 0),),
            conditional=True,
        ),
        TopicStance(
            "mayor",
            "tolls",
            Stance.CON,
            -0.64,
            0.7,
            5,
            (Evidence("Cut the tolls now.", 5, 23, -1),),
        ),
        TopicStance(
            "mayor",
            "ferry",
            Stance.NEUTRAL,
            0.0,
            0.2,
            1,
            (Evidence("The ferry sailed.", 30, 47, 0),),
        ),
        TopicStance("mayor", "lights", Stance.ABSENT, 0.0, 0.0, 0),
    ]
    if with_all_cells:
        cells.append(TopicStance("gazette", "lights", Stance.ABSENT, 0.0, 0.0, 0))
    return Comparison(
        pack=TopicPack("harbour", "packs/harbour.toml", topics),
        articles=articles,
        cells=tuple(cells),
        skipped=(Skipped("in/empty.txt", "empty file"), Skipped("in/list.csv", "no title", line=4)),
    )


def render_rich(renderable: object, width: int) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


# ----------------------------------------------------------------------------- formats


def test_output_format_names_are_the_cli_choices() -> None:
    assert [f.value for f in OutputFormat] == ["table", "json", "jsonl", "csv", "markdown"]
    assert OutputFormat("jsonl") is OutputFormat.JSONL


def test_json_round_trips_to_the_documented_shape() -> None:
    c = make_comparison()
    out = render_json(c)
    assert out.endswith("}\n")
    data = json.loads(out)
    assert data == comparison_to_dict(c)
    assert list(data) == ["schema_version", "pack", "topics", "articles", "cells", "skipped"]
    assert data["schema_version"] == 1
    assert data["pack"] == {"name": "harbour", "source": "packs/harbour.toml"}
    assert [t["id"] for t in data["topics"]] == ["tolls", "ferry", "lights"]
    assert data["topics"][0] == {
        "id": "tolls",
        "label": "Harbour tolls",
        "question": "What about harbour tolls?",
        "pro": "keep",
        "con": "cut",
    }
    assert data["articles"][1] == {
        "id": "mayor",
        "title": "Mayor’s Address to the Harbour Board",
        "source": None,
        "date": "2024-05-01",
        "path": "in/mayor.txt",
        "url": None,
        "author": None,
        "iso_date": "2024-05-01",
        "group": None,
    }
    assert data["skipped"] == [
        {"path": "in/empty.txt", "line": None, "reason": "empty file"},
        {"path": "in/list.csv", "line": 4, "reason": "no title"},
    ]


def test_json_cells_are_article_by_article_in_pack_order_with_pole_words() -> None:
    data = json.loads(render_json(make_comparison()))
    order = [(cell["article"], cell["topic"]) for cell in data["cells"]]
    assert order == [
        ("gazette", "tolls"),
        ("gazette", "ferry"),
        ("gazette", "lights"),
        ("mayor", "tolls"),
        ("mayor", "ferry"),
        ("mayor", "lights"),
    ]
    first = data["cells"][0]
    assert first["stance"] == "pro"
    assert first["pole"] == "keep"
    assert first["score"] == 0.817
    assert first["evidence"][1] == {
        "sentence": "Tolls | fees must stay.",
        "start": 300,
        "end": 323,
        "polarity": 1,
    }
    assert data["cells"][3]["pole"] == "cut"
    assert data["cells"][1]["pole"] == "mixed"
    assert data["cells"][1]["conditional"] is True


def test_json_keeps_non_ascii_text_readable() -> None:
    out = render_json(make_comparison())
    assert "Mayor’s" in out
    assert "\\u2019" not in out


def test_missing_cells_are_reported_as_absent() -> None:
    data = json.loads(render_json(make_comparison(with_all_cells=False)))
    cell = data["cells"][2]
    assert (cell["article"], cell["topic"], cell["stance"]) == ("gazette", "lights", "absent")
    assert cell["evidence"] == []
    assert len(data["cells"]) == 6


def test_scores_are_clamped_and_rounded() -> None:
    base = make_comparison()
    wild = TopicStance("gazette", "tolls", Stance.PRO, 1.7, -0.2, 1)
    c = Comparison(base.pack, base.articles, (wild,) + base.cells[1:])
    cell = json.loads(render_json(c))["cells"][0]
    assert cell["score"] == 1.0
    assert cell["confidence"] == 0.0


def test_jsonl_is_one_parseable_cell_per_line() -> None:
    out = render_jsonl(make_comparison())
    lines = out.splitlines()
    assert out.endswith("\n")
    assert len(lines) == 6
    rows = [json.loads(line) for line in lines]
    assert rows[0]["title"] == "The Gazette Says: Hold the Line on Tolls"
    assert rows[0]["label"] == "Harbour tolls"
    assert rows[0]["pole"] == "keep"
    assert rows[3]["article"] == "mayor"
    assert rows[3]["stance"] == "con"
    assert all({"article", "topic", "stance", "score", "evidence"} <= set(row) for row in rows)


def test_jsonl_of_an_empty_comparison_is_empty() -> None:
    base = make_comparison()
    assert render_jsonl(Comparison(base.pack, (), ())) == ""


def test_csv_has_header_and_a_row_per_cell() -> None:
    out = render_csv(make_comparison(), evidence=2)
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[0] == [
        "article",
        "title",
        "topic",
        "label",
        "stance",
        "pole",
        "score",
        "confidence",
        "mentions",
        "evidence",
    ]
    assert len(rows) == 7
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["pole"] == "keep"
    assert first["score"] == "0.817"
    assert first["mentions"] == "3"
    assert first["evidence"] == LONG + " | Tolls | fees must stay."
    absent = dict(zip(rows[0], rows[3], strict=True))
    assert absent["stance"] == "absent"
    assert absent["evidence"] == ""


def test_csv_evidence_count_is_respected() -> None:
    one = list(csv.DictReader(io.StringIO(render_csv(make_comparison()))))
    assert one[0]["evidence"] == LONG
    none = list(csv.DictReader(io.StringIO(render_csv(make_comparison(), evidence=0))))
    assert all(row["evidence"] == "" for row in none)


def _md_columns(line: str) -> list[str]:
    """Split a markdown table row on unescaped pipes."""
    cells, current, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    cells.append(current.strip())
    return cells


def test_markdown_has_a_row_per_topic_and_a_column_per_article() -> None:
    out = render_markdown(make_comparison())
    table = [line for line in out.splitlines() if line.startswith("|")]
    header, rule, *rows = table
    assert _md_columns(header)[1:] == [
        "The Gazette Says: Hold the Line on Tolls (`gazette`)",
        "Mayor’s Address to the Harbour Board (`mayor`)",
    ]
    assert rule == "|---|---|---|"
    assert len(rows) == 3
    for row, label in zip(rows, ["Harbour tolls", "Night ferry", "Quay lights"], strict=True):
        columns = _md_columns(row)
        assert len(columns) == 3
        assert columns[0].startswith(f"**{label}**")
    tolls = _md_columns(rows[0])
    assert tolls[1].startswith("**keep** ▲ 0.82 — “Harbour tolls ought")
    assert tolls[2] == "**cut** ▼ 0.64 — “Cut the tolls now.”"
    assert _md_columns(rows[2])[1:] == ["—", "—"]


def test_markdown_escapes_pipes_in_evidence() -> None:
    out = render_markdown(make_comparison(), evidence=2)
    assert "“Tolls \\| fees must stay.”" in out
    tolls = [line for line in out.splitlines() if line.startswith("| **Harbour tolls**")][0]
    assert len(_md_columns(tolls)) == 3


def test_markdown_lists_skipped_inputs() -> None:
    out = render_markdown(make_comparison())
    assert "`in/empty.txt`: empty file" in out
    assert "`in/list.csv:4`: no title" in out


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_shorten_never_exceeds_the_limit_and_marks_cuts(text: str, limit: int) -> None:
    short = shorten(text, limit)
    assert len(short) <= limit
    flat = one_line(text)  # whitespace collapsed, controls made safe
    if short != flat:
        assert short.endswith("…")


# ----------------------------------------------------------------------------- rich table


@pytest.mark.parametrize("width", [80, 140])
def test_table_shows_poles_titles_and_shortened_evidence_within_width(width: int) -> None:
    c = make_comparison()
    out = render_rich(comparison_table(c, width=width), width)
    for word in ("keep", "cut", "mixed", "neutral", "Harbour tolls", "Night ferry", "Quay lights"):
        assert word in out
    assert "Gazette Says" in out
    assert "gazette" in out and "mayor" in out
    assert "▲" in out and "▼" in out and "—" in out
    assert "+0.82 strong" in out
    assert "-0.64 strong" in out
    assert "3×" in out
    assert "conditional" in out
    assert "“Harbour tolls ought" in out
    assert "…”" in out  # the long sentence was cut, visibly
    assert "fleet and the ferry operators alike" not in out
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= width


def test_table_uses_the_full_width_when_wider() -> None:
    c = make_comparison()
    assert (
        max(len(line) for line in render_rich(comparison_table(c, width=140), 140).splitlines())
        == 140
    )
    wide = render_rich(comparison_table(c, width=140), 140)
    narrow = render_rich(comparison_table(c, width=80), 80)
    assert len(wide.splitlines()) < len(narrow.splitlines())


def test_table_lists_skipped_inputs() -> None:
    out = render_rich(comparison_table(make_comparison(), width=120), 120)
    assert "Skipped 2 inputs" in out
    assert "in/list.csv:4 (no title)" in out


def test_table_evidence_count() -> None:
    c = make_comparison()
    assert "Tolls | fees" not in render_rich(comparison_table(c, width=140), 140)
    assert "Tolls | fees must stay." in render_rich(comparison_table(c, evidence=2, width=140), 140)
    none = render_rich(comparison_table(c, evidence=0, width=140), 140)
    assert "“" not in none
    assert "keep" in none


def test_table_stays_within_width_with_many_articles() -> None:
    base = make_comparison()
    articles = tuple(
        ArticleInfo(f"a{i}", f"A rather long article title number {i}", f"a{i}.txt")
        for i in range(5)
    )
    cells = tuple(
        TopicStance(a.id, "tolls", Stance.PRO, 0.7, 0.8, 2, (Evidence(LONG, 0, 1, 1),))
        for a in articles
    )
    out = render_rich(comparison_table(Comparison(base.pack, articles, cells), width=80), 80)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "keep" in out


def test_legend_names_every_stance() -> None:
    out = render_rich(legend(), 100)
    for word in ("pro", "con", "mixed", "neutral", "absent"):
        assert word in out
