"""The CLI's one error boundary: library errors become one line on stderr and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

from stancecli.cli.progress import ProgressReporter, default_jobs, input_bytes
from stancecli.dating import Dating, dated
from stancecli.errors import (
    GoldError,
    ModelError,
    NoArticlesError,
    NoMatchError,
    StanceError,
    TopicPackError,
    UsageError,
)
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import (
    PASSED_OVER,
    STDIN_INPUT,
    UNKNOWN_TYPE,
    LoadResult,
    bundled_corpus_inputs,
    iter_articles,
    load_articles,
)
from stancecli.io.read_settings import ReadSettings
from stancecli.learned.model import StanceModel, load_model
from stancecli.models import Article, Comparison, Skipped, TopicPack
from stancecli.pipeline import ArticleAnalysis, compare, gather

if TYPE_CHECKING:
    import logging

    from rich.text import Text

    from stancecli.render.safe import SafeConsole

#: Errors that are the user's to fix in how stance was called, not in the articles.
_USAGE_ERRORS: tuple[type[StanceError], ...] = (TopicPackError, GoldError, ModelError, UsageError)


# Rich is imported only once there is something to say on stderr: a clean scripted run
# (`--format json`) prints nothing there and should not pay for a console.


def stderr_console() -> SafeConsole:
    from stancecli.render.safe import SafeConsole

    return SafeConsole(stderr=True, highlight=False)


def _line(*parts: str | tuple[str, str]) -> Text:
    from rich.text import Text

    return Text.assemble(*parts)


def error(message: str) -> None:
    stderr_console().print(
        _line(("Error:", "bold red"), " ", message), soft_wrap=True, markup=False
    )


def warn_skipped(skipped: Sequence[Skipped]) -> None:
    """A warning line per input that could not be read; files a folder walk passed over
    wait for `note_passed_over`, since a folder of photos would otherwise flood stderr."""
    shown = [item for item in skipped if item.reason not in PASSED_OVER]
    if not shown:
        return
    console = stderr_console()
    for item in shown:
        where = item.path if item.line is None else f"{item.path}:{item.line}"
        console.print(
            _line(("warning:", "yellow"), f" {where}: {item.reason}"),
            soft_wrap=True,
            markup=False,
        )


def note_passed_over(skipped: Sequence[Skipped]) -> None:
    """One line per reason for the files a folder walk did not read, e.g.
    `note: 2 files not read: unknown file type (.bin, .docx)`."""
    by_reason: dict[str, list[str]] = {}
    for item in skipped:
        if item.reason in PASSED_OVER:
            by_reason.setdefault(item.reason, []).append(item.path)
    if not by_reason:
        return
    console = stderr_console()
    for reason, paths in by_reason.items():
        count = f"{len(paths)} file{'s' if len(paths) != 1 else ''}"
        named = (
            sorted({Path(p).suffix.lower() or "no extension" for p in paths})
            if reason == UNKNOWN_TYPE
            else paths
        )
        which = ", ".join(named[:NAMED_IN_NOTE]) + (", ..." if len(named) > NAMED_IN_NOTE else "")
        console.print(
            _line(("note:", "cyan"), f" {count} not read: {reason} ({which})"),
            soft_wrap=True,
        )


NAMED_IN_NOTE = 5  # extensions or paths a note names; JSON's `skipped` lists every one


def exit_with(code: ExitCode) -> NoReturn:
    raise typer.Exit(int(code))


@cache
def _debug_handler() -> logging.Handler:
    """The handler of `--debug`; logging is imported only for a run that asks for it."""
    import logging

    class DebugLines(logging.Handler):
        """`--debug` notes from the library (the encoding a file was read in, ...) on
        stderr, through the safe console, since they name the user's files."""

        def emit(self, record: logging.LogRecord) -> None:
            line = _line(("debug:", "dim"), " ", self.format(record))
            stderr_console().print(line, soft_wrap=True)

    return DebugLines()


@contextmanager
def reported(debug: bool) -> Iterator[None]:
    """Turn library errors into one stderr line and an exit code (or re-raise with --debug)."""
    if debug:
        import logging

        library = logging.getLogger("stancecli")
        library.setLevel(logging.DEBUG)
        library.addHandler(_debug_handler())
    try:
        yield
    except BrokenPipeError:
        raise  # the reader went away (`| head`); Typer exits quietly
    except StanceError as exc:
        if debug:
            raise
        error(str(exc))
        exit_with(_exit_code(exc))
    except Exception as exc:
        if debug:
            raise
        error(
            f"internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback, and please report it)"
        )
        exit_with(ExitCode.INTERNAL)
    finally:
        if debug:
            library.removeHandler(_debug_handler())


