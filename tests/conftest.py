"""Shared fixtures: a predictable terminal, and small articles whose stance is unambiguous."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles. "ci" (the default) keeps the suite within a few minutes on two
# cores; "nightly" runs every property fifty times as long, for a developer who wants to
# shake out rare crashes (see the README, "Fuzzing"):
#     .venv/bin/python -m pytest tests/test_fuzz.py tests/test_properties.py \
#         --hypothesis-profile=nightly
# No deadline in either: a shared machine makes per-example timings meaningless, and
# speed is the benchmark's business, not the tests'.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", deadline=None, suppress_health_check=_QUIET)
settings.register_profile(
    "nightly", deadline=None, max_examples=5_000, suppress_health_check=_QUIET
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The run-to-run cache (stancecli/cache.py) goes to a fresh folder, not the user's ~/.cache:
# every test session then also exercises building what a cold first run builds.
os.environ.setdefault("STANCE_CACHE_DIR", tempfile.mkdtemp(prefix="stance-test-cache-"))


def examples(ci: int) -> int:
    """A property's example count: `ci` under the default profile, fifty times that under
    "nightly" (profiles scale Hypothesis's default of 100 examples)."""
    return ci * settings.default.max_examples // 100


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
