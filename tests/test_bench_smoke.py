"""The benchmark harness (bench/run.py) works end to end, on a corpus of a few dozen articles.

It is a check of the harness, not a timed test: speed is the benchmark's own business and
a shared CI machine would make any time limit flaky. It runs the script as a user would, in
a subprocess, so spaCy's and multiprocessing's side effects stay out of the test process.
The bench extras are not part of `[test]`, so without them the test skips.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "bench" / "run.py"
RATIOS = (
    "full_vs_flashtext",
    "matcher_vs_pyahocorasick",
    "variant_recall",
    "false_positive_rate",
    "jobs2_speedup",
    "startup_vs_imports",
    "peak_mb_1gb",
    "hostile_vs_news",
)
SKIPPED_IN_SMOKE = "peak_mb_1gb"  # the 1 GB JSONL run takes minutes: --smoke leaves it out

pytestmark = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("flashtext", "ahocorasick", "spacy")),
    reason="bench extras not installed (pip install -e '.[bench]')",
)


def test_smoke_run_prints_ratios_last_and_writes_them_as_json(tmp_path: Path) -> None:
    out = tmp_path / "smoke.json"
    proc = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--cache-dir", str(tmp_path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("ratios: ")
    printed = dict(item.split("=") for item in last.removeprefix("ratios: ").split())
    assert tuple(printed) == RATIOS

    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result["ratios"]) == set(RATIOS)
    assert printed[SKIPPED_IN_SMOKE] == "n/a" and result["ratios"][SKIPPED_IN_SMOKE] is None
    assert result["memory_1gb"]["status"] == "skipped"
    for key in RATIOS:
        if key == SKIPPED_IN_SMOKE:
            continue
        assert result["ratios"][key] is not None, key
        assert (
            printed[key]
            == f"{result['ratios'][key]:.{4 if 'rate' in key or 'recall' in key else 3}f}"
        )
    names = {row["name"] for row in result["rows"]}
    assert {"flashtext", "pyahocorasick", "ours: matcher", "ours: full analysis"} <= names
    assert all(row["seconds"] and row["matches"] for row in result["rows"])
    # Planted spans line up with the loaded text: every exact pack phrase is found.
    assert result["quality"]["exact_recall"] >= 0.95
    assert result["quality"]["variants"] > 0 and result["quality"]["traps"] > 0
    assert result["jobs"]["identical"], "2 workers must give the serial comparison's cells"
    assert result["corpus"]["articles"] >= 40
    # The inputs of issue 13 ran, long variants too, and gave the right cells.
    names = [run["name"] for run in result["hostile"]["runs"]]
    assert names == ["unpunctuated", "unpunctuated long", "sanctions", "sanctions long"]
    assert result["hostile"]["cells_ok"], result["hostile"]["runs"]
    if result["dask"]["status"] == "ok":  # the dask extra is there: 1 and 2 workers measured
        assert result["dask"]["identical"], "Dask workers must give the serial cells"
        assert result["dask"]["dask2_mb_per_s"] > 0 and result["dask"]["jobs2_mb_per_s"] > 0
        assert proc.stdout.strip().splitlines()[-1].startswith("ratios: ")
