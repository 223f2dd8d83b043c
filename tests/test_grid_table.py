"""The terminal table with many articles: readable at 80, 120 and 200 columns.

The issue's user ran `COLUMNS=120 stance compare speeches/` on 24 UN speeches and got
article columns one character wide, titles spelled downward. These render the same
folder (generated, `speeches.py`) at each width and check what that user would see.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from speeches import write_speeches
from stancecli.cli import app
from stancecli.exit_codes import ExitCode
from stancecli.models import ArticleInfo, Comparison, Stance, TopicStance
from stancecli.render.grid_table import grid_cell, grid_tables
from stancecli.render.layout import Layout, comparison_view, resolve_layout
from stancecli.topics import default_pack
from test_render import render_rich

runner = CliRunner()
PACK = default_pack()
GRID_CELL = re.compile(r"^(?:[▲▼] [+−]\d\.\d|[◆●—])$")


@pytest.fixture(scope="module")
def speeches(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("speeches")
    return folder, write_speeches(folder, 24)


def compare_at(width: int, *args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = runner.invoke(app, ["compare", "--quiet", *args])
    assert result.exit_code == ExitCode.OK, result.output
    return result.stdout


def column_widths(border: str) -> list[int]:
    """Content widths of a table's columns, read off its top border (`╭───┬──╮`)."""
    return [len(part) - 2 for part in border.strip()[1:-1].split("┬")]


@pytest.mark.parametrize("width", [80, 120, 200])
def test_24_speeches_are_readable_at_every_width(
    width: int, speeches: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, ids = speeches
    out = compare_at(width, str(folder), monkeypatch=monkeypatch)
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    # Every article id whole, at the start of its own row (so it can be typed back).
    for article_id in ids:
        assert re.search(rf"│ {re.escape(article_id)} +│", out), article_id
    # Nothing spelled downward: every word of every topic label is on one line, whole.
    for topic in PACK.topics:
        for word in topic.label.split():
            assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", out), word
    borders = [line for line in lines if line.startswith("╭")]
    assert borders, out
    for border in borders:
        widths = column_widths(border)
        assert min(widths) >= len("▼ −0.6"), border
    # Each row: the id, maybe a title, then one whole cell per topic shown.
    rows = [line for line in lines if any(line.startswith(f"│ {i} ") for i in ids)]
    assert len(rows) == 24 * len(borders)
    for row in rows:
        cells = [part.strip() for part in row.strip("│").split("│")]
        topic_cells = [cell for cell in cells[1:] if GRID_CELL.match(cell)]
        assert len(topic_cells) >= len(cells) - 2, row
    assert "score −1 (con) … +1 (pro)" in out  # the legend
    assert "▲ keep · ▼ lift" in out  # the topic key gives each glyph its pole word


def test_the_grid_spreads_topics_evenly_over_as_few_tables_as_fit(
    speeches: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = speeches
    wide = compare_at(200, str(folder), monkeypatch=monkeypatch)
    assert "topics 1–" not in wide  # all nine across one table
    assert "Title" in wide and "Statement by Brazil" in wide  # room left for the titles
    narrow = compare_at(80, str(folder), monkeypatch=monkeypatch)
    assert "topics 1–5 of 9" in narrow and "topics 6–9 of 9" in narrow


def test_few_articles_keep_the_side_by_side_table(
    article_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = compare_at(100, str(article_dir), monkeypatch=monkeypatch)
    assert "│ Topic" in out and "│ Article" not in out
    assert "“We must keep the sanctions" in out  # side by side quotes its evidence


def test_layout_grid_forces_the_grid_and_hides_absent_topics_by_default(
    article_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = compare_at(100, str(article_dir), "--layout", "grid", monkeypatch=monkeypatch)
    assert "│ Article" in out
    assert "Sanctions" in out
    assert "│ Crimea" not in out  # addressed by neither article
    assert "Hidden: 8 topics no article addresses" in out and "Crimea" in out
    shown = compare_at(
        100, str(article_dir), "--layout", "grid", "--show-absent", monkeypatch=monkeypatch
    )
    assert "Crimea" in shown and "Hidden:" not in shown


def test_layout_side_is_kept_when_forced_and_still_fits_the_width(
    speeches: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = speeches
    out = compare_at(200, str(folder), "--layout", "side", monkeypatch=monkeypatch)
    assert "│ Topic" in out
    assert max(cell_len(line) for line in out.splitlines()) <= 200


def test_hide_absent_drops_topic_rows_side_by_side_too(
    article_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = compare_at(100, str(article_dir), "--hide-absent", monkeypatch=monkeypatch)
    assert "│ Topic" in out
    assert "│ Crimea" not in out and "Hidden: 8 topics" in out
    default = compare_at(100, str(article_dir), monkeypatch=monkeypatch)
    assert "│ Crimea" in default  # side by side shows every topic unless asked


def test_bad_layout_is_a_usage_error(article_dir: Path) -> None:
    result = runner.invoke(app, ["compare", str(article_dir), "--layout", "diagonal"])
    assert result.exit_code == ExitCode.USAGE
    assert "diagonal" in result.output


def cell(stance: Stance, score: float) -> TopicStance:
    return TopicStance("a", "sanctions", stance, score, 0.5, 1)


def test_grid_cells_carry_glyph_and_a_signed_score() -> None:
    assert grid_cell(cell(Stance.PRO, 0.81)).plain == "▲ +0.8"
    assert grid_cell(cell(Stance.CON, -0.64)).plain == "▼ −0.6"  # a real minus sign
    assert grid_cell(cell(Stance.MIXED, 0.1)).plain == "◆"
    assert grid_cell(cell(Stance.NEUTRAL, 0.0)).plain == "●"
    assert grid_cell(cell(Stance.ABSENT, 0.0)).plain == "—"


def many(count: int, id_length: int = 12) -> Comparison:
    articles = tuple(
        ArticleInfo(f"{n:0{id_length}d}", f"Article number {n}", f"in/{n}.md") for n in range(count)
    )
    cells = tuple(
        TopicStance(a.id, t.id, Stance.PRO if n % 2 else Stance.CON, 0.5 - n % 2, 0.5, 1)
        for n, a in enumerate(articles)
        for t in PACK.topics
    )
    return Comparison(PACK, articles, cells)


def test_auto_layout_switches_when_article_columns_would_be_too_narrow() -> None:
    assert resolve_layout(many(2), 100) is Layout.SIDE
    assert resolve_layout(many(8), 100) is Layout.GRID
    assert resolve_layout(many(8), 100, Layout.SIDE) is Layout.SIDE
    # A long id needs a wide column: three articles at 80 columns go to the grid.
    assert resolve_layout(many(3, id_length=30), 80) is Layout.GRID


def test_long_ids_stay_whole_in_the_grid_at_80_columns() -> None:
    c = many(5, id_length=40)
    out = render_rich(comparison_view(c, width=80), 80)
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    for article in c.articles:
        assert article.id in out


def test_grid_with_no_topic_found_still_shows_the_topics() -> None:
    base = many(3)
    absent = tuple(TopicStance(x.article, x.topic, Stance.ABSENT, 0.0, 0.0, 0) for x in base.cells)
    c = Comparison(base.pack, base.articles, absent)
    out = render_rich(grid_tables(c, width=120), 120)
    assert "Hidden" not in out
    out = render_rich(comparison_view(c, width=120, layout=Layout.GRID), 120)
    assert "Sanctions" in out and "Hidden" not in out
