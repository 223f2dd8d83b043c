"""Cold start-up of `stance compare --format json` on the bundled corpus beside the import floor.

    python bench/startup.py [--reps N]

Fresh processes, one untimed run of each first (warm disk cache), then N timed runs of each,
interleaved so a burst of load from another job hits both alike. The minimum is printed
beside the median: on a shared machine the minimum is the steadier estimate of the cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def commands() -> dict[str, list[str]]:
    script = Path(sys.executable).with_name("stance")
    stance = [str(script)] if script.exists() else [sys.executable, "-m", "stancecli"]
    return {
        "stance_compare": [*stance, "compare", "--format", "json"],
        "import_typer_rich_rapidfuzz": [sys.executable, "-c", "import typer, rich, rapidfuzz"],
        "python_pass": [sys.executable, "-c", "pass"],
    }


def time_commands(reps: int) -> dict[str, list[float]]:
    """Wall seconds of each command's runs."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    runs: dict[str, list[float]] = {name: [] for name in commands()}
    for command in commands().values():
        subprocess.run(command, check=False, **quiet)  # type: ignore[call-overload]
    for _ in range(reps):
        for name, command in commands().items():
            started = time.perf_counter()
            subprocess.run(command, check=False, **quiet)  # type: ignore[call-overload]
            runs[name].append(time.perf_counter() - started)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args()
    runs = time_commands(args.reps)
    for name, seconds in runs.items():
        print(f"{name:30} min {min(seconds):.3f} s  median {statistics.median(seconds):.3f} s")
    floor = runs["import_typer_rich_rapidfuzz"]
    compare = runs["stance_compare"]
    print(
        f"startup_vs_imports: min/min {min(compare) / min(floor):.2f}  "
        f"median/median {statistics.median(compare) / statistics.median(floor):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
