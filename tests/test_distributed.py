"""On a Dask cluster: the same comparison as one process, and no record can sink a partition.

One LocalCluster(n_workers=2, processes=True) serves the module (starting one costs
seconds).
It is made with `allowed-failures` 0, so a task whose worker dies fails at once instead
of killing three more workers first: that keeps the dying-worker test to a few restarts.
Speed is not measured here (bench/run.py does); only what a user would see.
"""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is part of [test]")

import cloudpickle  # noqa: E402
import dask  # noqa: E402
import dask.bag as db  # noqa: E402
from distributed import Client, WorkerPlugin  # noqa: E402

from stancecli.cli import app  # noqa: E402
from stancecli.distributed import compare_bag, local_cluster, read_bag  # noqa: E402
from stancecli.render.formats import render_json  # noqa: E402
from test_scale import SENTENCES  # noqa: E402

RECORDS = 2000
BLOCKSIZE = 150_000  # bytes of JSONL per partition: six partitions of the corpus
POISON = "POISON-PILL"
# Each test module gets its own pickled copy of the fault injectors, so workers need not
# be able to import the tests.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def write_corpus(path: Path, count: int, seed: int, poison_at: int | None = None) -> Path:
    """JSONL records without ids (so ids are FILE:LINE), some texts repeated by chance,
    one line that is not JSON and one record with no text: the local run's skips."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, count + 1):
            if number == 40:
                handle.write('{"title": "broken", "text": \n')
                continue
            if number == 41:
                handle.write(json.dumps({"title": "no text here"}) + "\n")
                continue
            text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))
            if number == poison_at:
                text += f" {POISON}"
            handle.write(json.dumps({"title": f"Piece {number}", "text": text}) + "\n")
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        local_cluster(2, quiet=logging.CRITICAL) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "wire.jsonl", RECORDS, seed=5)


@pytest.fixture(scope="module")
def one_process(corpus: Path) -> dict[str, Any]:
    """What `stance compare --jobs 1 --format json` prints on the corpus."""
    result = CliRunner().invoke(app, ["compare", str(corpus), "-f", "json", "--jobs", "1"])
    assert result.exit_code == 3, result.output  # the bad line and the record without text
    data: dict[str, Any] = json.loads(result.stdout)
    assert any(s["reason"].startswith("duplicate of wire:") for s in data["skipped"])
    return data


def test_scheduler_prints_the_json_of_one_process(
    client: Client, corpus: Path, one_process: dict[str, Any]
) -> None:
    assert read_bag([str(corpus)], blocksize=BLOCKSIZE).npartitions >= 4
    result = CliRunner().invoke(
        app,
        ["compare", str(corpus), "-f", "json", "--scheduler", client.scheduler.address,
         "--blocksize", str(BLOCKSIZE)],
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    assert json.loads(result.stdout) == one_process  # articles, cells, skips: order included
    assert f"warning: {corpus}:40: not valid JSON" in result.stderr


def test_compare_bag_gives_the_cells_of_one_process(
    client: Client, corpus: Path, one_process: dict[str, Any]
) -> None:
    bag = read_bag([str(corpus)], blocksize=BLOCKSIZE)
    comparison = compare_bag(bag, evidence=1, client=client)
    assert json.loads(render_json(comparison)) == one_process

    # The caller's own bag of records: ids given as the local run made them up.
    lines = corpus.read_text(encoding="utf-8").splitlines()
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            records.append({**json.loads(line), "id": f"wire:{number}"})
        except json.JSONDecodeError:
            continue
    own = compare_bag(db.from_sequence(records, npartitions=5), evidence=1, client=client)
    assert json.loads(render_json(own))["cells"] == one_process["cells"]


def test_output_folder_gets_one_part_file_per_partition(
    client: Client, corpus: Path, one_process: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "cells"
    result = CliRunner().invoke(
        app,
        ["compare", str(corpus), "-f", "jsonl", "--scheduler", client.scheduler.address,
         "--blocksize", str(BLOCKSIZE), "--output", str(out)],
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    parts = sorted(out.iterdir())
    assert [p.name for p in parts] == [
        f"part-{n:05d}.jsonl"
        for n in range(read_bag([str(corpus)], blocksize=BLOCKSIZE).npartitions)
    ]
    rows = [json.loads(line) for p in parts for line in p.read_text().splitlines()]
    # A part resolves repeats within itself; a text repeated across parts is in both.
    repeats = {f"wire:{s['line']}" for s in one_process["skipped"] if "duplicate" in s["reason"]}
    kept = [(r["article"], r["topic"], r["stance"], r["score"]) for r in rows
            if r["article"] not in repeats]  # fmt: skip
    assert kept == [(c["article"], c["topic"], c["stance"], c["score"])
                    for c in one_process["cells"]]  # fmt: skip

    again = CliRunner().invoke(
        app,
        ["compare", str(corpus), "-f", "jsonl", "--scheduler", client.scheduler.address,
         "--output", str(out)],
    )  # fmt: skip
    assert again.exit_code == 2 and "not an empty folder" in again.stderr
    assert sorted(out.iterdir()) == parts


def _raise_on_poison() -> None:
    """Make this worker's engine fail on one record, as a bug would."""
    from stancecli.pipeline import Engine

    original = Engine.analyze

    def analyze(self: Engine, article: Any) -> Any:
        if POISON in article.text:
            raise RuntimeError("engine bug")
        return original(self, article)

    Engine.analyze = analyze  # type: ignore[method-assign]
    Engine.original_analyze = original  # type: ignore[attr-defined]


