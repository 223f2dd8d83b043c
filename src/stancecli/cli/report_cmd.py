"""`stance report`: the comparison as one self-contained HTML page, written to a file."""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from stancecli import __version__
from stancecli.actors import actor_view
from stancecli.cli.app import app
from stancecli.cli.options import (
    EXIT_CODES_EPILOG,
    DateFromOption,
    DebugOption,
    GroupByOption,
    HiddenOption,
    IdFieldOption,
    JobsOption,
    MaxBytesOption,
    ModelOption,
    PathsArgument,
    QuietOption,
    TextFieldOption,
    ThresholdOption,
    TopicsOption,
)
from stancecli.cli.reporting import (
    InputOptions,
    finish,
    load_and_compare,
    model_option,
    reported,
)
from stancecli.dating import Dating
from stancecli.drilldown import ArticleDetail, article_detail
from stancecli.errors import UsageError
from stancecli.io.loading import DEFAULT_MAX_BYTES
from stancecli.match.matcher import DEFAULT_THRESHOLD
from stancecli.models import Article
from stancecli.pipeline import ArticleAnalysis
from stancecli.render.html_report import ReportMeta, render_report
from stancecli.topics import load_pack

OutputOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Where to write the page (- for stdout). Never one of the articles read.",
    ),
]
ReportEvidenceOption = Annotated[
    int,
    typer.Option(
        "--evidence", min=1, metavar="N", help="Evidence sentences kept per cell for drill-down."
    ),
]


@app.command("report", epilog=EXIT_CODES_EPILOG)
def report_command(
    paths: PathsArgument = None,
    output: OutputOption = Path("report.html"),
    topics: TopicsOption = None,
    threshold: ThresholdOption = DEFAULT_THRESHOLD,
    model: ModelOption = None,
    evidence: ReportEvidenceOption = 3,
    date_from: DateFromOption = None,
    group_by: GroupByOption = None,
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    hidden: HiddenOption = False,
    jobs: JobsOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """Write the comparison as one HTML page: a heat map of articles by topics, each cell's
    evidence a click away, filters and sorting, and stances over time when articles carry
    dates.

    The page is one file with nothing to fetch: open it from a USB stick or an e-mail.

    Example: stance report speeches/ -o report.html --group-by speaker

    Example: stance report speeches/ --date-from '{country}_{session}_{year}' --group-by country
    """
    with reported(debug):
        pack = load_pack(topics)
        dating = Dating.parse(date_from, group_by)
        texts: dict[str, Article] = {}
        details: dict[str, ArticleDetail] = {}
        read: set[str] = set()

        def keep(article: Article) -> None:
            texts[article.id] = article
            read.add(article.info.path)

        def detail(analysis: ArticleAnalysis) -> None:
            article = texts.pop(analysis.info.id, None)
            if article is not None:
                details[article.id] = article_detail(article, analysis)

        c = load_and_compare(
            paths or [],
            pack,
            threshold=threshold,
            model=model_option(model),
            evidence=evidence,
            inputs=InputOptions(text_field, id_field, max_bytes, hidden),
            jobs=jobs,
            quiet=quiet,
            keep_judgements=True,  # holders, keywords and the reported actors
            dating=dating,
            on_article=keep,
            on_analysis=detail,
        )
        actors = actor_view(c.judgements, pack.ids, evidence=2)
        meta = ReportMeta(__version__, _generated(), _command_line(paths or []))
        page = render_report(c, details, meta, actors=actors)
        if str(output) == "-":
            sys.stdout.write(page)
        else:
            _write(output, page, read)
            if not quiet:
                typer.echo(
                    f"Wrote {output}: {len(c.articles)} articles × {len(pack.topics)} topics "
                    f"({len(page.encode('utf-8')) // 1024:,} KB).",
                    err=True,
                )
    finish(c)


def _generated() -> str:
    """Now, or SOURCE_DATE_EPOCH's time, so a build can make the same page twice."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = float(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(stamp))


def _command_line(paths: Sequence[str]) -> str:
    """The command as typed, when stance was run as a command; else its gist."""
    program = Path(sys.argv[0]).name if sys.argv else ""
    if program in ("stance", "__main__.py"):
        return shlex.join(["stance", *sys.argv[1:]])
    return shlex.join(["stance", "report", *paths])


def _write(output: Path, page: str, read: set[str]) -> None:
    """Write the page whole or not at all, and never over an article that was read."""
    target = output.resolve()
    if any(Path(p).resolve() == target for p in read if p and not p.startswith("<")):
        raise UsageError(f"{output}: is one of the articles read; choose another --output")
    if target.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name such as report.html")
    if not target.parent.is_dir():
        raise UsageError(f"{output}: no such folder {output.parent}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=".stance-report-", dir=target.parent)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write there ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # as a plain open() would have made it
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{output}: cannot write there ({exc.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
