"""`stance compare` imports only its own command module, and every command is still listed."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import typer.main

import stancecli.cli
from stancecli.cli import app
from stancecli.cli.app import COMMAND_MODULES


def test_every_command_module_is_in_the_table_under_its_command_name() -> None:
    modules = {m.name for m in pkgutil.iter_modules(stancecli.cli.__path__)}
    assert {m for m in modules if m.endswith("_cmd")} == set(COMMAND_MODULES.values())
    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMAND_MODULES)  # type: ignore[attr-defined]


_PROBE = """
import json, sys
from stancecli.cli import main
sys.argv = ["stance", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(m for m in sys.modules if m.startswith("stancecli.cli.") and m.endswith("_cmd"))
print(json.dumps(loaded), file=sys.stderr)
"""


def _loaded_commands(*args: str) -> tuple[str, list[str]]:
    import json

    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=False
    )
    return proc.stdout, json.loads(proc.stderr.strip().splitlines()[-1])


def test_compare_loads_only_the_compare_command_and_still_answers() -> None:
    out, loaded = _loaded_commands("compare", "--format", "json")
    assert loaded == ["stancecli.cli.compare_cmd"]
    assert '"articles"' in out


def test_help_lists_every_command() -> None:
    out, loaded = _loaded_commands("--help")
    assert len(loaded) == len(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        assert name in out


_UNNEEDED = ("hashlib", "_hashlib", "gzip", "base64", "csv", "glob", "tomllib", "tempfile")
_MODULES_PROBE = f"""
import sys
from stancecli.cli import main
sys.argv = ["stance", "compare", "--format", "json"]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in {_UNNEEDED!r} if m in sys.modules), file=sys.stderr)
"""


def test_a_compare_from_the_run_cache_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Each of these cost a cold start up to 2.5 ms (hashlib loads OpenSSL), and a run
    whose cache is warm uses none of them: they are imported where a run needs them."""
    env = {**os.environ, "STANCE_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _MODULES_PROBE],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        for _ in range(2)  # the first builds the cache entries
    ]
    assert all('"articles"' in run.stdout for run in runs)
    assert runs[1].stderr.strip().splitlines()[-1] == "[]"


_EXIT_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, file=sys.stderr))
from stancecli.cli import main
sys.argv = ["stance", "compare", "--format", "json"]
main()
"""


def test_the_exit_skips_collecting_but_runs_every_exit_callback(tmp_path: Path) -> None:
    """The exit's collection passes over a run's tables were a seventh of a cold start
    (see `collector.spare_the_exit`); the output and every atexit callback are as before."""
    env = {**os.environ, "STANCE_CACHE_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", _EXIT_PROBE], capture_output=True, text=True, check=False, env=env
    )
    assert proc.returncode == 0
    assert proc.stdout.rstrip().endswith("}") and '"articles"' in proc.stdout
    assert "frozen at exit: True" in proc.stderr