def _restore_engine() -> None:
    from stancecli.pipeline import Engine

    original = getattr(Engine, "original_analyze", None)
    if original is not None:
        Engine.analyze = original  # type: ignore[method-assign]


class DieOnPoison(WorkerPlugin):
    """On every worker, the ones started after a death too: exit the process on the
    poison record, as a segfault or the kernel's OOM killer would."""

    def setup(self, worker: Any) -> None:
        from stancecli.pipeline import Engine

        original = Engine.analyze

        def analyze(self: Engine, article: Any) -> Any:
            if POISON in article.text:
                os._exit(13)
            return original(self, article)

        Engine.analyze = analyze  # type: ignore[method-assign]
        Engine.original_analyze = original  # type: ignore[attr-defined]

    def teardown(self, worker: Any) -> None:
        _restore_engine()


def _compared_except(data: dict[str, Any], article: str) -> list[dict[str, Any]]:
    return [cell for cell in data["cells"] if cell["article"] != article]


def test_a_record_that_makes_the_engine_fail_is_skipped_with_its_line(
    client: Client, tmp_path: Path
) -> None:
    poisoned = write_corpus(tmp_path / "tainted.jsonl", 120, seed=9, poison_at=57)
    local = CliRunner().invoke(app, ["compare", str(poisoned), "-f", "json", "--jobs", "1"])
    expected = json.loads(local.stdout)
    client.run(_raise_on_poison)
    try:
        result = CliRunner().invoke(
            app,
            ["compare", str(poisoned), "-f", "json", "--scheduler", client.scheduler.address,
             "--blocksize", "8000"],
        )  # fmt: skip
    finally:
        client.run(_restore_engine)
    assert result.exit_code == 3, result.output
    data = json.loads(result.stdout)
    failed = [s for s in data["skipped"] if s["line"] == 57]
    assert len(failed) == 1 and failed[0]["path"] == str(poisoned)
    assert failed[0]["reason"].startswith("failed on worker tcp://")
    assert failed[0]["reason"].endswith("RuntimeError: engine bug")
    assert f"warning: {poisoned}:57: failed on worker" in result.stderr
    # Everything else, the poison's partition neighbours included, is compared as locally.
    assert [a["id"] for a in data["articles"]] == [
        a["id"] for a in expected["articles"] if a["id"] != "tainted:57"
    ]
    assert data["cells"] == _compared_except(expected, "tainted:57")


