"""`--jobs 2` reads inputs in the workers (files, JSONL byte ranges) yet prints what
`--jobs 1` prints: the same cells, ids, skips, line numbers and exit code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.io import units
from stancecli.io.units import Piece, plan
from test_scale import SENTENCES

RANGE = 1500  # bytes: cuts the test exports into many ranges


def text(n: int) -> str:
    return " ".join(SENTENCES[(n * k) % len(SENTENCES)] for k in range(1, 4)) + f" Case {n}."


def export_lines() -> list[bytes]:
    """Records with every kind of trouble a line can have, in no tidy order."""
    lines: list[bytes] = [b"\n"] * 2000  # a first range of blank lines only
    for n in range(60):
        record: dict[str, str] = {"id": f"a{n % 45}", "title": f"Story {n}", "text": text(n)}
        if n % 7 == 3:
            record = {"id": "same", "text": text(n)}  # no title: a renamed id renames it
        if n % 11 == 5:
            record = {"text": text(n)}  # no id: named by its line
        lines.append(json.dumps(record).encode() + b"\n")
        if n % 9 == 4:
            lines.append(b'{"text": "unterminated\n')
        if n % 13 == 6:
            lines.append(json.dumps({"id": "copy", "text": text(n - 1).upper()}).encode() + b"\n")
        if n % 17 == 8:
            lines.append(b'{"id": "bytes", "text": "\x81\x8d\x8f"}\n')  # not UTF-8 nor cp1252
        if n % 19 == 2:
            lines.append(json.dumps({"id": "empty"}).encode() + b"\n")
    return lines + [b"\n"] * 2000  # and a last range of blank lines only


def outputs(inputs: list[str], jobs: str) -> list[tuple[int, str, str]]:
    runner = CliRunner()
    results = []
    for fmt in ("json", "jsonl", "csv", "table"):
        got = runner.invoke(app, ["compare", *inputs, "--format", fmt, "--jobs", jobs])
        assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
        results.append((got.exit_code, got.stdout, got.stderr))
    return results


@pytest.fixture(autouse=True)
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(units, "RANGE_BYTES", RANGE)


def test_two_workers_print_what_one_does_on_a_jsonl_with_bad_lines_and_repeats(
    tmp_path: Path,
) -> None:
    export = tmp_path / "wire.jsonl"
    export.write_bytes(b"".join(export_lines()))
    ranges = [p for p in plan([str(export)], range_bytes=RANGE) if isinstance(p, Piece)]
    assert len(ranges) > 5 and ranges[0].length is not None  # the file really is cut
    one, two = outputs([str(export)], "1"), outputs([str(export)], "2")
    assert one == two
    code, stdout, stderr = one[0]
    assert code == 3  # some lines skipped
    assert "wire.jsonl:2007: not valid JSON" in stderr  # the file's own line numbers
    assert "wire.jsonl:2010: duplicate of wire:2008" in stderr
    assert "wire.jsonl:2013: not text in an encoding" in stderr
    ids = [a["id"] for a in json.loads(stdout)["articles"]]
    assert ids.index("same-2") < ids.index("same-3") and "a1-2" in ids  # in input order
    titles = {a["id"]: a["title"] for a in json.loads(stdout)["articles"]}
    assert titles["same-2"] == "same-2" and titles["a1-2"] == "Story 46"


def test_two_workers_print_what_one_does_on_a_folder(tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a.md").write_text("# Sanctions stay\n\n" + text(1))
    (root / "b" / "copy.txt").write_text("# SANCTIONS   stay\n" + text(1))  # a repeat
    (root / "b" / "deep" / "page.html").write_text(
        f"<html><head><title>NATO</title></head><body><article><p>{text(2)}</p>"
        f"<p>{text(3)}</p></article></body></html>"
    )
    (root / "b" / "empty.md").write_text("")
    (root / "b" / "image.txt").write_bytes(b"\x89PNG\x00\x00\x00" * 50)
    (root / "b" / "notes.docx").write_text("unknown type")
    (root / "b" / "set.json").write_text(json.dumps([{"text": text(4)}, {"title": "none"}]))
    (root / "c.jsonl").write_bytes(b"".join(export_lines()))
    (root / "d.jsonl").write_bytes(b"\n" * 20000)  # only blank lines: an empty file
    os.symlink(root / "a.md", root / "b" / "link.md")  # the same file twice: read once
    inputs = [str(root), str(root / "a.md"), str(tmp_path / "missing.md")]
    one, two = outputs(inputs, "1"), outputs(inputs, "2")
    assert one == two
    stderr = one[0][2]
    assert "d.jsonl: empty file" in stderr and "missing.md: no such file" in stderr
    assert "copy.txt: duplicate of a" in stderr and "c.jsonl:2007: not valid JSON" in stderr
