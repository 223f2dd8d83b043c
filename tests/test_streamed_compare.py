"""A streamed comparison (`--format jsonl`) keeps nothing per article, and prints every one."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import KEEP_TEXT, LIFT_TEXT
from stancecli.cli import app
from stancecli.models import Article, ArticleInfo
from stancecli.pipeline import ArticleAnalysis, compare


def _articles(n: int) -> list[Article]:
    texts = [KEEP_TEXT, LIFT_TEXT]
    return [
        Article(
            ArticleInfo(id=f"a{i}", title=f"A {i}", path=f"a{i}.md"), texts[i % 2] + f"Note {i}."
        )
        for i in range(n)
    ]


def test_an_unretained_comparison_hands_on_every_analysis_and_keeps_none() -> None:
    seen: list[ArticleAnalysis] = []
    kept = compare(_articles(5), retain=False, on_analysis=seen.append)
    full = compare(_articles(5))
    assert kept.articles == () and kept.cells == ()
    assert [a.info for a in seen] == list(full.articles)
    assert [c for a in seen for c in a.cells] == list(full.cells)


def test_jsonl_output_still_has_every_articles_lines(tmp_path: Path) -> None:
    for i, text in enumerate((KEEP_TEXT, LIFT_TEXT)):
        (tmp_path / f"a{i}.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", "--format", "jsonl", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["article"] for line in lines} == {"a0", "a1"}
