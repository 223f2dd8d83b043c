"""`stance compare --scheduler`: the same comparison, run by a Dask cluster's workers.

A thin layer like the rest of the CLI: it checks the options, connects, and hands the
work to `stancecli.distributed`. Dask is imported only from here, and only once
`--scheduler` was given; without the extra the user is told what to install (exit 2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from stancecli.cli.progress import ProgressReporter
from stancecli.cli.reporting import InputOptions, stderr_console, warn_skipped
from stancecli.errors import NoArticlesError, UsageError
from stancecli.io.loading import STDIN_INPUT, bundled_corpus_inputs
from stancecli.learned.model import StanceModel
from stancecli.models import Comparison, TopicPack
from stancecli.pipeline import ArticleAnalysis


@dataclass(frozen=True)
class ClusterOptions:
    """Where to run (`--scheduler`), where the part files go (`--output`), how big a
    partition is (`--blocksize`)."""

    scheduler: str
    output: str | None = None
    blocksize: int | None = None


def check_output(output: str | None, scheduler: str | None, jsonl: bool) -> None:
    """`--output` writes part files from the workers: it needs both of the others."""
    if output is None:
        return
    if scheduler is None:
        raise UsageError("--output DIR needs --scheduler (part files are written by workers)")
    if not jsonl:
        raise UsageError("--output DIR writes JSONL part files: add --format jsonl")


def compare_on_cluster(
    cluster: ClusterOptions,
    paths: Sequence[str],
    pack: TopicPack,
    *,
    threshold: float,
    evidence: int,
    model: StanceModel | None,
    inputs: InputOptions,
    quiet: bool,
    with_actors: bool,
    on_analysis: Callable[[ArticleAnalysis], None] | None = None,
) -> Comparison:
    """Compare on the cluster; with `--output`, the returned comparison holds only the
    skipped inputs, the cells being in the part files."""
    from stancecli.distributed import check_scheduler, require_dask

    check_scheduler(cluster.scheduler)
    require_dask()
    if with_actors:
        raise UsageError("--with-actors does not run on a cluster yet: leave out --scheduler")
    names = list(paths) or bundled_corpus_inputs()
    if STDIN_INPUT in names:
        raise UsageError("- (stdin) cannot be read by a cluster's workers: name files or URLs")

    from stancecli.distributed import (
        DEFAULT_BLOCKSIZE,
        PartitionDone,
        ReadOptions,
        compare_bag,
        connect,
        read_bag,
        write_bag,
    )

    read = ReadOptions(inputs.text_field, inputs.id_field, inputs.max_bytes)
    with (
        connect(cluster.scheduler) as client,
        ProgressReporter(quiet=quiet, total_bytes=None) as progress,
    ):

        def seen(done: PartitionDone) -> None:
            progress.follow(done.done, done.total, done.articles, done.size)

        bag = read_bag(
            names,
            blocksize=cluster.blocksize or DEFAULT_BLOCKSIZE,
            max_bytes=inputs.max_bytes,
            hidden=inputs.hidden,
        )
        if cluster.output is not None:
            written = write_bag(
                bag, cluster.output, pack, model, threshold=threshold, evidence=evidence,
                read=read, client=client, on_partition=seen,
            )  # fmt: skip
            warn_skipped(written.skipped)
            if not written.articles:
                raise NoArticlesError(f"nothing to compare; {len(written.parts)} empty part files")
            if not quiet:
                from rich.text import Text

                stderr_console().print(
                    Text(f"wrote {written.articles} articles' cells to {len(written.parts)} "
                         f"part files in {cluster.output}"),
                    soft_wrap=True,
                )  # fmt: skip
            return Comparison(pack, (), (), written.skipped)
        return compare_bag(
            bag, pack, model, threshold=threshold, evidence=evidence, read=read,
            client=client, on_partition=seen, on_analysis=on_analysis,
            on_skipped=lambda skip: warn_skipped([skip]),
        )  # fmt: skip
