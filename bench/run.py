"""Is `stance` fast at scale? One run measures it beside the best keyword scanners.

    python bench/run.py            # the full corpus (>= 50 MB, >= 10,000 articles)
    python bench/run.py --quick    # about 5 MB, for development
    python bench/run.py --smoke    # a few seconds: checks the harness end to end
    python bench/run.py --profile  # cProfile of the whole analysis on the quick corpus

Everything is measured in one process on one corpus so the figures are comparable: each
throughput is the median of several repetitions over the same in-memory article texts (the
whole analysis also loads them from disk, as a user's run would). The last line printed is
`ratios: ...`, and the same figures, with every raw timing, go to a JSON file.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import inspect
import io
import json
import multiprocessing
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import dask_scaling  # noqa: E402
from corpus import (  # noqa: E402  (bench/ is a folder of scripts, not a package)
    DEFAULT_SEED,
    SPECS,
    Corpus,
    Planted,
    build_or_load,
    write_jsonl,
)
from hostile import TARGET as HOSTILE_TARGET  # noqa: E402
from hostile import hostile_ratio, run_hostile  # noqa: E402
from peers import (  # noqa: E402
    AhoCorasick,
    FlashText,
    OurMatcher,
    OurTokenizer,
    RegexAlternation,
    Scanner,
    SpacyPhrases,
    WordFloor,
    keyword_phrases,
)
from startup import byte_compile  # noqa: E402

from stancecli.io.loading import load_articles  # noqa: E402
from stancecli.models import (  # noqa: E402
    Article,
    ArticleInfo,
    Comparison,
    Judgement,
    Skipped,
    TopicStance,
)
from stancecli.pipeline import Engine, compare  # noqa: E402
from stancecli.topics import default_pack  # noqa: E402

CACHE_DIR = BENCH_DIR / ".cache"
RESULTS_DIR = BENCH_DIR / "results"
TARGETS = {
    "full_vs_flashtext": 1.0,
    "matcher_vs_pyahocorasick": 0.5,
    "variant_recall": 0.9,
    "false_positive_rate": 0.01,  # at most
    "jobs2_speedup": 1.8,
    "startup_vs_imports": 2.0,  # at most
    "peak_mb_1gb": 300.0,  # at most
    "hostile_vs_news": HOSTILE_TARGET,  # at most
}
AT_MOST = frozenset({"false_positive_rate", "startup_vs_imports", "peak_mb_1gb", "hostile_vs_news"})
# The memory target is of a real JSONL file of this size, built from the corpus's articles.
GB_BYTES = 1_000_000_000
# The hostile inputs (bench/hostile.py) at this share of their real sizes: the smoke run
# only checks the harness; --quick leaves out the 20 MB variants, which take minutes.
HOSTILE_SCALE = {"smoke": 0.02, "quick": 1.0, "full": 1.0}
# The slow peers (regex ~2 MB/s, spaCy ~5 MB/s) scan a sample of this size, every n-th
# article, so the whole run stays under ten minutes; their MB/s is over the sample.
SAMPLE_BYTES = 6_000_000
DEFAULT_REPS = {"smoke": 1, "quick": 3, "full": 3}
STARTUP_REPS = {"smoke": 1, "quick": 5, "full": 7}


def log(message: str) -> None:
    """Progress goes to stderr so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- timing


@dataclass
class Row:
    """One line of the throughput table."""

    name: str
    group: str  # "floor", "peer" or "ours"
    what: str
    seconds: list[float]
    mb: float  # MB (10^6 bytes, UTF-8) of article text it went through
    matches: int | None = None
    note: str = ""
    cpu_seconds: list[float] = field(default_factory=list)  # this process only

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def mb_per_s(self) -> float:
        return self.mb / self.median if self.seconds else float("nan")

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["median_seconds"] = round(self.median, 4)
        out["mb_per_s"] = round(self.mb_per_s, 3)
        out["seconds"] = [round(s, 4) for s in self.seconds]
        out["cpu_seconds"] = [round(s, 4) for s in self.cpu_seconds]
        return out


@dataclass
class Timing:
    """Wall and CPU seconds of each repetition, and the last repetition's result.

    Wall time is what a user waits and what the ratios use; CPU time of this process is
    kept beside it because this machine is shared, and a wall time much above the CPU
    time means another process had the core.
    """

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    result: Any = None


def timed(reps: int, prepare: Callable[[], None], run: Callable[[], Any]) -> Timing:
    """Run `reps` times, each after an untimed prepare and garbage collection."""
    timing = Timing()
    for _ in range(reps):
        prepare()
        timing.result = None
        gc.collect()
        cpu_started = time.process_time()
        started = time.perf_counter()
        timing.result = run()
        timing.wall.append(time.perf_counter() - started)
        timing.cpu.append(time.process_time() - cpu_started)
    return timing


