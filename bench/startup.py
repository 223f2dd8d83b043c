"""Cold start-up of `stance compare --format json` on the bundled corpus beside the import floor.

    python bench/startup.py [--reps N]

stancecli's bytecode is written first (see `byte_compile`). Fresh processes, one untimed
run of each first (warm disk cache), then N timed runs of each,
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


def byte_compile() -> bool:
    """Write stancecli's bytecode, as installing a wheel does, before start-up is timed.

    An editable install has none until a first run writes it, and with
    PYTHONDONTWRITEBYTECODE set (as on the machines these figures come from) no run ever
    does: every start would then compile all of stancecli from source, about 0.1 s that
    no installed copy pays. The typer/rich/rapidfuzz floor is compiled already (pip
    compiles what it installs), so this measures both sides alike.
    """
    import compileall

    import stancecli

    return bool(compileall.compile_dir(Path(stancecli.__file__).parent, quiet=1))


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
    byte_compile()
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
