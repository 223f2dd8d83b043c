"""The progress bar still appears on a terminal once a run is slow, and not with --quiet.

`ProgressReporter` builds rich's bar only when one may be shown (a terminal, no --quiet),
so a script's `stance compare` never imports it; the bar must still come up when it should.
"""

from __future__ import annotations

import pytest

import stancecli.cli.progress as progress_module
from stancecli.cli.progress import ProgressReporter
from stancecli.models import ArticleInfo
from stancecli.pipeline import ArticleAnalysis

ANALYSIS = ArticleAnalysis(ArticleInfo("a", "A", "a.txt"), (), (), ())


def test_a_terminal_gets_a_bar_once_the_run_is_slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich treats stderr as a terminal
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    with ProgressReporter(quiet=False, total_bytes=100) as reporter:
        reporter.advance(ANALYSIS, 40)
        assert reporter.enabled and reporter._shown
        assert reporter._progress is not None
        assert reporter._progress.tasks[0].completed == 40
    assert reporter.articles == 1


def test_quiet_or_not_a_terminal_builds_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    monkeypatch.setenv("FORCE_COLOR", "1")
    with ProgressReporter(quiet=True, total_bytes=100) as quiet:
        quiet.advance(ANALYSIS, 40)
    monkeypatch.delenv("FORCE_COLOR")  # pytest captures stderr: not a terminal
    with ProgressReporter(quiet=False, total_bytes=100) as piped:
        piped.advance(ANALYSIS, 40)
    for reporter in (quiet, piped):
        assert not reporter._shown and reporter._progress is None
        assert reporter.articles == 1 and reporter.bytes == 40