def test_without_the_extra_scheduler_is_one_line_naming_the_install(
    monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    result = CliRunner().invoke(app, ["compare", str(corpus), "--scheduler", "local:2"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'stancecli[dask]'" in lines[0], lines


def test_bad_scheduler_address_is_a_usage_error(corpus: Path) -> None:
    result = CliRunner().invoke(app, ["compare", str(corpus), "--scheduler", "8786"])
    assert result.exit_code == 2
    assert "tcp://HOST:8786, or local:N" in result.stderr


def test_output_folder_needs_a_scheduler(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["compare", str(corpus), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "needs --scheduler" in result.stderr
    assert not (tmp_path / "x").exists()


def test_a_run_without_scheduler_imports_no_dask() -> None:
    code = (
        "import sys, json\n"
        "from typer.testing import CliRunner\n"
        "from stancecli.cli import app\n"
        "import stancecli.distributed\n"
        "r = CliRunner().invoke(app, ['compare', '--format', 'json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "      if m.split('.')[0] in {'dask', 'distributed', 'fsspec', 'pyarrow'})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(proc.stdout) == []


def test_a_folder_of_articles_gives_the_json_of_one_process(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "op-eds"
    (folder / "2017").mkdir(parents=True)
    (folder / ".drafts").mkdir()
    rng = random.Random(2)
    for number in range(30):
        text = " ".join(rng.choice(SENTENCES) for _ in range(4))
        where = folder / ("2017" if number % 2 else "") / f"piece-{number:02}.md"
        where.write_text(f"---\ntitle: Piece {number}\n---\n{text}\n", encoding="utf-8")
    (folder / ".drafts" / "hidden.md").write_text("Lift the sanctions now.\n")
    (folder / "empty.txt").write_text("")
    local = CliRunner().invoke(app, ["compare", str(folder), "-f", "json", "--jobs", "1"])
    cluster = CliRunner().invoke(
        app, ["compare", str(folder), "-f", "json", "--scheduler", client.scheduler.address]
    )
    assert local.exit_code == cluster.exit_code == 3  # the empty file
    assert json.loads(cluster.stdout) == json.loads(local.stdout)


def test_parquet_rows_are_compared_as_the_same_records_in_jsonl(
    client: Client, tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(4)
    rows = [
        {"title": f"Piece {n}", "text": " ".join(rng.choice(SENTENCES) for _ in range(5))}
        for n in range(1, 81)
    ]
    (tmp_path / "parquet").mkdir()
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "parquet" / "wire.parquet")
    jsonl = tmp_path / "wire.jsonl"
    jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    from_parquet = compare_bag(read_bag([str(tmp_path / "parquet" / "wire.parquet")]),
                               client=client)  # fmt: skip
    from_jsonl = compare_bag(read_bag([str(jsonl)]), client=client)
    assert from_parquet.cells == from_jsonl.cells  # ids wire:1 ... wire:80 in both
    assert [a.title for a in from_parquet.articles] == [r["title"] for r in rows]


def test_a_record_that_kills_its_worker_is_skipped_and_the_rest_compared(
    client: Client, tmp_path: Path
) -> None:
    # Six small files, a partition each: no task is shared between partitions, so the
    # deaths this test causes (allowed-failures is 0 here) take down only their own.
    folder = tmp_path / "lethal"
    folder.mkdir()
    for day in range(6):
        write_corpus(
            folder / f"day-{day}.jsonl", 10, seed=11 + day, poison_at=3 if day == 2 else None
        )
    poisoned, killer = str(folder / "day-2.jsonl"), "day-2:3"
    local = CliRunner().invoke(app, ["compare", str(folder), "-f", "json", "--jobs", "1"])
    expected = json.loads(local.stdout)
    client.register_plugin(DieOnPoison(), name="die-on-poison")
    try:
        got = compare_bag(read_bag([str(folder)]), evidence=1, client=client)
    finally:
        client.unregister_worker_plugin("die-on-poison")
        client.wait_for_workers(2, timeout=120)  # leave the cluster whole
    died = [s for s in got.skipped if s.line == 3 and s.path == poisoned]
    assert len(died) == 1
    assert died[0].reason == "a worker died on this record (KilledWorker)"
    data = json.loads(render_json(got))
    assert data["articles"] == [a for a in expected["articles"] if a["id"] != killer]
    assert data["cells"] == _compared_except(expected, killer)
