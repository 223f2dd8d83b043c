"""Large inputs: worker processes give the same answer, output streams, defaults are sane.

Speed itself is measured in bench/ (side by side with other scanners), never here.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path

from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.cli.progress import PARALLEL_FROM, default_jobs, input_bytes
from stancecli.io.loading import load_text
from stancecli.models import Article
from stancecli.pipeline import ArticleAnalysis, compare

SENTENCES = [
    "The sanctions on Russia must stay until Moscow implements the Minsk agreements.",
    "Lifting the sanctions now would be a grave mistake.",
    "It is time to lift the sanctions; they have failed.",
    "NATO enlargement was a strategic blunder that provoked Moscow.",
    "The door to NATO membership must stay open for Georgia.",
    "A settlement that leaves Assad in power is the least bad option.",
    "We should never recognize the annexation of Crimea.",
    "The West should seek a new détente with Moscow.",
    "Cutting exchange programs with Russia would be a mistake.",
    "Farm prices rose again in the spring, and the harvest was late.",
]


def generated_corpus(folder: Path, count: int = 40, seed: int = 7) -> Path:
    """Articles mixing stances at random, the same for a given seed."""
    rng = random.Random(seed)
    for number in range(count):
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 9)))
        (folder / f"article-{number:03}.md").write_text(f"# Piece {number}\n\n{text}\n")
    return folder


def test_two_workers_give_exactly_the_json_of_one(tmp_path: Path) -> None:
    corpus = str(generated_corpus(tmp_path))
    runner = CliRunner()
    outputs = [
        runner.invoke(app, ["compare", corpus, "--format", "json", "--jobs", jobs])
        for jobs in ("1", "2")
    ]
    assert all(result.exit_code == 0 for result in outputs), outputs[1].output
    assert json.loads(outputs[0].stdout) == json.loads(outputs[1].stdout)


def test_two_workers_agree_on_the_bundled_corpus_with_actors() -> None:
    runner = CliRunner()
    one, two = (
        runner.invoke(app, ["compare", "--with-actors", "--format", "json", "--jobs", jobs])
        for jobs in ("1", "2")
    )
    assert one.exit_code == two.exit_code == 0
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_each_article_is_reported_before_the_next_is_read() -> None:
    """What lets --format jsonl print while a large export is still being read."""
    events: list[str] = []

    def articles() -> Iterator[Article]:
        for number in range(3):
            events.append(f"read {number}")
            yield load_text(SENTENCES[number], article_id=str(number), path=f"{number}.md")

    def seen(analysis: ArticleAnalysis) -> None:
        events.append(f"done {analysis.info.id}")

    compare(articles(), on_analysis=seen)
    assert events == ["read 0", "done 0", "read 1", "done 1", "read 2", "done 2"]


def test_the_comparison_keeps_cells_not_judgements_unless_asked() -> None:
    article = load_text(SENTENCES[0], article_id="a", path="a.md")
    assert compare([article], keep_judgements=False).judgements == ()
    assert compare([article]).judgements != ()


def test_jsonl_is_one_line_per_cell_in_input_order(tmp_path: Path) -> None:
    corpus = str(generated_corpus(tmp_path, count=5))
    result = CliRunner().invoke(app, ["compare", corpus, "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["article"] for r in rows[::9]] == [f"article-{n:03}" for n in range(5)]
    assert len(rows) == 5 * 9


def test_small_inputs_run_in_one_process_large_ones_on_every_core(tmp_path: Path) -> None:
    (tmp_path / "small").mkdir()
    small = generated_corpus(tmp_path / "small")
    assert default_jobs([str(small)]) == 1
    large = tmp_path / "export.jsonl"
    with large.open("wb") as handle:
        handle.truncate(PARALLEL_FROM + 1)  # sparse: the size is what counts
    assert input_bytes([str(large)]) == PARALLEL_FROM + 1
    assert default_jobs([str(large)]) == (os.cpu_count() or 1)
    assert default_jobs(["-"]) == 1  # stdin: size unknown, start-up not worth it


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    corpus = str(generated_corpus(tmp_path, count=3))
    result = CliRunner().invoke(app, ["compare", corpus, "--format", "json"])
    assert result.exit_code == 0
    assert "articles" not in result.stderr and "MB/s" not in result.stderr
    assert json.loads(result.stdout)["schema_version"] == 1  # stdout holds only the JSON
