"""Fuzzing in CI (issue 13): bytes in, comparison out, and each new stage on its own.

The whole pipeline runs as the CLI runs it (load a file, compare, render every format);
no exception is allowed: a file stance cannot read comes back as a `Skipped` with its
reason (the CLI turns an empty result into the documented NoArticlesError). Every output for a
terminal or a spreadsheet is checked for control characters, and JSON must give back
the article's text exactly. Example counts follow the Hypothesis profile (tests/conftest.py):
the default "ci" keeps the whole suite quick, `--hypothesis-profile=nightly` runs fifty
times as many. Inputs that once crashed or hung stance are kept under
tests/fixtures/fuzz/ and replayed by `test_regression_fixtures_run_clean`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from stancecli.actors import actor_view
from stancecli.io.encoding import Decoded, NotText, decode_text
from stancecli.io.loading import load_articles
from stancecli.models import Comparison
from stancecli.pipeline import Engine
from stancecli.render.actors import render_actors_csv, render_actors_markdown
from stancecli.render.actors_table import actors_tables
from stancecli.render.formats import render_csv, render_json, render_markdown
from stancecli.render.safe import FORMULA_LEADS, SafeConsole, spreadsheet_safe, terminal_safe
from stancecli.render.table import comparison_table
from stancecli.topics import default_pack

FIXTURES = Path(__file__).parent / "fixtures" / "fuzz"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
PACK = default_pack()
ENGINE = Engine(PACK, evidence=3)

_WORDS = [
    "sanctions", "Minsk", "NATO", "Assad", "Crimea", "detente", "lift", "keep", "must",
    "not", "never", "should", "Le", "Pen", "said", "Putin", "the", "a", "we", "=SUM(1)",
    "@x", "+1", "-2",
]  # fmt: skip
_HOSTILE = [
    "\x1b]0;pwned\x07", "\x1b[2J", "\x1b]8;;http://x\x1b\\", "\u009b31m", "\x07", "\x00",
    "\r", "\t", "\x7f", "[bold]", "[link=http://x]", "\u202e", "\ufeff", "\n", "\n\n", ".",
    ",", ";", "—", "“", "”", "---\ntitle: x\n---\n",
]  # fmt: skip
text_parts = st.one_of(st.sampled_from(_WORDS), st.sampled_from(_HOSTILE), st.text(max_size=6))
hostile_text = st.lists(text_parts, max_size=60).map(" ".join)
_ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "utf-16", "utf-32", "cp1252", "latin-1"]
article_bytes = st.one_of(
    st.binary(max_size=400),
    st.builds(
        lambda text, encoding: text.encode(encoding, errors="replace"),
        hostile_text,
        st.sampled_from(_ENCODINGS),
    ),
)
suffixes = st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _run_pipeline(path: Path) -> Comparison | None:
    """What `stance compare` does with one file; None when it is rightly refused."""
    loaded = load_articles([str(path)], max_bytes=20_000)
    for skipped in loaded.skipped:
        assert skipped.reason and "\n" not in skipped.reason
    if not loaded.articles:
        return None
    analyses = [ENGINE.analyze(article) for article in loaded.articles]
    c = Comparison(  # what pipeline.compare builds, with one Engine for every example
        pack=PACK,
        articles=tuple(a.info for a in analyses),
        cells=tuple(cell for a in analyses for cell in a.cells),
        skipped=loaded.skipped,
        judgements=tuple((a.info.id, j) for a in analyses for j in a.judgements),
    )
    texts = {a.id: a.text for a in loaded.articles}
    _check_outputs(c, texts)
    return c


def _check_outputs(c: Comparison, texts: dict[str, str]) -> None:
    actors = actor_view(c.judgements, PACK.ids, evidence=3)
    console = SafeConsole(file=io.StringIO(), width=100, force_terminal=False)
    console.print(comparison_table(c, evidence=3, width=100))
    console.print(actors_tables(actors, PACK, c.articles, evidence=3, width=100))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    for out in (shown, render_markdown(c, evidence=3), render_actors_markdown(actors, PACK, 3)):
        assert not CONTROL.search(out.replace("\n", "")), repr(out)
    for sheet in (render_csv(c, evidence=3), render_actors_csv(actors, PACK, 3)):
        for row in csv.reader(io.StringIO(sheet)):
            for cell in row:
                assert not CONTROL.search(cell), repr(cell)
                assert not cell.startswith(FORMULA_LEADS) or _is_number(cell), cell
    data = json.loads(render_json(c))
    for cell in data["cells"]:
        text = texts[cell["article"]]
        for evidence in cell["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
    for article, info in zip(data["articles"], c.articles, strict=True):
        assert article["title"] == info.title  # exact, controls and all


def _is_number(cell: str) -> bool:
    return re.fullmatch(r"[+-]?\d+(\.\d+)?", cell) is not None


@settings(max_examples=examples(1_000))
@given(data=article_bytes, suffix=suffixes)
def test_whole_pipeline_bytes_in_comparison_out(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"article{suffix}"
    path.write_bytes(data)
    _run_pipeline(path)


@settings(max_examples=examples(800))
@given(text=hostile_text)
def test_whole_pipeline_on_hostile_text(scratch: Path, text: str) -> None:
    path = scratch / "hostile.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _run_pipeline(path)


@settings(max_examples=examples(2_000))
@given(text=st.one_of(hostile_text, st.text()))
def test_terminal_safe_leaves_no_control_but_tab_and_newline(text: str) -> None:
    safe = terminal_safe(text)
    assert not CONTROL.search(safe)
    assert terminal_safe(safe) == safe  # stable: safe text passes through unchanged
    if not CONTROL.search(text):
        assert safe == text


@settings(max_examples=examples(1_000))
@given(text=st.one_of(hostile_text, st.text()))
def test_spreadsheet_safe_never_leaves_a_formula_lead(text: str) -> None:
    cell = spreadsheet_safe(text)
    assert not cell.startswith(FORMULA_LEADS)
    assert cell.removeprefix("'") == text or cell == text


@settings(max_examples=examples(1_500))
@given(data=article_bytes)
def test_decoding_gives_text_or_a_reason(data: bytes) -> None:
    try:
        decoded = decode_text(data)
    except NotText as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert isinstance(decoded, Decoded) and "\x00" not in decoded.text


@pytest.mark.parametrize(
    "path", sorted(p for p in FIXTURES.iterdir() if p.name != "README.md"), ids=lambda p: p.name
)
def test_regression_fixtures_run_clean(scratch: Path, path: Path) -> None:
    """Each file once crashed, hung or leaked an escape (tests/fixtures/fuzz/README.md)."""
    c = _run_pipeline(path)
    assert c is not None, f"{path.name} is no longer read"
