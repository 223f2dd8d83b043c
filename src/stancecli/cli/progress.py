"""Progress on stderr for long runs, and how many worker processes a run deserves.

A quick look-up should print nothing but its answer, so the bar appears only once a run
has lasted a second, only on a terminal, and never with --quiet; it is transient, so
what stays on screen is the result.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from stancecli.pipeline import ArticleAnalysis

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from stancecli.render.safe import SafeConsole

SHOW_AFTER = 1.0  # seconds before a bar is worth the screen space
PARALLEL_FROM = 4_000_000  # bytes of input from which worker processes pay for their start


def input_bytes(paths: Sequence[str]) -> int | None:
    """Total size of the inputs on disk, or None when stdin is among them."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        if os.path.exists(path):
            matches = [path]
        else:
            import glob  # only a pattern needs it

            matches = glob.glob(path, recursive=True)
        for match in matches:
            if os.path.isdir(match):
                for root, _, files in os.walk(match):
                    total += sum(_size(os.path.join(root, f)) for f in files)
            else:
                total += _size(match)
    return total


def default_jobs(paths: Sequence[str]) -> int:
    """All cores for a large input, one process for a small one (start-up would dominate)."""
    size = input_bytes(paths)
    if size is None or size < PARALLEL_FROM:
        return 1
    return max(1, os.cpu_count() or 1)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class ProgressReporter:
    """Counts analysed articles and MB/s; shows a bar on stderr once a run is slow."""

    def __init__(self, *, quiet: bool, total_bytes: int | None) -> None:
        self.enabled = False
        self.started = time.monotonic()
        self.bytes = 0
        self.articles = 0
        self._shown = False
        self._progress: Progress | None = None
        if quiet or not _may_be_terminal():
            return  # a script's run: no console (nor Rich's console module) needed
        from stancecli.render.safe import SafeConsole

        console = SafeConsole(stderr=True)
        self.enabled = console.is_terminal
        if self.enabled:  # rich.progress is imported only for a bar that may be shown
            self._progress, self._task = _bar(console, total_bytes)

    def advance(self, analysis: ArticleAnalysis, size: int) -> None:
        self.articles += 1
        self.bytes += size
        self._show(self.bytes)

    def follow(self, done: int, total: int, articles: int, size: int) -> None:
        """A cluster's partitions done of all: the bar is Dask's task progress."""
        self.articles += articles
        self.bytes += size
        if self._progress is not None:
            self._progress.update(self._task, total=total)
        self._show(done)

    def _show(self, completed: int) -> None:
        if self._progress is None:
            return
        elapsed = time.monotonic() - self.started
        if not self._shown and elapsed >= SHOW_AFTER:
            self._progress.start()
            self._shown = True
        self._progress.update(
            self._task,
            completed=completed,
            articles=self.articles,
            rate=self.bytes / 1e6 / max(elapsed, 1e-6),
        )

    def __enter__(self) -> ProgressReporter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._shown and self._progress is not None:
            self._progress.stop()


def _may_be_terminal() -> bool:
    """False only where Rich's `Console.is_terminal` is sure to be False for stderr: no
    TTY_COMPATIBLE=1 or FORCE_COLOR that could override it, and stderr is not a tty."""
    if os.environ.get("TTY_COMPATIBLE", "") == "1" or os.environ.get("FORCE_COLOR") is not None:
        return True
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def _bar(console: SafeConsole, total_bytes: int | None) -> tuple[Progress, TaskID]:
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.fields[articles]} articles"),
        BarColumn(),
        TextColumn("{task.fields[rate]:.1f} MB/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("compare", total=total_bytes or None, articles=0, rate=0.0)
    return progress, task