def _exit_code(exc: StanceError) -> ExitCode:
    if isinstance(exc, _USAGE_ERRORS):
        return ExitCode.USAGE
    if isinstance(exc, NoMatchError):
        return ExitCode.NO_MATCH
    return ExitCode.NOTHING_USABLE


@dataclass(frozen=True)
class InputOptions(ReadSettings):
    """How to read the inputs: the same four options on every command that reads articles."""


def load_inputs(paths: Sequence[str], inputs: InputOptions = InputOptions()) -> LoadResult:
    """Load the inputs (the bundled corpus when none), warn about each one skipped, and
    fail when nothing was readable: for commands that need the texts, not a Comparison."""
    loaded = load_articles(list(paths) or bundled_corpus_inputs(), stdin=sys.stdin, **vars(inputs))
    warn_skipped(loaded.skipped)
    note_passed_over(loaded.skipped)
    if not loaded.articles:
        raise NoArticlesError("no article could be read")
    return loaded


def model_option(path: Path | None) -> StanceModel | None:
    """The model a `--model` names (None: the shipped one, loaded where it is used)."""
    return None if path is None else load_model(path)


def load_and_compare(
    paths: Sequence[str],
    pack: TopicPack,
    *,
    threshold: float,
    evidence: int,
    model: StanceModel | None = None,
    inputs: InputOptions = InputOptions(),
    jobs: int | None = None,
    quiet: bool = False,
    keep_judgements: bool = True,
    on_analysis: Callable[[ArticleAnalysis], None] | None = None,
    dating: Dating | None = None,
    on_article: Callable[[Article], None] | None = None,
    retain: bool = True,
) -> Comparison:
    """Load the inputs, warn about each one skipped, and compare what was read.

    Articles stream from the loader into the engine (in `jobs` processes; by default all
    cores for a large input) and each skip is warned about as it is met, so a JSONL
    export of any size is never held whole. `on_analysis` sees every article's result
    as soon as it is ready; `on_article` sees each article (with its text) before that.
    `dating` dates and groups each article (`--date-from`, `--group-by`) as it is read.
    `retain=False`: only `on_analysis` sees the results (see `pipeline.compare`).
    """
    names = list(paths) or bundled_corpus_inputs()
    skipped: list[Skipped] = []
    sizes: dict[str, int] = {}
    processes = jobs if jobs is not None else default_jobs(names)

    def skip(item: Skipped) -> None:
        warn_skipped([item])
        skipped.append(item)

    def articles() -> Iterator[Article]:
        for item in iter_articles(names, stdin=sys.stdin, **vars(inputs)):
            if isinstance(item, Skipped):
                skip(item)
            else:
                if dating is not None:
                    item = replace(item, info=dated(item.info, dating))
                sizes[item.id] = len(item.text)
                if on_article is not None:
                    on_article(item)
                yield item

    def read_by_workers() -> Iterator[ArticleAnalysis]:
        from stancecli.workers import analyze_inputs  # only a run with workers needs them

        for item in analyze_inputs(
            names,
            pack,
            jobs=processes,
            threshold=threshold,
            evidence=evidence,
            keep_judgements=keep_judgements,
            model=model,
            read=inputs,
        ):
            if isinstance(item, Skipped):
                skip(item)
                continue
            analysis = item.analysis
            if dating is not None:
                analysis = replace(analysis, info=dated(analysis.info, dating))
            sizes[analysis.info.id] = item.size
            yield analysis

    with ProgressReporter(quiet=quiet, total_bytes=input_bytes(names)) as progress:

        def seen(analysis: ArticleAnalysis) -> None:
            progress.advance(analysis, sizes.pop(analysis.info.id, 0))
            if on_analysis is not None:
                on_analysis(analysis)

        try:
            # Workers read their own files unless the parent must: stdin, or a caller
            # that wants each article's text (`on_article`).
            if processes > 1 and STDIN_INPUT not in names and on_article is None:
                c = gather(read_by_workers(), pack, on_analysis=seen, retain=retain)
            else:
                c = compare(
                    articles(),
                    pack,
                    threshold=threshold,
                    evidence=evidence,
                    jobs=processes,
                    keep_judgements=keep_judgements,
                    on_analysis=seen,
                    model=model,
                    retain=retain,
                )
        finally:
            note_passed_over(skipped)
    return replace(c, skipped=tuple(skipped))


def finish(c: Comparison) -> NoReturn:
    exit_with(ExitCode.PARTIAL if c.skipped else ExitCode.OK)


def finish_inputs(skipped: Sequence[Skipped]) -> NoReturn:
    """`finish` for commands that read articles without comparing them."""
    exit_with(ExitCode.PARTIAL if skipped else ExitCode.OK)