def measure(scanner: Scanner, group: str, texts: Sequence[str], mb: float, reps: int) -> Row:
    try:
        t = timed(reps, scanner.prepare, lambda: scanner.scan(texts))
    except ImportError as exc:
        return Row(scanner.name, group, scanner.description, [], mb, None, f"n/a: {exc}")
    log(f"  {scanner.name}: {statistics.median(t.wall):.2f} s")
    return Row(scanner.name, group, scanner.description, t.wall, mb, t.result, cpu_seconds=t.cpu)


def utf8_mb(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


# --------------------------------------------------------------------------- quality


def score_quality(
    planted: Sequence[Sequence[Planted]], spans: Sequence[Sequence[tuple[int, int, str]]]
) -> dict[str, Any]:
    """Recall of planted variants (a mention of the right topic overlaps it) and the share
    of planted traps overlapped by any mention; with examples of each failure."""
    by_class: dict[str, list[int]] = {}
    missed: dict[str, list[str]] = {}
    fired: dict[str, list[str]] = {}
    per_trap: dict[str, list[int]] = {}
    traps = trap_hits = 0
    for items, found in zip(planted, spans, strict=True):
        for p in items:
            overlapping = [(s, e, t) for s, e, t in found if s < p.end and p.start < e]
            if p.kind == "trap":
                traps += 1
                counts = per_trap.setdefault(p.phrase, [0, 0])
                counts[0] += bool(overlapping)
                counts[1] += 1
                if overlapping:
                    trap_hits += 1
                    fired.setdefault(p.surface, []).append(overlapping[0][2])
                continue
            hit = any(t == p.topic for _, _, t in overlapping)
            counts = by_class.setdefault(p.cls, [0, 0])
            counts[0] += hit
            counts[1] += 1
            if (
                not hit
                and len(missed.setdefault(p.cls, [])) < 12
                and p.surface not in missed[p.cls]
            ):
                missed[p.cls].append(p.surface)
    variant_found = sum(c[0] for k, c in by_class.items() if k != "exact")
    variant_total = sum(c[1] for k, c in by_class.items() if k != "exact")
    return {
        "variant_recall": variant_found / variant_total if variant_total else float("nan"),
        "variants": variant_total,
        "variants_found": variant_found,
        "exact_recall": (
            by_class["exact"][0] / by_class["exact"][1] if by_class.get("exact") else float("nan")
        ),
        "recall_by_class": {k: round(c[0] / c[1], 4) for k, c in sorted(by_class.items())},
        "count_by_class": {k: c[1] for k, c in sorted(by_class.items())},
        "false_positive_rate": trap_hits / traps if traps else float("nan"),
        "traps": traps,
        "trap_hits": trap_hits,
        "traps_fired": {k: sorted(set(v)) for k, v in sorted(fired.items())},
        # Each kind of trap alike, whatever its weight in the mix: how many kinds fire.
        "trap_kinds": len(per_trap),
        "trap_kinds_fired": sum(1 for hit, _ in per_trap.values() if hit),
        "false_positive_rate_by_trap": {
            k: round(hit / n, 4) for k, (hit, n) in sorted(per_trap.items()) if hit
        },
        "missed_examples": missed,
    }


def exact_scanner_spans(
    aho: AhoCorasick, texts: Sequence[str], topic_of: dict[str, str]
) -> list[list[tuple[int, int, str]]]:
    """What an exact whole-word scanner finds, as (start, end, topic): the recall baseline."""
    return [[(s, e, topic_of[p.lower()]) for s, e, p in aho.spans(text)] for text in texts]


# --------------------------------------------------------------------------- parallel

_worker_engine: Engine | None = None


def _init_worker() -> None:
    global _worker_engine
    _worker_engine = Engine(default_pack())


def _analyze_chunk(
    paths: list[str],
) -> list[tuple[ArticleInfo, tuple[TopicStance, ...], tuple[Judgement, ...]]]:
    """Load and analyze one chunk of files in a worker; send back what a Comparison holds."""
    assert _worker_engine is not None
    loaded = load_articles(paths)
    out = []
    for article in loaded.articles:
        analysis = _worker_engine.analyze(article)
        out.append((analysis.info, analysis.cells, analysis.judgements))
    return out


def pipeline_has_jobs() -> bool:
    """Does `pipeline.compare` take `jobs` (the library behind `stance compare --jobs`)?"""
    return "jobs" in inspect.signature(compare).parameters


def compare_jobs(paths: Sequence[str], jobs: int, *, keep_judgements: bool) -> Comparison:
    """The whole analysis in `jobs` processes: the pipeline's own when it has them.

    `keep_judgements=False` is what `stance compare --jobs N` asks for (the judgements are
    only for the actor view); the library's default keeps them, and then every judgement
    is pickled back from the workers.
    """
    if not pipeline_has_jobs():
        return compare_parallel(paths, jobs)
    if not keep_judgements and workers_read_inputs():
        return compare_by_workers(paths, jobs)
    loaded = load_articles(list(paths))
    return compare(  # type: ignore[call-arg]
        loaded.articles, skipped=loaded.skipped, jobs=jobs, keep_judgements=keep_judgements
    )


def workers_read_inputs() -> bool:
    """Does this stancecli have workers that read their own files (`stancecli.workers`)?"""
    return importlib.util.find_spec("stancecli.workers") is not None


def compare_by_workers(paths: Sequence[str], jobs: int) -> Comparison:
    """What `stance compare --jobs N` does: the parent sends paths (and JSONL byte
    ranges), each worker reads and compares its own; ids and repeats settled in order."""
    from stancecli.pipeline import gather
    from stancecli.workers import analyze_inputs

    pack = default_pack()
    skipped: list[Skipped] = []

    def analyses() -> Iterator[Any]:
        for item in analyze_inputs(list(paths), pack, jobs=jobs, keep_judgements=False):
            if isinstance(item, Skipped):
                skipped.append(item)
            else:
                yield item.analysis

    c: Comparison = gather(analyses(), pack)
    return replace(c, skipped=tuple(skipped))


def compare_parallel(paths: Sequence[str], jobs: int) -> Comparison:
    """What a `--jobs N` would do, for a pipeline without one: chunks of files over N
    workers, one Engine each, in order; chunks are small (8 per worker) so a slow chunk
    does not leave a core idle at the end.
    """
    count = jobs * 8
    size = -(-len(paths) // count)
    chunks = [list(paths[i : i + size]) for i in range(0, len(paths), size)]
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init_worker) as pool:
        parts = pool.map(_analyze_chunk, chunks, chunksize=1)
    results = [item for part in parts for item in part]
    return Comparison(
        pack=default_pack(),
        articles=tuple(info for info, _, _ in results),
        cells=tuple(cell for _, cells, _ in results for cell in cells),
        judgements=tuple((info.id, j) for info, _, js in results for j in js),
    )


def load_and_compare(paths: Sequence[str]) -> Comparison:
    """The whole analysis as the library runs it: read files, then compare()."""
    loaded = load_articles(list(paths))
    return compare(loaded.articles, skipped=loaded.skipped)


# --------------------------------------------------------------------------- CLI


def stance_command() -> list[str]:
    script = Path(sys.executable).with_name("stance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "stancecli"]


def cli_reads_jsonl(workdir: Path) -> tuple[bool, str]:
    """Does `stance compare` read a .jsonl file as one article a line (not as one text)?"""
    probe = workdir / "probe.jsonl"
    write_jsonl(
        probe,
        [
            ("probe-one", "Probe one", "The sanctions should stay in place.\n"),
            ("probe-two", "Probe two", "It is time to lift sanctions.\n"),
        ],
    )
    proc = subprocess.run(
        [*stance_command(), "compare", "--format", "json", str(probe)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        ids = {a["id"] for a in json.loads(proc.stdout)["articles"]}
    except (ValueError, KeyError, TypeError):
        return False, f"exit {proc.returncode}: {proc.stderr.strip()[:200]}"
    if ids == {"probe-one", "probe-two"}:
        return True, "reads JSONL records"
    return False, f"a .jsonl file is read as {len(ids)} plain-text article(s): {sorted(ids)}"


_MAX_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def peak_memory(args: Sequence[str]) -> dict[str, Any]:
    """Peak memory and wall time of one CLI run.

    /usr/bin/time -v gives the largest single process; with worker processes (`--jobs`)
    what the machine must hold is their sum, so the process tree is also sampled with
    psutil every 50 ms when it is installed.
    """
    time_bin = "/usr/bin/time"
    if not os.path.exists(time_bin):
        return {"status": "n/a: /usr/bin/time is not installed"}
    try:
        import psutil
    except ImportError:
        psutil = None
    started = time.perf_counter()
    # stderr to a file, not a pipe: a run that warns more than a pipe holds (64 KB) while
    # this loop samples would block on the write, and never end.
    err = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")
    proc = subprocess.Popen(
        [time_bin, "-v", *stance_command(), *args],
        stdout=subprocess.DEVNULL,
        stderr=err,
        text=True,
    )
    tree_peak = 0
    if psutil is not None:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                members = [root, *root.children(recursive=True)]
                tree_peak = max(tree_peak, sum(_rss(m) for m in members if m.pid != proc.pid))
            except psutil.Error:
                pass
            time.sleep(0.05)
    proc.wait()
    err.seek(0)
    stderr = err.read()
    err.close()
    wall = time.perf_counter() - started
    match = _MAX_RSS.search(stderr)
    return {
        "status": "ok" if proc.returncode == 0 and match else f"exit {proc.returncode}",
        "exit_code": proc.returncode,
        "peak_rss_mb": round(int(match.group(1)) / 1024, 1) if match else None,
        "peak_tree_rss_mb": round(tree_peak / 2**20, 1) if tree_peak else None,
        "seconds": round(wall, 2),
        "command": "stance " + " ".join(a if len(a) < 60 else "..." + a[-40:] for a in args),
    }


def _rss(process: Any) -> int:
    try:
        return int(process.memory_info().rss)
    except Exception:  # the process ended between listing and reading it
        return 0


def cli_memory(corpus: Corpus, texts: Sequence[str], titles: Sequence[str]) -> dict[str, Any]:
    """Peak memory of `stance compare --format jsonl` over the corpus as one JSONL file.

    If the CLI cannot read JSONL, the probe says so and the figure is n/a; the same command
    over the folder of article files is measured instead, so a memory figure still exists.
    """
    with tempfile.TemporaryDirectory() as tmp:
        supported, why = cli_reads_jsonl(Path(tmp))
    out: dict[str, Any] = {"jsonl_input": supported, "probe": why}
    if supported:
        path = corpus.root / "corpus.jsonl"
        if not path.exists():
            ids = [p.stem for p in corpus.paths]
            write_jsonl(path, zip(ids, titles, texts, strict=True))
        out["jsonl"] = peak_memory(["compare", "--format", "jsonl", str(path)])
        out["jsonl"]["file_mb"] = round(path.stat().st_size / 1e6, 1)
    else:
        out["jsonl"] = {"status": f"n/a: the CLI cannot read JSONL yet ({why})"}
        log("  stance compare --format jsonl over the article folder instead ...")
        out["folder"] = peak_memory(["compare", "--format", "jsonl", str(corpus.article_dir)])
    return out


def gigabyte_jsonl(corpus: Corpus, texts: Sequence[str], titles: Sequence[str]) -> Path:
    """A JSONL file of at least 1 GB: the corpus's articles over and over, each with its own id.

    Built once per corpus and kept beside it; a year of news is a file like this, and peak
    memory over it is measured, not extrapolated from a small one.
    """
    path = corpus.root / "corpus-1gb-v2.jsonl"
    if path.exists() and path.stat().st_size >= GB_BYTES:
        return path
    ids = [p.stem for p in corpus.paths]
    tmp = path.with_name(path.name + ".tmp")
    written = 0
    with tmp.open("w", encoding="utf-8") as out:
        round_ = 0
        while written < GB_BYTES:
            for article_id, title, text in zip(ids, titles, texts, strict=True):
                if round_:  # stance reads a copy of a text as a duplicate: each is new
                    text = f"{text.rstrip()}\n\nFiled as edition {round_}.\n"
                record = {"id": f"{article_id}-{round_}", "title": title, "text": text}
                written += out.write(json.dumps(record) + "\n")
            round_ += 1
    tmp.replace(path)
    return path


def memory_1gb(corpus: Corpus, texts: Sequence[str], titles: Sequence[str]) -> dict[str, Any]:
    """Peak RSS of all processes of `stance compare --format jsonl --jobs 2` on 1 GB of JSONL."""
    log("bench: 1 GB JSONL, stance compare --format jsonl --jobs 2 (minutes) ...")
    path = gigabyte_jsonl(corpus, texts, titles)
    out = peak_memory(["compare", "--format", "jsonl", "--jobs", "2", str(path)])
    out["file_mb"] = round(path.stat().st_size / 1e6, 1)
    # the stance process and its workers: the largest single one when psutil is missing
    out["peak_mb"] = out.get("peak_tree_rss_mb") or out.get("peak_rss_mb")
    return out


def startup(reps: int) -> dict[str, Any]:
    """Median wall time of fresh processes: the CLI on the bundled corpus vs bare imports.

    Each command runs once untimed first, so the figures are of a warm disk cache: what is
    left is Python's own start-up, imports and the work itself. stancecli's bytecode is
    written first, as an installed wheel has it (`startup.byte_compile`).
    """
    commands = {
        "stance_compare": [*stance_command(), "compare", "--format", "json"],
        "import_typer_rich_rapidfuzz": [sys.executable, "-c", "import typer, rich, rapidfuzz"],
        "python_pass": [sys.executable, "-c", "pass"],
    }
    out: dict[str, Any] = {"bytecode_written": byte_compile()}
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    for name, command in commands.items():
        if reps > 1:  # warm the disk cache; the smoke run has no time for it
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        runs = []
        for _ in range(reps):
            started = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            runs.append(time.perf_counter() - started)
        out[name] = {"median_seconds": round(statistics.median(runs), 4), "seconds": runs}
    out["ratio"] = round(
        out["stance_compare"]["median_seconds"]
        / out["import_typer_rich_rapidfuzz"]["median_seconds"],
        2,
    )
    return out


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def import_times(reps: int) -> dict[str, Any]:
    """`python -X importtime -c "import stancecli.cli"`: the heaviest imports (median us)."""
    samples: dict[str, list[tuple[int, int, int]]] = {}
    for _ in range(max(reps, 1)):
        proc = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import stancecli.cli"],
            capture_output=True,
            text=True,
            check=False,
        )
        for self_us, cumulative_us, indent, name in _IMPORT_LINE.findall(proc.stderr):
            depth = (len(indent) - 1) // 2
            samples.setdefault(name, []).append((int(self_us), int(cumulative_us), depth))

    def med(name: str, i: int) -> int:
        return int(statistics.median(s[i] for s in samples[name]))

    # Packages are reported whole (a name without a dot, first imported anywhere in the
    # tree), and our own modules one by one, since those are the ones we can make lazy.
    packages = [n for n in samples if "." not in n and n != "stancecli"]
    ours = [n for n in samples if n.startswith("stancecli.")]
    heaviest = sorted(packages, key=lambda n: med(n, 1), reverse=True)[:12]
    by_self = sorted(ours, key=lambda n: med(n, 0), reverse=True)[:12]
    total = med("stancecli.cli", 1) if "stancecli.cli" in samples else None
    return {
        "total_ms": round(total / 1000, 1) if total is not None else None,
        "top_level_cumulative_ms": {n: round(med(n, 1) / 1000, 1) for n in heaviest},
        "stancecli_self_ms": {n: round(med(n, 0) / 1000, 1) for n in by_self},
    }


# --------------------------------------------------------------------------- machine


def _calibrate() -> float:
    """Wall / CPU time of a fixed pure-Python loop: about 1.0 on an idle core."""
    cpu_started = time.process_time()
    started = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i & 7
    cpu = time.process_time() - cpu_started
    return (time.perf_counter() - started) / cpu if cpu > 0 else float("nan")


def machine_load() -> dict[str, Any]:
    """How busy the machine is: other sessions share these cores and skew wall times."""
    out: dict[str, Any] = {"wall_over_cpu": round(_calibrate(), 3)}
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            out["loadavg"] = f.read().split()[:3]
    except OSError:
        pass
    try:
        with open("/proc/pressure/cpu", encoding="utf-8") as f:
            out["cpu_pressure_some"] = f.readline().strip()
    except OSError:
        pass
    return out


def machine_info() -> dict[str, Any]:
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if "model name" in line), "")
    except OSError:
        pass
    versions = {}
    for dist in ("stancecli", "rapidfuzz", "flashtext", "pyahocorasick", "spacy", "psutil"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    memory = None
    try:
        import psutil

        memory = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    try:
        revision = subprocess.run(
            ["git", "-C", str(BENCH_DIR), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        revision = ""
    return {
        "git": revision,  # "-dirty": the figures are of uncommitted code too
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory,
        "versions": versions,
    }


# --------------------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 2) -> str:
    if value is None or value != value:  # None or NaN
        return "n/a"
    return f"{value:.{digits}f}"


def ratio(ours: Row | None, peer: Row | None) -> float | None:
    if ours is None or peer is None or not ours.seconds or not peer.seconds:
        return None
    return ours.mb_per_s / peer.mb_per_s


def print_report(result: dict[str, Any], rows: Sequence[Row]) -> None:
    corpus = result["corpus"]
    print(
        f"stance benchmark ({result['mode']}): {corpus['articles']:,} articles, "
        f"{corpus['body_bytes'] / 1e6:.1f} MB, {corpus['planted_variants']:,} planted variants, "
        f"{corpus['planted_traps']:,} traps; median of {result['reps']} runs; "
        f"{result['machine']['cores']} cores, Python {result['machine']['python']}"
    )
    print()
    header = (
        f"{'scanner':<24} {'MB/s':>7} {'median s':>9} {'cpu s':>7}  {'runs (s)':<20} "
        f"{'matches':>9}  note"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        runs = " ".join(f"{s:.2f}" for s in row.seconds)
        matches = f"{row.matches:,}" if row.matches is not None else ""
        cpu = fmt(statistics.median(row.cpu_seconds)) if row.cpu_seconds else "-"
        print(
            f"{row.name:<24} {fmt(row.mb_per_s):>7} {fmt(row.median):>9} {cpu:>7}  {runs:<20} "
            f"{matches:>9}  {row.note or row.what}"
        )
    print()
    q = result["quality"]
    print(
        f"quality: variant recall {fmt(q['variant_recall'], 4)} "
        f"({q['variants_found']:,}/{q['variants']:,}), exact phrases {fmt(q['exact_recall'], 4)}, "
        f"false positives on traps {fmt(q['false_positive_rate'], 4)} "
        f"({q['trap_hits']}/{q['traps']})"
    )
    print(
        "  recall by class: "
        + ", ".join(
            f"{k} {v:.3f} (n={q['count_by_class'][k]})" for k, v in q["recall_by_class"].items()
        )
    )
    base = result["exact_baseline"]
    print(
        f"  an exact whole-word scanner (pyahocorasick) on the same plants: variant recall "
        f"{fmt(base['variant_recall'], 4)}, exact {fmt(base['exact_recall'], 4)}, "
        f"false positives {fmt(base['false_positive_rate'], 4)}"
    )
    for cls, examples in q["missed_examples"].items():
        print(f"  missed {cls}: {', '.join(examples[:8])}")
    if q["traps_fired"]:
        fired = ", ".join(f"{k} -> {'/'.join(v)}" for k, v in q["traps_fired"].items())
        print(
            f"  trap kinds that fire: {q['trap_kinds_fired']} of {q['trap_kinds']} "
            f"(weighted by news frequency in the rate above): {fired}"
        )
    jobs = result["jobs"]
    print()
    print(
        f"jobs: serial {fmt(jobs['serial_seconds'])} s, 2 workers {fmt(jobs['jobs2_seconds'])} s "
        f"(runs {' '.join(f'{s:.2f}' for s in jobs['jobs2_runs'])}), speedup "
        f"{fmt(jobs['speedup'])}x, same cells as serial: {jobs['identical']} ({jobs['note']})"
    )
    print(dask_scaling.report(result["dask"]))
    mem = result["cli_memory"]
    j = mem["jsonl"]
    if j.get("peak_rss_mb") is not None:
        print(
            f"memory: {j['command']}: peak RSS {j['peak_rss_mb']} MB (largest process), "
            f"{j.get('peak_tree_rss_mb')} MB (all processes) over a {j['file_mb']} MB "
            f"JSONL file, {j['seconds']} s"
        )
    else:
        print(f"memory: stance compare --format jsonl over JSONL: {j['status']}")
    f = mem.get("folder", {})
    if f:
        print(
            f"memory: stance compare --format jsonl over the article folder: peak RSS "
            f"{f.get('peak_rss_mb')} MB, {f.get('seconds')} s ({f.get('status')})"
        )
    big = result["memory_1gb"]
    if big.get("status") == "ok":
        print(
            f"memory, 1 GB: {big['command']}: {big['peak_mb']} MB peak RSS (all processes; "
            f"largest one {big['peak_rss_mb']} MB) over a {big['file_mb']} MB JSONL file, "
            f"{big['seconds']} s"
        )
    else:
        print(f"memory, 1 GB: {big['status']} (python bench/run.py --gigabyte runs it)")
    s = result["startup"]
    print(
        f"start-up: stance compare (bundled corpus) {s['stance_compare']['median_seconds']:.3f} s, "
        f"python -c 'import typer, rich, rapidfuzz' "
        f"{s['import_typer_rich_rapidfuzz']['median_seconds']:.3f} s, python -c pass "
        f"{s['python_pass']['median_seconds']:.3f} s: ratio {s['ratio']:.2f}"
    )
    load = result["machine_load"]
    print(
        "machine load (wall/cpu of a fixed loop, 1.0 = idle core; loadavg): "
        f"before {load['before']['wall_over_cpu']} {load['before'].get('loadavg')}, "
        f"after timings {load['after_timings']['wall_over_cpu']} "
        f"{load['after_timings'].get('loadavg')}"
    )
    imp = result["importtime"]
    heavy = ", ".join(f"{k} {v}" for k, v in list(imp["top_level_cumulative_ms"].items())[:8])
    own = ", ".join(f"{k} {v}" for k, v in list(imp["stancecli_self_ms"].items())[:6])
    print(f"import stancecli.cli: {imp['total_ms']} ms; heaviest packages (cumulative ms): {heavy}")
    print(f"  our own modules (self ms): {own}")
    print()
    h = result["hostile"]
    print(
        f"hostile inputs (load + compare; normal news {h['news_seconds_per_mb']:.3f} s/MB): "
        + ", ".join(
            f"{run['name']} {run['mb']:.1f} MB {run['seconds_per_mb']:.3f} s/MB "
            f"({run['vs_news']:.2f}x; CPU {run['cpu_vs_news']:.2f}x"
            f"{'' if run['cells_ok'] else ', WRONG CELLS'})"
            for run in h["runs"]
        )
    )
    r = result["ratios"]
    verdicts = []
    for key, target in TARGETS.items():
        value = r[key]
        ok = value is not None and (value <= target if key in AT_MOST else value >= target)
        sign = "<=" if key in AT_MOST else ">="
        verdicts.append(f"{key} {fmt(value, 3)} {sign} {target}: {'met' if ok else 'NOT met'}")
    print("targets: " + "; ".join(verdicts))
    print(
        f"ratios: full_vs_flashtext={fmt(r['full_vs_flashtext'], 3)} "
        f"matcher_vs_pyahocorasick={fmt(r['matcher_vs_pyahocorasick'], 3)} "
        f"variant_recall={fmt(r['variant_recall'], 4)} "
        f"false_positive_rate={fmt(r['false_positive_rate'], 4)} "
        f"jobs2_speedup={fmt(r['jobs2_speedup'], 3)} "
        f"startup_vs_imports={fmt(r['startup_vs_imports'], 3)} "
        f"peak_mb_1gb={fmt(r['peak_mb_1gb'], 1)} "
        f"hostile_vs_news={fmt(r['hostile_vs_news'], 3)}"
    )


# --------------------------------------------------------------------------- main


def run_benchmark(
    mode: str, reps: int, seed: int, cache_dir: Path, out: Path, *, gigabyte: bool
) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = machine_load()
    spec = SPECS[mode]
    corpus = build_or_load(spec, cache_dir, seed=seed, log=log)
    paths = [str(p) for p in corpus.paths]
    loaded = load_articles(paths)
    if loaded.skipped or len(loaded.articles) != len(paths):
        raise SystemExit(f"bench: corpus files were skipped: {loaded.skipped[:3]}")
    articles: Sequence[Article] = loaded.articles
    texts = [a.text for a in articles]
    for text, items in zip(texts, corpus.planted, strict=True):
        for p in items:
            if text[p.start : p.end] != p.surface:
                raise SystemExit(f"bench: planted span moved: {p}")
    mb = utf8_mb(texts)
    pack = default_pack()
    phrases = keyword_phrases(pack)
    log(f"bench: {len(texts):,} articles, {mb:.1f} MB, {len(phrases)} keyword phrases, {reps} reps")

    step = max(1, round(mb * 1e6 / SAMPLE_BYTES))
    sample = texts[::step]
    sample_mb = utf8_mb(sample)
    aho = AhoCorasick("pyahocorasick", "C Aho-Corasick automaton, lower-cased text", phrases)
    matcher = OurMatcher("ours: matcher", "tokenize + Matcher.find (fuzzy), fresh cache", pack=pack)
    floor = WordFloor("floor: re \\w+", "sum(1 for _ in re.finditer(r'\\w+', text))")
    flashtext = FlashText("flashtext", "KeywordProcessor.extract_keywords", phrases)
    regex = RegexAlternation("regex alternation", "one \\b(?:...)\\b IGNORECASE", phrases)
    spacy = SpacyPhrases("spacy PhraseMatcher", "blank('en') + PhraseMatcher(LOWER)", phrases)
    tokenizer = OurTokenizer("ours: tokenize only", "stancecli.text.tokenize")
    scanners: list[tuple[Scanner, str, Sequence[str], float]] = [
        (floor, "floor", texts, mb),
        (aho, "peer", texts, mb),
        (flashtext, "peer", texts, mb),
        (regex, "peer", sample, sample_mb),
        (spacy, "peer", sample, sample_mb),
        (tokenizer, "ours", texts, mb),
        (matcher, "ours", texts, mb),
    ]
    rows: list[Row] = []
    log("bench: scanners")
    for scanner, group, subset, subset_mb in scanners:
        # Tokenizing alone only splits the matcher's time in two: one run is enough for
        # that, and saves a minute of the ten the full run may take.
        row = measure(scanner, group, subset, subset_mb, 1 if scanner is tokenizer else reps)
        if subset is sample and step > 1 and row.seconds:
            row.note = f"on 1 article in {step} ({subset_mb:.1f} MB): {row.what}"
        if scanner is tokenizer and reps > 1:
            row.note = f"1 run: {row.what}"
        rows.append(row)

    log("bench: whole analysis (load files + compare)")
    serial: list[Comparison] = []

    def whole() -> None:
        serial.clear()
        serial.append(load_and_compare(paths))

    whole_timing = timed(reps, lambda: None, whole)
    full = Row(
        "ours: full analysis", "ours", "load files + segment + match + judge + aggregate",
        whole_timing.wall, mb, len(serial[0].cells), cpu_seconds=whole_timing.cpu,
    )  # fmt: skip
    rows.append(full)
    log(f"  full: {full.median:.2f} s")

    log("bench: hostile inputs (issue 13), load + compare")
    news_s_per_mb = full.median / mb
    news_cpu_s_per_mb = statistics.median(full.cpu_seconds) / mb
    hostile = run_hostile(
        texts, reps=reps, long=mode != "quick", scale=HOSTILE_SCALE[mode], log=log
    )

    log("bench: 2 workers")
    has_jobs = pipeline_has_jobs()
    setups = [("ours: full, 2 workers", True, "load + compare(jobs=2), judgements kept")]
    if has_jobs:  # the CLI's way, and the one the speed-up is of
        setups.append(("ours: 2 workers, cells", False, "as the CLI: workers read their files"))

    def in_two(keep: bool) -> Callable[[], Comparison]:
        return lambda: compare_jobs(paths, 2, keep_judgements=keep)

    identical = True
    jobs2_wall: list[float] = []
    for name, keep, what in setups:
        timing = timed(reps, lambda: None, in_two(keep))
        parallel: Comparison = timing.result
        identical = identical and parallel.cells == serial[0].cells
        identical = identical and parallel.articles == serial[0].articles
        rows.append(Row(name, "ours", what if has_jobs else "the same over a Pool(2)",
                        timing.wall, mb, len(parallel.cells)))  # fmt: skip
        timing.result = None
        del parallel
        jobs2_wall = timing.wall
        log(f"  {name}: {statistics.median(timing.wall):.2f} s")
    serial.clear()
    jobs2_median = statistics.median(jobs2_wall)

    quality = score_quality(corpus.planted, matcher.spans)
    topic_of = {
        phrase.lower(): topic.id
        for topic in pack.topics
        for variants in topic.keywords
        for phrase in variants
    }
    aho.prepare()
    baseline = score_quality(corpus.planted, exact_scanner_spans(aho, texts, topic_of))

    load_after = machine_load()
    log("bench: CLI peak memory")
    titles = [a.info.title for a in articles]
    memory = cli_memory(corpus, texts, titles)
    log("bench: 1 and 2 Dask workers vs --jobs 1 and --jobs 2, over the corpus as JSONL")
    jsonl = corpus.root / "corpus.jsonl"
    if not jsonl.exists():
        write_jsonl(jsonl, zip([p.stem for p in corpus.paths], titles, texts, strict=True))
    scaling = dask_scaling.measure(jsonl, reps, log)
    log("bench: start-up and import times")
    start = startup(STARTUP_REPS[mode])
    imports = import_times(STARTUP_REPS[mode] if mode != "smoke" else 1)
    big = memory_1gb(corpus, texts, titles) if gigabyte else {"status": "skipped"}

    by_name = {row.name: row for row in rows}
    ratios = {
        "full_vs_flashtext": ratio(full, by_name["flashtext"]),
        "matcher_vs_pyahocorasick": ratio(by_name["ours: matcher"], by_name["pyahocorasick"]),
        "variant_recall": quality["variant_recall"],
        "false_positive_rate": quality["false_positive_rate"],
        "jobs2_speedup": full.median / jobs2_median,
        "startup_vs_imports": start["ratio"],
        "peak_mb_1gb": big.get("peak_mb") if big.get("status") == "ok" else None,
        "hostile_vs_news": hostile_ratio(hostile, news_s_per_mb),
    }
    result: dict[str, Any] = {
        "mode": mode,
        "reps": reps,
        "ratios": {k: (round(v, 4) if v is not None else None) for k, v in ratios.items()},
        "targets": TARGETS,
        "rows": [row.as_json() for row in rows],
        "quality": quality,
        "exact_baseline": {
            k: baseline[k]
            for k in ("variant_recall", "exact_recall", "false_positive_rate", "recall_by_class")
        },
        "jobs": {
            "serial_seconds": full.median,
            "jobs2_seconds": jobs2_median,
            "jobs2_runs": jobs2_wall,
            "speedup": ratios["jobs2_speedup"],
            "identical": identical,
            "note": (
                "stancecli.workers: each worker reads its own files, what stance compare "
                "--jobs 2 runs"
                if has_jobs and workers_read_inputs()
                else "pipeline.compare(jobs=2, keep_judgements=False), what stance compare "
                "--jobs 2 runs"
                if has_jobs
                else "the pipeline has no jobs yet: the benchmark's own Pool(2) of Engines"
            ),
        },
        "hostile": {
            "news_seconds_per_mb": round(news_s_per_mb, 4),
            "news_cpu_seconds_per_mb": round(news_cpu_s_per_mb, 4),
            "runs": [run.as_json(news_s_per_mb, news_cpu_s_per_mb) for run in hostile],
            "cells_ok": all(run.ok for run in hostile),
        },
        "cli_memory": memory,
        "dask": scaling,
        "memory_1gb": big,
        "startup": start,
        "importtime": imports,
        "corpus": {**corpus.stats, "measured_mb": round(mb, 2), "path": str(corpus.root)},
        "machine": machine_info(),
        "machine_load": {"before": load_before, "after_timings": load_after},
    }
    result["total_seconds"] = round(time.perf_counter() - started, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    tmp.replace(out)
    print_report(result, rows)
    log(f"bench: {result['total_seconds']} s; results in {out}")
    return result


def run_profile(mode: str, seed: int, cache_dir: Path, top: int) -> None:
    """cProfile of load + compare on a corpus (the quick one unless --smoke/--full given)."""
    corpus = build_or_load(SPECS[mode], cache_dir, seed=seed, log=log)
    paths = [str(p) for p in corpus.paths]
    profiler = cProfile.Profile()
    profiler.enable()
    load_and_compare(paths)
    profiler.disable()
    dump = cache_dir / f"profile-{mode}.pstats"
    profiler.dump_stats(dump)
    for order in ("tottime", "cumulative"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(top)
        print(f"== by {order} ==")
        print(buffer.getvalue().split("\n\n", 2)[-1].rstrip())
    log(f"bench: profile written to {dump} (open with python -m pstats)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="a ~5 MB corpus, for development")
    size.add_argument("--smoke", action="store_true", help="a tiny corpus: checks the harness")
    parser.add_argument("--reps", type=int, help="repetitions per measurement (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="where corpora live")
    parser.add_argument("--out", type=Path, help="results JSON (default bench/results/latest.json)")
    parser.add_argument("--profile", action="store_true", help="profile the analysis instead")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    gb = parser.add_mutually_exclusive_group()
    gb.add_argument(
        "--gigabyte",
        action="store_true",
        default=None,
        help="peak memory on a 1 GB JSONL (default in the full run, not in --quick/--smoke)",
    )
    gb.add_argument(
        "--no-gigabyte", dest="gigabyte", action="store_false", help="skip the 1 GB JSONL run"
    )
    args = parser.parse_args(argv)
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    if args.profile:
        run_profile("quick" if mode == "full" else mode, args.seed, args.cache_dir, args.top)
        return 0
    out = args.out or (
        RESULTS_DIR / "latest.json" if mode == "full" else args.cache_dir / f"results-{mode}.json"
    )
    gigabyte = mode == "full" if args.gigabyte is None else args.gigabyte
    reps = args.reps or DEFAULT_REPS[mode]
    run_benchmark(mode, reps, args.seed, args.cache_dir, out, gigabyte=gigabyte)
    return 0


if __name__ == "__main__":
    sys.exit(main())
