"""Shared fixtures: a predictable terminal, and small articles whose stance is unambiguous."""

from __future__ import annotations

from pathlib import Path

import pytest

#: Says plainly, twice, that the sanctions should stay: reads pro on sanctions.
KEEP_TEXT = (
    "We must keep the sanctions on Russia in place. Lifting sanctions would be a grave mistake.\n"
)
#: Says plainly that the sanctions should go: reads con on sanctions.
LIFT_TEXT = "The sanctions have failed and should be lifted now.\n"

KEEP_TITLE = "Hold the Line on Sanctions"
LIFT_TITLE = "Time to Lift the Sanctions"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour, a fixed width, and none of the user's switches leaking into a test."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    for name in (
        "FORCE_COLOR",
        "PY_COLORS",
        "CLICOLOR_FORCE",
        "TTY_COMPATIBLE",
        "TTY_INTERACTIVE",
        "TERMINAL_WIDTH",
        "LINES",
        "STANCE_DEBUG",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sample_text() -> dict[str, str]:
    """The texts and titles of the `article_dir` articles, keyed keep/lift/keep_title/..."""
    return {
        "keep": KEEP_TEXT,
        "lift": LIFT_TEXT,
        "keep_title": KEEP_TITLE,
        "lift_title": LIFT_TITLE,
    }


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    """A folder with two short articles: `keep` (pro on sanctions) and `lift` (con)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "keep.md").write_text(f"---\ntitle: {KEEP_TITLE}\n---\n{KEEP_TEXT}", encoding="utf-8")
    (folder / "lift.txt").write_text(f"{LIFT_TITLE}\n\n{LIFT_TEXT}", encoding="utf-8")
    return folder
