"""Throughput on a Dask LocalCluster of 1 and 2 workers, beside --jobs 1 and --jobs 2.

All four read the same JSONL file (the corpus, one article a line) and keep cells only,
as `stance compare --format jsonl` does. The cluster's start and each worker's first
engine build are timed apart from the runs: a long job pays them once. The per-record
overhead is the 1-worker run less the one-process run, over the articles; it is what a
cluster costs before it gains anything, and the README's estimate for a large corpus
starts from it.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from stancecli.io.loading import iter_articles
from stancecli.models import Article, Comparison
from stancecli.pipeline import compare

PARTITIONS_PER_WORKER = 4


def _articles(path: Path) -> Iterator[Article]:
    for item in iter_articles([str(path)]):
        if isinstance(item, Article):
            yield item


def _cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (a Pool's)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime


def _timed(
    reps: int, run: Callable[[], Comparison], cpu: Callable[[], float] = _cpu_seconds
) -> tuple[list[float], list[float], Comparison]:
    """Wall and CPU seconds of each run. CPU time is what a record costs whatever else
    the machine is doing; on a shared machine the wall time of two workers need not halve."""
    seconds: list[float] = []
    cpus: list[float] = []
    result: Comparison | None = None
    for _ in range(reps):
        cpu_before = cpu()
        start = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - start)
        cpus.append(cpu() - cpu_before)
    assert result is not None
    return seconds, cpus, result


def measure(path: Path, reps: int, log: Callable[[str], None]) -> dict[str, Any]:
    """The four throughputs over `path`, or why the Dask ones could not be taken."""
    if any(importlib.util.find_spec(m) is None for m in ("dask", "distributed", "fsspec")):
        return {"status": "n/a: the dask extra is not installed (pip install -e '.[dask]')"}
    from distributed import Client

    from stancecli.distributed import compare_bag, local_cluster, read_bag

    mb = path.stat().st_size / 1e6
    out: dict[str, Any] = {"status": "ok", "file_mb": round(mb, 2), "reps": reps}
    local: dict[int, Comparison] = {}
    for jobs in (1, 2):
        log(f"  --jobs {jobs} over the JSONL ...")
        seconds, cpus, local[jobs] = _timed(
            reps, lambda j=jobs: compare(_articles(path), jobs=j, keep_judgements=False)
        )
        out[f"jobs{jobs}_seconds"] = seconds
        out[f"jobs{jobs}_cpu_seconds"] = cpus
    articles = len(local[1].articles)
    out["articles"] = articles
    out["identical"] = local[2].cells == local[1].cells
    for workers in (1, 2):
        log(f"  Dask LocalCluster, {workers} worker(s) ...")
        started = time.perf_counter()
        with local_cluster(workers) as client:
            out[f"dask{workers}_cluster_start_seconds"] = round(time.perf_counter() - started, 3)
            warm = time.perf_counter()
            client.run(_build_engine)  # what the first partition on each worker pays
            out[f"dask{workers}_engine_build_seconds"] = round(time.perf_counter() - warm, 3)
            blocksize = max(1, int(mb * 1e6 / (workers * PARTITIONS_PER_WORKER)) + 1)

            def run(size: int = blocksize, client: Client = client) -> Comparison:
                return compare_bag(read_bag([str(path)], blocksize=size), client=client)

            def cluster_cpu(client: Client = client) -> float:
                # The workers' processes, and this one (client and scheduler).
                return _cpu_seconds() + sum(client.run(_cpu_seconds).values())

            seconds, cpus, got = _timed(reps, run, cluster_cpu)
        out[f"dask{workers}_seconds"] = seconds
        out[f"dask{workers}_cpu_seconds"] = cpus
        out["identical"] = out["identical"] and got.cells == local[1].cells
    for name in ("jobs1", "jobs2", "dask1", "dask2"):
        median = statistics.median(out[f"{name}_seconds"])
        out[f"{name}_median_seconds"] = round(median, 3)
        out[f"{name}_mb_per_s"] = round(mb / median, 3)
        out[f"{name}_articles_per_s"] = round(articles / median, 1)
        cpu = statistics.median(out[f"{name}_cpu_seconds"])
        out[f"{name}_cpu_ms_per_record"] = round(cpu / articles * 1000, 3)
    one, dask1, dask2 = (out[f"{n}_median_seconds"] for n in ("jobs1", "dask1", "dask2"))
    out["overhead_ms_per_record"] = round((dask1 - one) / articles * 1000, 3)
    out["overhead_cpu_ms_per_record"] = round(
        out["dask2_cpu_ms_per_record"] - out["jobs1_cpu_ms_per_record"], 3
    )
    out["dask2_speedup"] = round(dask1 / dask2, 3)
    out["dask2_vs_jobs2"] = round(out["jobs2_median_seconds"] / dask2, 3)
    out["ms_per_article_per_worker"] = round(dask1 / articles * 1000, 3)
    return out


def _build_engine() -> None:
    from stancecli.pipeline import Engine

    Engine()


def report(d: dict[str, Any]) -> str:
    """One line for the printed report."""
    if d.get("status") != "ok":
        return f"dask: {d.get('status')}"
    return (
        f"dask: over {d['file_mb']} MB of JSONL ({d['articles']:,} articles), MB/s: "
        f"--jobs 1 {d['jobs1_mb_per_s']}, --jobs 2 {d['jobs2_mb_per_s']}, "
        f"1 Dask worker {d['dask1_mb_per_s']}, 2 Dask workers {d['dask2_mb_per_s']} "
        f"(2 vs 1 worker {d['dask2_speedup']}x, vs --jobs 2 {d['dask2_vs_jobs2']}x); "
        f"wall overhead {d['overhead_ms_per_record']} ms a record on "
        f"{d['ms_per_article_per_worker']} ms a record per worker; CPU ms a record: "
        f"--jobs 1 {d['jobs1_cpu_ms_per_record']}, --jobs 2 {d['jobs2_cpu_ms_per_record']}, "
        f"1 worker {d['dask1_cpu_ms_per_record']}, 2 workers {d['dask2_cpu_ms_per_record']} "
        f"(overhead {d['overhead_cpu_ms_per_record']}); cluster start "
        f"{d['dask2_cluster_start_seconds']} s, engine build {d['dask2_engine_build_seconds']} s; "
        f"same cells: {d['identical']}"
    )


if __name__ == "__main__":  # python bench/dask_scaling.py CORPUS.jsonl [--reps N]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    figures = measure(args.jsonl, args.reps, lambda m: print(m, file=sys.stderr))
    print(json.dumps(figures, indent=1))
    print(report(figures))
