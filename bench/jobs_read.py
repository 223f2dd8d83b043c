"""How much a second worker buys on one JSONL export, and what reading in the workers adds.

    python bench/jobs_read.py [JSONL] [--lines N] [--reps R]

Three ways over the same file, interleaved (one of each per rep), each a fresh process
printing `--format jsonl` to a file, timed in wall seconds and CPU seconds of all its
processes (on a loaded machine the CPU figure says more): `stance compare --jobs 1`;
`--jobs 2`, where the parent sends byte ranges and each worker reads its own
(stancecli.workers); and the old way, the parent reading every article and sending its
text to a Pool(2) (`pipeline.compare(iter_articles(...), jobs=2)`). It checks that
--jobs 2 printed the same bytes as --jobs 1. Without JSONL it takes the bench quick
corpus's corpus.jsonl.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CEILING_LOOP = 20_000_000


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def ceiling() -> float:
    """What two processes buy on this machine right now: a busy loop twice, one process
    and then two. On a machine other jobs share, --jobs 2 cannot beat this."""
    import multiprocessing

    start = time.perf_counter()
    _spin(CEILING_LOOP)
    _spin(CEILING_LOOP)
    serial = time.perf_counter() - start
    with multiprocessing.get_context("fork").Pool(2) as pool:
        start = time.perf_counter()
        pool.map(_spin, [CEILING_LOOP, CEILING_LOOP])
        return serial / (time.perf_counter() - start)


OLD_WAY = """
import sys
from stancecli.io.loading import iter_articles
from stancecli.models import Skipped
from stancecli.pipeline import compare
from stancecli.render.formats import render_article_jsonl
from stancecli.topics import default_pack
pack = default_pack()
items = (a for a in iter_articles([sys.argv[1]]) if not isinstance(a, Skipped))
with open(sys.argv[2], "w") as out:
    compare(items, pack, jobs=2, keep_judgements=False, retain=False,
            on_analysis=lambda a: out.write(render_article_jsonl(a.info, a.cells, pack)))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", nargs="?", type=Path)
    parser.add_argument("--lines", type=int, default=0, help="only the first N lines")
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args()
    source = args.jsonl or max(HERE.glob(".cache/quick-*/corpus.jsonl"), key=os.path.getmtime)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.jsonl"
        with source.open("rb") as src, path.open("wb") as dst:
            for number, line in enumerate(src, 1):
                if args.lines and number > args.lines:
                    break
                dst.write(line)
        mb = path.stat().st_size / 1e6
        stance = [sys.executable, "-m", "stancecli"]
        ways = {
            "jobs 1": stance + ["compare", "--format", "jsonl", "--jobs", "1", str(path)],
            "jobs 2 (workers read)": stance
            + ["compare", "--format", "jsonl", "--jobs", "2", str(path)],
            "jobs 2 (parent reads)": [sys.executable, "-c", OLD_WAY, str(path)],
        }
        times: dict[str, list[float]] = {name: [] for name in ways}
        cpu: dict[str, list[float]] = {name: [] for name in ways}
        outputs: dict[str, bytes] = {}
        for _ in range(args.reps):
            for name, command in ways.items():
                out = Path(tmp) / "out.jsonl"
                used = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                if command[1] == "-c":
                    subprocess.run([*command, str(out)], check=True)
                else:
                    with out.open("wb") as handle:
                        subprocess.run(command, stdout=handle, stderr=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
                outputs[name] = out.read_bytes()
        base = statistics.median(times["jobs 1"])
        print(f"two-process ceiling of this machine now (busy loop): x{ceiling():.2f}")
        print(f"{path.name}: {mb:.2f} MB from {source}, {args.reps} rep(s), load {os.getloadavg()}")
        for name, got in times.items():
            median = statistics.median(got)
            spent = statistics.median(cpu[name])
            print(
                f"  {name:24s} {median:7.2f} s  {mb / median:5.2f} MB/s  x{base / median:.2f}"
                f"  cpu {spent:6.2f} s (all processes)"
            )
        same = outputs["jobs 1"] == outputs["jobs 2 (workers read)"]
        print(f"  --jobs 2 printed the same bytes as --jobs 1: {same}")


if __name__ == "__main__":
    main()
