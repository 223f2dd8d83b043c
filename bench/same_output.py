"""Is `stance compare --format json` byte-identical to a saved run? A speed change must say yes.

    python bench/same_output.py save DIR   # before a change: the JSON of every input set
    python bench/same_output.py check DIR  # after it: the same inputs, compared byte for byte

The input sets are the bundled corpus, the blind test sets and the bench's quick corpus
(built here if it is not cached), so a change that moves one cell anywhere is caught.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from corpus import SPECS, build_or_load  # noqa: E402


def inputs(folder: Path) -> dict[str, list[str]]:
    """Each set's name and the paths `stance compare` gets for it.

    The bench corpus is copied into `folder` on the first use: its cache key follows the
    installed packages (their descriptions are part of its text), so a `pip install`
    between save and check would otherwise compare two different corpora.
    """
    articles = folder / "bench_quick_articles"
    if not articles.exists():
        quick = build_or_load(SPECS["quick"], BENCH_DIR / ".cache")
        shutil.copytree(quick.article_dir, articles)
    sets: dict[str, list[str]] = {"bundled": []}  # no paths: the bundled sample corpus
    for name in ("heldout", "testset3", "testset4", "testset5"):
        sets[name] = [str(ROOT / "tests" / "data" / name)]
    sets["bench_quick"] = [str(articles)]
    return sets


def run(paths: list[str]) -> bytes:
    script = Path(sys.executable).with_name("stance")
    command = [str(script), "compare", "--format", "json", *paths]
    return subprocess.run(command, capture_output=True, check=False).stdout


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, folder = argv[0], Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    differ = []
    for name, paths in inputs(folder).items():
        out = run(paths)
        saved = folder / f"{name}.json"
        if mode == "save":
            saved.write_bytes(out)
            print(f"{name}: {len(out):,} bytes saved")
        elif saved.read_bytes() != out:
            differ.append(name)
            (folder / f"{name}.new.json").write_bytes(out)
            print(f"{name}: DIFFERS (new output in {folder / (name + '.new.json')})")
        else:
            print(f"{name}: identical ({len(out):,} bytes)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
