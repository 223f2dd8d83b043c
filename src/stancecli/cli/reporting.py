"""The CLI's one error boundary: library errors become one line on stderr and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from stancecli.errors import GoldError, StanceError, TopicPackError
from stancecli.exit_codes import ExitCode
from stancecli.loading import bundled_corpus_inputs, load_articles
from stancecli.models import Comparison, Skipped, TopicPack
from stancecli.pipeline import compare

#: Errors that are the user's to fix in how stance was called, not in the articles.
_USAGE_ERRORS: tuple[type[StanceError], ...] = (TopicPackError, GoldError)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def error(message: str) -> None:
    stderr_console().print(
        Text.assemble(("Error:", "bold red"), " ", message), soft_wrap=True, markup=False
    )


def warn_skipped(skipped: Sequence[Skipped]) -> None:
    console = stderr_console()
    for item in skipped:
        where = item.path if item.line is None else f"{item.path}:{item.line}"
        console.print(
            Text.assemble(("warning:", "yellow"), f" {where}: {item.reason}"),
            soft_wrap=True,
            markup=False,
        )


def exit_with(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


@contextmanager
def reported(debug: bool) -> Iterator[None]:
    """Turn library errors into one stderr line and an exit code (or re-raise with --debug)."""
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (`| head`); Typer exits quietly
    except StanceError as exc:
        if debug:
            raise
        error(str(exc))
        exit_with(ExitCode.USAGE if isinstance(exc, _USAGE_ERRORS) else ExitCode.NOTHING_USABLE)
    except Exception as exc:
        if debug:
            raise
        error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback, and please report it)"
        )
        exit_with(ExitCode.INTERNAL)


def load_and_compare(
    paths: Sequence[str], pack: TopicPack, *, threshold: float, evidence: int
) -> Comparison:
    """Load the inputs, warn about each one skipped, and compare what was read."""
    loaded = load_articles(list(paths) or bundled_corpus_inputs(), stdin=sys.stdin)
    warn_skipped(loaded.skipped)
    return compare(
        loaded.articles, pack, threshold=threshold, evidence=evidence, skipped=loaded.skipped
    )


def finish(c: Comparison) -> NoReturn:
    exit_with(ExitCode.PARTIAL if c.skipped else ExitCode.OK)
